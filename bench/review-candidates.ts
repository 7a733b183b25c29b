import type { LabReport } from "~/pipeline/lab-report";
import { resolveReviewItem } from "~/pipeline/resolve-review-item";

/**
 * The report as it would be if the merchant took, for every value waiting for review, its n-th
 * candidate — through the same `resolveReviewItem` the report page's form calls, so a candidate the
 * app would refuse from the merchant does not count: the benchmark asks whether the right value
 * was among those offered.
 */
export function withCandidate(report: LabReport, n: number): LabReport {
  let current = report;
  const at = new Date();
  for (const item of report.review ?? []) {
    const value = item.candidates[n];
    if (value === undefined) continue;
    const resolved = resolveReviewItem(current, item.field, { kind: "correct", value, at });
    if (resolved.ok) current = resolved.report;
  }
  return current;
}
