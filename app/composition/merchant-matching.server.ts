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
import { boundedMap, sharedReads } from "./shared-reads.server";

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

const catalogs = sharedReads<WholeCatalog>({ ttlMs: CATALOG_TTL_MS, maxEntries: MAX_CACHED_SHOPS });
const firstPages = boundedMap<string, string | null>(MAX_CACHED_PAGES);

/** A failed read is not kept: the next poll asks again. */
function cachedCatalog(shop: string, admin: AdminGraphql): Promise<WholeCatalog> {
  return catalogs.read(shop, () => readWholeCatalog(admin));
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
