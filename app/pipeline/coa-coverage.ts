import { coaFreshness, type Freshness, type FreshnessPolicy } from "./coa-freshness";

/**
 * Which COA each product and variant on sale shows, and which of them need a new one: no COA, a
 * stale one, one about to become stale, or one whose test date is unknown. A variant shows the
 * latest report published for it, else the latest published for the whole product — the same
 * rule as the batch record references (app/pipeline/lab-report-entry.ts). Framework-free; the
 * catalog, the reports and the clock come in.
 */

export type PublishedReportFacts = {
  id: string;
  productId: string;
  /** The variants the report was published for; empty: the whole product. */
  variantIds: string[];
  batch: string | null;
  publishedAt: Date;
  /** ISO dates from the extracted report. */
  dateTested: string | null;
  voidAfter?: string | null;
};

export type OnSaleVariant = {
  productId: string;
  productTitle: string;
  variantId: string;
  variantTitle: string;
  /** A product with only Shopify's "Default Title" variant is shown as the product alone. */
  onlyDefaultVariant: boolean;
};

export type CoverageState = "missing" | "stale" | "soon-stale" | "undated";

export type CoverageRow = {
  productId: string;
  productTitle: string;
  /** null: the row stands for the whole product (all its variants are alike). */
  variantId: string | null;
  variantTitle: string | null;
  state: CoverageState;
  report: {
    id: string;
    batch: string | null;
    dateTested: string | null;
    staleOn: string | null;
    daysLeft: number | null;
  } | null;
};

export type Coverage = {
  rows: CoverageRow[];
  counts: Record<CoverageState | "fresh", number>;
  /** Variants looked at. */
  checked: number;
};

function newer(a: PublishedReportFacts, b: PublishedReportFacts | undefined): boolean {
  if (!b) return true;
  const t = a.publishedAt.getTime() - b.publishedAt.getTime();
  return t > 0 || (t === 0 && a.id > b.id);
}

/** The latest published report per owner: `product:<id>` (whole product) and `variant:<id>`. */
export function currentReportsByOwner(
  reports: PublishedReportFacts[],
): Map<string, PublishedReportFacts> {
  const current = new Map<string, PublishedReportFacts>();
  const offer = (key: string, report: PublishedReportFacts) => {
    if (newer(report, current.get(key))) current.set(key, report);
  };
  for (const report of reports) {
    if (report.variantIds.length === 0) offer(`product:${report.productId}`, report);
    for (const variantId of report.variantIds) offer(`variant:${variantId}`, report);
  }
  return current;
}

/** The reports that are some product's or variant's current COA (the rest are history). */
export function currentReports(reports: PublishedReportFacts[]): PublishedReportFacts[] {
  const unique = new Map<string, PublishedReportFacts>();
  for (const report of currentReportsByOwner(reports).values()) unique.set(report.id, report);
  return [...unique.values()];
}

const ORDER: Record<CoverageState, number> = {
  stale: 0,
  missing: 1,
  "soon-stale": 2,
  undated: 3,
};

function stateOf(freshness: Freshness | null): CoverageState | "fresh" {
  if (!freshness) return "missing";
  if (freshness.state === "unknown") return "undated";
  return freshness.state;
}

export function coaCoverage(
  onSale: OnSaleVariant[],
  reports: PublishedReportFacts[],
  policy: FreshnessPolicy,
  now: Date,
): Coverage {
  const current = currentReportsByOwner(reports);
  const counts: Coverage["counts"] = {
    missing: 0,
    stale: 0,
    "soon-stale": 0,
    undated: 0,
    fresh: 0,
  };
  const byProduct = new Map<string, { variant: OnSaleVariant; row: CoverageRow | null }[]>();
  for (const variant of onSale) {
    const report =
      current.get(`variant:${variant.variantId}`) ?? current.get(`product:${variant.productId}`);
    const freshness = report ? coaFreshness(report, policy, now) : null;
    const state = stateOf(freshness);
    counts[state] += 1;
    const row: CoverageRow | null =
      state === "fresh"
        ? null
        : {
            productId: variant.productId,
            productTitle: variant.productTitle,
            variantId: variant.variantId,
            variantTitle: variant.variantTitle,
            state,
            report: report
              ? {
                  id: report.id,
                  batch: report.batch,
                  dateTested: report.dateTested,
                  staleOn: freshness && "staleOn" in freshness ? freshness.staleOn : null,
                  daysLeft: freshness && "daysLeft" in freshness ? freshness.daysLeft : null,
                }
              : null,
          };
    const list = byProduct.get(variant.productId) ?? [];
    list.push({ variant, row });
    byProduct.set(variant.productId, list);
  }

  const rows: CoverageRow[] = [];
  for (const list of byProduct.values()) {
    const first = list[0];
    if (!first) continue;
    const alike = list.every(
      (v) =>
        v.row !== null &&
        v.row.state === first.row?.state &&
        v.row.report?.id === first.row?.report?.id,
    );
    if (first.row && (alike || first.variant.onlyDefaultVariant)) {
      rows.push({ ...first.row, variantId: null, variantTitle: null });
    } else {
      for (const v of list) if (v.row) rows.push(v.row);
    }
  }
  rows.sort(
    (a, b) =>
      ORDER[a.state] - ORDER[b.state] ||
      (a.report?.daysLeft ?? 0) - (b.report?.daysLeft ?? 0) ||
      a.productTitle.localeCompare(b.productTitle) ||
      (a.variantTitle ?? "").localeCompare(b.variantTitle ?? ""),
  );
  return { rows, counts, checked: onSale.length };
}

export type TrackedFreshness = "fresh" | "soon-stale" | "stale";

export type FreshnessChange = {
  reportId: string;
  productId: string;
  variantIds: string[];
  batch: string | null;
  state: TrackedFreshness;
  /** The last state recorded for the report; a report never recorded counts as fresh. */
  previous: TrackedFreshness;
  staleOn: string;
};

/**
 * The current reports whose freshness differs from the last state recorded for them: what the
 * daily check records (once per report per change) and tells Shopify Flow about. A report without
 * a readable test date has no state to track.
 */
export function freshnessChanges(
  current: PublishedReportFacts[],
  recorded: ReadonlyMap<string, TrackedFreshness>,
  policy: FreshnessPolicy,
  now: Date,
): FreshnessChange[] {
  const changes: FreshnessChange[] = [];
  for (const report of current) {
    const freshness = coaFreshness(report, policy, now);
    if (freshness.state === "unknown") continue;
    const previous = recorded.get(report.id) ?? "fresh";
    if (freshness.state === previous) continue;
    changes.push({
      reportId: report.id,
      productId: report.productId,
      variantIds: report.variantIds,
      batch: report.batch,
      state: freshness.state,
      previous,
      staleOn: freshness.staleOn,
    });
  }
  return changes.sort(
    (a, b) => a.staleOn.localeCompare(b.staleOn) || a.reportId.localeCompare(b.reportId),
  );
}
