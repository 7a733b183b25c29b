import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { authenticateProxyRequest, respondWithBatchFile } from "~/storefront/batch-lookup.server";

// The shop's /apps/lab/<batch>/coa.pdf (app proxy): the batch's certificate as published.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const proxy = await authenticateProxyRequest(request, authenticate.public.appProxy);
  return respondWithBatchFile(db, proxy, params.batch ?? "");
};
