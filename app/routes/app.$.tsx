import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { RouteErrorBoundary } from "~/components/RouteErrors";
import { pageTitle } from "~/components/page-title";

// Any /app address no page answers: the app's own 404, inside the admin, with a way back.
export const meta: MetaFunction = () => [{ title: pageTitle("Page not found") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  throw new Response("Not found", { status: 404 });
};

export function ErrorBoundary() {
  return (
    <RouteErrorBoundary
      notFound="There is no page at this address."
      back={{ content: "Lab reports", url: "/app/lab-reports" }}
    />
  );
}
