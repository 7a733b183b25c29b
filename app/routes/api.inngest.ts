import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { serve } from "inngest/remix";
import { env } from "~/env.server";
import { inngest } from "~/inngest/client";
import { functions } from "~/inngest/functions.server";

/**
 * Inngest calls this route to register (PUT), introspect (GET) and run (POST) the functions. Outside
 * the local dev server, the SDK runs a POST only when its X-Inngest-Signature verifies with
 * INNGEST_SIGNING_KEY (app/env.server.ts requires it in production). In production the functions
 * are registered at the app's own URL, never at one built from a request's Host header.
 */
const config = env();
const handler = serve({
  client: inngest,
  functions,
  ...(config.NODE_ENV === "production"
    ? { serveOrigin: config.SHOPIFY_APP_URL, servePath: "/api/inngest" }
    : {}),
});

export const loader = (args: LoaderFunctionArgs) => handler(args);
export const action = (args: ActionFunctionArgs) => handler(args);
