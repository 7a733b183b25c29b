import { db } from "~/db.server";
import { env } from "~/env.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import {
  readProductVariants,
  readWholeCatalog,
  type WholeCatalog,
} from "~/integrations/shopify-admin-catalog.server";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import { STILL_READING, type CatalogMatchDeps } from "~/merchant/catalog-matches.server";
import type { ProductAssignmentDeps } from "~/merchant/product-assignment.server";
import { getLabReportFile } from "~/models/lab-report.server";
import { sharedReads } from "./shared-reads.server";

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
/** A stored COA does not change: its first page serves every later poll. */
const FIRST_PAGE_TTL_MS = 60 * 60_000;
/** How long a table's load waits for first pages; a read still going on is asked again next poll. */
const FIRST_PAGE_WAIT_MS = 2_000;

const catalogs = sharedReads<WholeCatalog>({ ttlMs: CATALOG_TTL_MS, maxEntries: MAX_CACHED_SHOPS });
const firstPages = sharedReads<string | null>({
  ttlMs: FIRST_PAGE_TTL_MS,
  // A page that could not be read (the reader timed out, say) is tried again a minute later.
  isFailure: (text) => text === null,
  failureTtlMs: 60_000,
  maxEntries: MAX_CACHED_PAGES,
});

/** A failed read is not kept: the next poll asks again. */
function cachedCatalog(shop: string, admin: AdminGraphql): Promise<WholeCatalog> {
  return catalogs.read(shop, () => readWholeCatalog(admin));
}

async function readFirstPage(shop: string, reportId: string): Promise<string | null> {
  const bytes = await getLabReportFile(db, shop, reportId);
  if (!bytes) return null;
  const read = await readPdfText(bytes, {
    maxPages: env().COA_MAX_PAGES,
    timeoutMs: env().COA_EXTRACTION_TIMEOUT_MS,
  });
  return read.ok
    ? (read.document.pages[0]?.items.map((i) => i.str).join(" ") ?? "").slice(0, MAX_PAGE_TEXT)
    : null;
}

/**
 * The report's first page, shared by concurrent polls. The PDF reader may be busy reading the
 * batch itself: a load waits FIRST_PAGE_WAIT_MS, then answers STILL_READING while the read goes on.
 */
async function firstPageText(
  shop: string,
  reportId: string,
): Promise<string | null | typeof STILL_READING> {
  const read = firstPages.read(`${shop}/${reportId}`, () =>
    readFirstPage(shop, reportId).catch(() => null),
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<typeof STILL_READING>((resolve) => {
    timer = setTimeout(() => resolve(STILL_READING), FIRST_PAGE_WAIT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([read, waited]);
  } finally {
    clearTimeout(timer);
  }
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
