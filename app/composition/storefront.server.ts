import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";
import {
  authenticateProxyRequest,
  respondWithBatch,
  respondWithBatchFile,
  respondWithSearch,
} from "~/storefront/batch-lookup.server";

/**
 * The shopper-facing composition root: the lookup page's functions (app/storefront) on the app's
 * database, behind Shopify's app proxy signature check. Each route takes the one it calls.
 */
export const storefrontLookup = {
  authenticate: (request: Request) =>
    authenticateProxyRequest(request, authenticate.public.appProxy),
  search: async (request: Request) =>
    respondWithSearch(db, await storefrontLookup.authenticate(request), new URL(request.url)),
  batch: async (request: Request, batch: string) =>
    respondWithBatch(db, await storefrontLookup.authenticate(request), batch),
  batchFile: async (request: Request, batch: string) =>
    respondWithBatchFile(db, await storefrontLookup.authenticate(request), batch),
};
