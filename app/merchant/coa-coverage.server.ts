import type { Db } from "~/models/database.server";
import { listCurrentReportFacts } from "~/models/published-report.server";
import { readFreshnessPolicy } from "~/models/shop.server";
import { uploadUrl } from "./upload-preselection.server";
import { coaCoverage, type CoverageRow, type OnSaleVariant } from "~/pipeline/coa-coverage";

/**
 * What the home page and the reports list show about the products on sale: which have no COA, a
 * stale one or one about to become stale, each with its next step. The catalog comes from
 * Shopify through `readVariantsOnSale`; when Shopify cannot answer the pages still load and say so.
 */

export type CoaCoveragePorts = {
  /** The variants of active products; null when Shopify is throttling or unavailable. */
  readVariantsOnSale(): Promise<{ variants: OnSaleVariant[]; truncated: boolean } | null>;
};

export type CoaCoverageRow = CoverageRow & {
  /** Where the merchant uploads a new COA for it. */
  uploadUrl: string;
};

export type CoaCoverageView =
  | {
      ok: true;
      rows: CoaCoverageRow[];
      /** Rows left out past `limit`. */
      more: number;
      counts: { missing: number; stale: number; soonStale: number; undated: number; fresh: number };
      checked: number;
      /** Only the first variants on sale were checked. */
      truncated: boolean;
      policy: { staleAfterMonths: number; warnDays: number };
    }
  | { ok: false; message: string };

export function uploadUrlFor(row: Pick<CoverageRow, "productId" | "variantId">): string {
  return uploadUrl(row.productId, row.variantId ? [row.variantId] : []);
}

export async function loadCoaCoverage(
  db: Db,
  ports: CoaCoveragePorts,
  shop: string,
  { limit = 25, now = new Date() }: { limit?: number; now?: Date } = {},
): Promise<CoaCoverageView> {
  const [policy, reports, onSale] = await Promise.all([
    readFreshnessPolicy(db, shop),
    listCurrentReportFacts(db, shop),
    ports.readVariantsOnSale(),
  ]);
  if (!onSale) {
    return {
      ok: false,
      message:
        "Shopify did not answer when we asked for your products, so COA freshness is not shown. Reload the page in a minute.",
    };
  }
  const coverage = coaCoverage(onSale.variants, reports, policy, now);
  return {
    ok: true,
    rows: coverage.rows.slice(0, limit).map((row) => ({ ...row, uploadUrl: uploadUrlFor(row) })),
    more: Math.max(0, coverage.rows.length - limit),
    counts: {
      missing: coverage.counts.missing,
      stale: coverage.counts.stale,
      soonStale: coverage.counts["soon-stale"],
      undated: coverage.counts.undated,
      fresh: coverage.counts.fresh,
    },
    checked: coverage.checked,
    truncated: onSale.truncated,
    policy: { staleAfterMonths: policy.staleAfterMonths, warnDays: policy.warnDays },
  };
}
