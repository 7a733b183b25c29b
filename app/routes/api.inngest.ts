import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { serve } from "inngest/remix";
import { inngest } from "~/inngest/client";
import { functions } from "~/inngest/functions.server";

/** Inngest calls this route to register (PUT), introspect (GET) and run (POST) the functions. */
const handler = serve({ client: inngest, functions });

export const loader = (args: LoaderFunctionArgs) => handler(args);
export const action = (args: ActionFunctionArgs) => handler(args);
