import type { CoverageState } from "~/pipeline/coa-coverage";
import { formatDate } from "./format-date";

/**
 * The words of the COA freshness card: each state's badge, what it means for this product, and
 * the summary of the counts. Dates are the COA's calendar days.
 */

export const COVERAGE_BADGE: Record<
  CoverageState,
  { label: string; tone: "critical" | "warning" | "attention" | "info" }
> = {
  stale: { label: "Stale", tone: "critical" },
  missing: { label: "No COA", tone: "warning" },
  "soon-stale": { label: "Stale soon", tone: "attention" },
  undated: { label: "Test date unknown", tone: "info" },
};

type RowFacts = {
  state: CoverageState;
  report: {
    batch: string | null;
    dateTested: string | null;
    staleOn: string | null;
    daysLeft: number | null;
  } | null;
};

function days(n: number): string {
  return n === 1 ? "1 day" : `${n} days`;
}

export function coverageDetail({ state, report }: RowFacts): string {
  const batch = report?.batch ? `Batch ${report.batch}` : "Its COA";
  const tested = formatDate(report?.dateTested);
  const staleOn = formatDate(report?.staleOn);
  switch (state) {
    case "missing":
      return "No lab report is published for it, so shoppers and payment processors see none.";
    case "stale":
      return `${batch}, tested ${tested ?? "on an unknown date"}, is stale since ${staleOn ?? "an unknown date"}.`;
    case "soon-stale":
      return `${batch}, tested ${tested ?? "on an unknown date"}, is stale from ${staleOn ?? "an unknown date"}${
        report?.daysLeft != null ? ` (in ${days(report.daysLeft)})` : ""
      }.`;
    case "undated":
      return `${batch}: no test date could be read from the COA, so its age is unknown.`;
  }
}

export function coverageSummary(counts: {
  missing: number;
  stale: number;
  soonStale: number;
  undated: number;
  fresh: number;
}): string {
  const total = counts.missing + counts.stale + counts.soonStale + counts.undated + counts.fresh;
  const parts = [
    counts.stale > 0 ? `${counts.stale} stale` : null,
    counts.missing > 0 ? `${counts.missing} without a COA` : null,
    counts.soonStale > 0 ? `${counts.soonStale} stale soon` : null,
    counts.undated > 0 ? `${counts.undated} with no test date` : null,
  ].filter((p): p is string => p !== null);
  const of = `${total} ${total === 1 ? "variant" : "variants"} on sale`;
  if (parts.length > 0) return `Of ${of}: ${parts.join(", ")}.`;
  return total === 1
    ? "The one variant on sale has a current COA."
    : `All ${of} have a current COA.`;
}

/** The next step's words: a first COA, or a new one for the batch on sale. */
export function uploadLabel(state: CoverageState): string {
  return state === "missing" ? "Upload a COA" : "Upload a new COA";
}
