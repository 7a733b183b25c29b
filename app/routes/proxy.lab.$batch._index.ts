import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { authenticateProxyRequest, respondWithBatch } from "~/storefront/batch-lookup.server";

// The shop's /apps/lab/<batch> (app proxy): that batch's published lab results.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const proxy = await authenticateProxyRequest(request, authenticate.public.appProxy);
  return respondWithBatch(db, proxy, params.batch ?? "");
};
