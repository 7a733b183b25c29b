import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { authenticateProxyRequest, respondWithSearch } from "~/storefront/batch-lookup.server";

// The shop's /apps/lab (app proxy): the batch search, or a batch when the form sent ?batch=.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const proxy = await authenticateProxyRequest(request, authenticate.public.appProxy);
  return respondWithSearch(db, proxy, new URL(request.url));
};
