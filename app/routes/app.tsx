import { useEffect } from "react";
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Link,
  Outlet,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu, useAppBridge } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { authenticate } from "~/shopify.server";
import { env } from "~/env.server";
import { PageSkeleton } from "~/components/PageSkeleton";
import appStyles from "~/components/description-preview.css?url";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: appStyles },
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return json({ apiKey: env().SHOPIFY_API_KEY });
};

/**
 * While another page's data loads, its skeleton shows at once (and the admin's loading bar runs);
 * a form posting on the same page keeps the page and shows its own spinners.
 */
function Pages() {
  const navigation = useNavigation();
  const location = useLocation();
  const shopify = useAppBridge();
  const next = navigation.location;
  const changingPage =
    navigation.state === "loading" && next !== undefined && next.pathname !== location.pathname;
  useEffect(() => {
    shopify.loading(navigation.state !== "idle");
  }, [navigation.state, shopify]);
  return (
    <main id="main-content">
      {changingPage ? <PageSkeleton pathname={next.pathname} /> : <Outlet />}
    </main>
  );
}

export default function App() {
  const { apiKey } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app/lab-reports">Lab reports</Link>
        <Link to="/app/lab-reports/new">Upload a COA</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/billing">Plans</Link>
      </NavMenu>
      <Pages />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so that their headers are included in the response.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
