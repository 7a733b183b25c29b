import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import type { MetaFunction } from "@remix-run/node";
import { errorPageTitle } from "~/components/page-title";

// Each page names itself in its own meta; these cover a page that does not, and errors.
export const meta: MetaFunction = ({ error }) => [
  { title: error ? errorPageTitle(error) : "Heady Lab Results" },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link rel="stylesheet" href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** The last resort, outside the admin's frame: plain words and a way back in. */
export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", padding: "2rem", maxWidth: "40rem" }}>
      <h1>{notFound ? "Page not found" : "Something went wrong"}</h1>
      <p>
        {notFound
          ? "There is no page at this address."
          : "This page could not be loaded. Nothing you saved was lost."}
      </p>
      <p>
        <a href="/app">Back to Heady Lab Results</a>
      </p>
    </main>
  );
}
