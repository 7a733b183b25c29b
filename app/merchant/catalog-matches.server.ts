import { z } from "zod";
import type { CatalogProduct, WholeCatalog } from "~/integrations/shopify-admin-catalog.server";
import {
  HIGH_CONFIDENCE,
  matchCoaToCatalog,
  type CatalogEntry,
  type CatalogMatch,
  type CoaFacts,
} from "~/pipeline/catalog-match";
import type { Db } from "~/models/database.server";
import { listBatchReports, type BatchReportRow } from "~/models/lab-report-product.server";
import { readJson } from "~/models/json-column.server";
import { labReportStatusSchema, type LabReportStatus } from "~/models/lab-report.server";

/**
 * The matching table of a bulk upload: each report of the batch with what its COA says and the
 * product (and variant) the catalog matcher proposes, for the merchant to confirm or change before
 * anything is published. The catalog is read once (deps.readCatalog caches it per shop); a COA's
 * first page is read only when its extracted name alone gives no confident proposal. A first page
 * still being read (the PDF reader may be busy reading the batch) does not hold the table: the row
 * says its product is being looked for and the table stays live, so a later poll has the page (a
 * proposal that is about to change is never shown).
 */

/** `firstPageText`'s answer while the page is still being read. */
export const STILL_READING = Symbol("still reading");

export interface CatalogMatchDeps {
  db: Db;
  readCatalog(): Promise<WholeCatalog>;
  /**
   * The words of the report's first page (its stored PDF), null when it cannot be read, or
   * STILL_READING when the read has not finished within the deps' short wait (it goes on).
   */
  firstPageText(reportId: string): Promise<string | null | typeof STILL_READING>;
}

export type MatchingRowState =
  "reading" | "matching" | "failed" | "unmatched" | "proposed" | "linked";

export interface MatchingRow {
  id: string;
  fileName: string;
  status: LabReportStatus;
  state: MatchingRowState;
  errorMessage: string | null;
  /** What the COA says, once extracted. */
  coa: { productName: string | null; strain: string | null; batch: string | null } | null;
  /** The product it is linked to, once the merchant confirmed one. */
  linked: {
    productId: string;
    productTitle: string | null;
    variantCount: number;
    /** The chosen variants' titles found in the catalog (may be fewer than variantCount). */
    variantTitles: string[];
  } | null;
  proposal: (CatalogMatch & { high: boolean }) | null;
}

export interface MatchingTable {
  rows: MatchingRow[];
  /** The catalog read stopped at its page limit: a product not proposed may still exist. */
  catalogComplete: boolean;
  /** Shopify could not be asked for the catalog just now: rows wait for the merchant's choice. */
  catalogUnavailable: boolean;
  /** Some report (or a first page for its proposal) is still being read: the page polls. */
  live: boolean;
}

const factsSchema = z
  .object({
    sample: z.object({
      productName: z.string().nullable(),
      strain: z.string().nullable(),
      batch: z.string().nullable(),
    }),
  })
  .nullable();

const READING: ReadonlySet<LabReportStatus> = new Set(["queued", "extracting"]);

export function toCatalogEntries(products: CatalogProduct[]): CatalogEntry[] {
  return products.map((p) => ({ id: p.id, title: p.title, variants: p.variants }));
}

async function propose(
  deps: CatalogMatchDeps,
  row: BatchReportRow,
  facts: CoaFacts,
  catalog: CatalogEntry[],
): Promise<CatalogMatch | null | typeof STILL_READING> {
  const byName = matchCoaToCatalog(facts, catalog);
  if (byName && byName.confidence >= HIGH_CONFIDENCE) return byName;
  const page = await deps.firstPageText(row.id);
  if (page === STILL_READING) return page;
  return page ? matchCoaToCatalog({ ...facts, documentText: page }, catalog) : byName;
}

/** The batch's rows (or every report still waiting for a product) with their proposals. */
export async function loadMatchingTable(
  deps: CatalogMatchDeps,
  shop: string,
  reportIds: readonly string[] | null,
): Promise<MatchingTable> {
  const rows = await listBatchReports(deps.db, shop, reportIds);
  // Linked rows with chosen variants are named from the same (cached) catalog read.
  const needsCatalog = rows.some(
    (r) => (!r.productId && r.report) || (r.productId && r.variantIds.length > 0),
  );
  let catalog: WholeCatalog = { products: [], complete: true };
  let catalogUnavailable = false;
  if (needsCatalog) {
    try {
      catalog = await deps.readCatalog();
    } catch (error) {
      // A Response is shopify-app-remix asking to authenticate again: it must reach Remix.
      if (error instanceof Response) throw error;
      catalogUnavailable = true;
    }
  }
  const entries = toCatalogEntries(catalog.products);
  const variantTitles = new Map(
    catalog.products.flatMap((p) => p.variants.map((v) => [v.id, v.title] as const)),
  );
  // Rows are proposed together, so first pages still being read wait out one short wait, not one each.
  const out = await Promise.all(
    rows.map(async (row): Promise<MatchingRow> => {
      const status = labReportStatusSchema.catch("failed").parse(row.status);
      const coa = readJson(row.report, factsSchema, null)?.sample ?? null;
      const base = {
        id: row.id,
        fileName: row.fileName,
        status,
        errorMessage: row.errorMessage,
        coa,
        linked: row.productId
          ? {
              productId: row.productId,
              productTitle: row.productTitle,
              variantCount: row.variantIds.length,
              variantTitles: row.variantIds.flatMap((id) => variantTitles.get(id) ?? []),
            }
          : null,
        proposal: null,
      };
      if (row.productId) return { ...base, state: "linked" };
      if (status === "failed" && !coa) return { ...base, state: "failed" };
      if (!coa || READING.has(status)) return { ...base, state: "reading" };
      const match = await propose(deps, row, coa, entries);
      if (match === STILL_READING) return { ...base, state: "matching" };
      return {
        ...base,
        state: match ? "proposed" : "unmatched",
        proposal: match && { ...match, high: match.confidence >= HIGH_CONFIDENCE },
      };
    }),
  );
  return {
    rows: out,
    catalogComplete: catalog.complete,
    catalogUnavailable,
    live: out.some((r) => r.state === "reading" || r.state === "matching"),
  };
}
