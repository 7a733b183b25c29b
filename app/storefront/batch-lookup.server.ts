import { z } from "zod";
import type { Db } from "~/models/database.server";
import { batchKey } from "~/pipeline/batch-key";
import { findPublishedBatch, findPublishedBatchFile } from "~/models/published-batch.server";
import {
  renderBatchPage,
  renderNotFoundPage,
  renderSearchPage,
  type LookupLinks,
} from "./lookup-page";

/**
 * The shopper's lookup page behind the app proxy (shopify.app.toml `[app_proxy]`: the shop's
 * /apps/lab/* is forwarded here with a signed query). Shopify signs `shop`, `path_prefix`,
 * `timestamp` and every other query parameter with the app's secret (shopify.dev, "Authenticate app
 * proxies"); `authenticate.public.appProxy` checks that signature and its age. Whatever a request
 * asks for, it only ever sees the signed shop's published batches.
 */

export type ProxyRequest = { shop: string; links: LookupLinks };

/** The identity an app proxy request carries once its signature has been checked. */
export type AppProxyAuthenticator = (request: Request) => Promise<unknown>;

const shopSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/);
// A merchant may move the proxy to another prefix and subpath (Online Store → App proxy); links on
// the page follow the signed `path_prefix`, falling back to the declared one.
const pathPrefixSchema = z
  .string()
  .regex(/^\/(apps|a|community|tools)\/[A-Za-z0-9_-]+$/)
  .catch("/apps/lab");

const BATCH_MAX = 100;
export const batchParamSchema = z.string().trim().min(1).max(BATCH_MAX);

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // The page has no script and no outside resource; the search form posts to the same origin.
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

function html(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      // Short: a republished batch should show within a minute.
      "Cache-Control": status === 200 ? "public, max-age=60" : "no-store",
      ...SECURITY_HEADERS,
    },
  });
}

function unauthorized(): Response {
  return new Response("This page must be opened through the shop's website.", {
    status: 401,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/**
 * Checks the app proxy signature; a missing, forged or expired one is a 401. The library answers
 * those with a thrown 400; the shopper (or a scanner of signatures) gets 401, as nothing is wrong
 * with the request's form, only with who sent it.
 */
export async function authenticateProxyRequest(
  request: Request,
  authenticate: AppProxyAuthenticator,
): Promise<ProxyRequest> {
  try {
    await authenticate(request);
  } catch (error) {
    if (error instanceof Response && (error.status === 400 || error.status === 401)) {
      throw unauthorized();
    }
    throw error;
  }
  const params = new URL(request.url).searchParams;
  const shop = shopSchema.safeParse(params.get("shop"));
  if (!shop.success) throw unauthorized();
  return {
    shop: shop.data,
    links: { pathPrefix: pathPrefixSchema.parse(params.get("path_prefix")) },
  };
}

export async function respondWithBatch(
  db: Db,
  proxy: ProxyRequest,
  batch: string,
): Promise<Response> {
  const parsed = batchParamSchema.safeParse(batch);
  const key = parsed.success ? batchKey(parsed.data) : null;
  const found = key ? await findPublishedBatch(db, proxy.shop, key) : null;
  if (!found) return html(renderNotFoundPage(proxy.links, batch.slice(0, BATCH_MAX)), 404);
  return html(renderBatchPage(proxy.links, found));
}

/** The search page, or the batch page when the search form sent `?batch=`. */
export async function respondWithSearch(db: Db, proxy: ProxyRequest, url: URL): Promise<Response> {
  const batch = url.searchParams.get("batch");
  if (batch !== null && batch.trim() !== "") return respondWithBatch(db, proxy, batch);
  return html(renderSearchPage(proxy.links));
}

export async function respondWithBatchFile(
  db: Db,
  proxy: ProxyRequest,
  batch: string,
): Promise<Response> {
  const parsed = batchParamSchema.safeParse(batch);
  const key = parsed.success ? batchKey(parsed.data) : null;
  const file = key ? await findPublishedBatchFile(db, proxy.shop, key) : null;
  if (!file) return html(renderNotFoundPage(proxy.links, batch.slice(0, BATCH_MAX)), 404);
  const safeName = `coa-${batch.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80)}.pdf`;
  return new Response(Buffer.from(file.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${safeName}"`,
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": "public, max-age=300",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
