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
import { Banner, BlockStack, Box, InlineStack, Link as PolarisLink, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { env } from "~/env.server";
import { PageSkeleton } from "~/components/PageSkeleton";
import appStyles from "~/components/description-preview.css?url";
import { merchantPages } from "~/composition/merchant-pages.server";
import type { PaymentNotice } from "~/merchant/payment-notice";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: appStyles },
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({
    apiKey: env().SHOPIFY_API_KEY,
    paymentNotice: await merchantPages.loadPaymentNotice(session.shop),
  });
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

function PaymentIssueBanner({ notice }: { notice: PaymentNotice }) {
  return (
    <Box paddingBlockStart="400" paddingInline="400">
      <Banner tone="critical" title={notice.title}>
        <BlockStack gap="200">
          <Text as="p">{notice.whatHappened}</Text>
          <Text as="p">{notice.whatToDo}</Text>
          <InlineStack gap="400">
            <PolarisLink url={notice.billingUrl} target="_top">
              Open Shopify billing settings
            </PolarisLink>
            <Link to="/app/billing">Plans</Link>
          </InlineStack>
        </BlockStack>
      </Banner>
    </Box>
  );
}

export default function App() {
  const { apiKey, paymentNotice: notice } = useLoaderData<typeof loader>();
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
        <Link to="/app/settings/api">API access</Link>
      </NavMenu>
      {notice ? <PaymentIssueBanner notice={notice} /> : null}
      <Pages />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so that their headers are included in the response.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
