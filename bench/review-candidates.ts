import type { LabReport } from "~/pipeline/lab-report";
import { parseDate } from "~/pipeline/coa-dates";
import type { ReviewItem } from "~/pipeline/review-items";

/**
 * The report as it would be if the merchant took, for every value waiting for review, its n-th
 * candidate: the benchmark asks whether the right value was among those offered. Analytes come
 * back with the label the reviewer saw; totals as printed.
 */
export function withCandidate(report: LabReport, n: number): LabReport {
  const copy = structuredClone(report);
  for (const item of report.review ?? []) {
    const candidate = item.candidates[n];
    if (candidate !== undefined) place(copy, item, candidate);
  }
  return copy;
}

function place(report: LabReport, item: ReviewItem, candidate: string): void {
  const [group, key] = item.field.split(".") as [string, string | undefined];
  const number = Number(candidate);
  const measure = {
    value: Number.isFinite(number) ? number : null,
    unit: item.unit ?? "%",
    qualifier: null,
    source: "confirmed-by-merchant" as const,
  };
  if (group === "totals" && key) report.totals[key as keyof LabReport["totals"]] = measure;
  if ((group === "cannabinoids" || group === "terpenes") && key) {
    report[group] = [
      ...report[group].filter((a) => a.analyte !== key),
      { ...measure, analyte: key, label: item.label },
    ];
  }
  if (group === "sample" && key) {
    const value = key.startsWith("date") ? (parseDate(candidate) ?? candidate) : candidate;
    report.sample[key as keyof LabReport["sample"]] = value;
  }
  if (group === "lab" && key) report.lab[key as keyof LabReport["lab"]] = candidate;
  if (group === "verificationUrl") report.verificationUrl = candidate;
}
