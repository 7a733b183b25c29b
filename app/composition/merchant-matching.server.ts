import { db } from "~/db.server";
import { env } from "~/env.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import {
  readProductVariants,
  readWholeCatalog,
  type WholeCatalog,
} from "~/integrations/shopify-admin-catalog.server";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import type { CatalogMatchDeps } from "~/merchant/catalog-matches.server";
import type { ProductAssignmentDeps } from "~/merchant/product-assignment.server";
import { getLabReportFile } from "~/models/lab-report.server";

/**
 * The composition root of product assignment and bulk matching: the app's database, the request's
 * Admin API, the shared PDF reader, and two small per-process caches so a matching table that
 * polls while its reports are read asks Shopify for the catalog once per batch, not per poll.
 */

/** A catalog read serves one batch's table for this long; a product added since is in the picker. */
const CATALOG_TTL_MS = 10 * 60_000;
const MAX_CACHED_SHOPS = 50;
const MAX_CACHED_PAGES = 500;
/** Enough of a first page to find a product title on it. */
const MAX_PAGE_TEXT = 8_000;

/** A Map that forgets its oldest entry past `limit` (insertion order). */
function bounded<K, V>(limit: number) {
  const map = new Map<K, V>();
  return {
    get: (key: K) => map.get(key),
    set(key: K, value: V) {
      map.delete(key);
      map.set(key, value);
      while (map.size > limit) map.delete(map.keys().next().value as K);
    },
    delete: (key: K) => map.delete(key),
  };
}

const catalogs = bounded<string, { at: number; read: Promise<WholeCatalog> }>(MAX_CACHED_SHOPS);
const firstPages = bounded<string, string | null>(MAX_CACHED_PAGES);

function cachedCatalog(shop: string, admin: AdminGraphql, now = Date.now()): Promise<WholeCatalog> {
  const cached = catalogs.get(shop);
  if (cached && now - cached.at < CATALOG_TTL_MS) return cached.read;
  const read = readWholeCatalog(admin);
  // A failed read is not kept: the next poll asks again.
  read.catch(() => catalogs.delete(shop));
  catalogs.set(shop, { at: now, read });
  return read;
}

async function firstPageText(shop: string, reportId: string): Promise<string | null> {
  const key = `${shop}/${reportId}`;
  const known = firstPages.get(key);
  if (known !== undefined) return known;
  const bytes = await getLabReportFile(db, shop, reportId);
  let text: string | null = null;
  if (bytes) {
    const read = await readPdfText(bytes, {
      maxPages: env().COA_MAX_PAGES,
      timeoutMs: env().COA_EXTRACTION_TIMEOUT_MS,
    });
    text = read.ok
      ? (read.document.pages[0]?.items.map((i) => i.str).join(" ") ?? "").slice(0, MAX_PAGE_TEXT)
      : null;
  }
  firstPages.set(key, text);
  return text;
}

export function catalogMatchDeps(shop: string, admin: AdminGraphql): CatalogMatchDeps {
  return {
    db,
    readCatalog: () => cachedCatalog(shop, admin),
    firstPageText: (reportId) => firstPageText(shop, reportId),
  };
}

export function productAssignmentDeps(admin: AdminGraphql): ProductAssignmentDeps {
  return { db, readProduct: (productId) => readProductVariants(admin, productId) };
}
