import { fieldDisplayName } from "./display-names";
import {
  PER_UNIT_UNITS,
  perUnitBasisSchema,
  type LabReport,
  type Measure,
  type PerUnitBasis,
} from "./lab-report";
import type { ReviewItem } from "./review-items";

/**
 * What the merchant is asked to check on a report: the review items the reader left
 * (review-items.ts), and, where the data allows, the fields another path was unsure of (the
 * language-model fallback, a contradicted total) that name one value the merchant can confirm.
 */

export type TotalKey = keyof LabReport["totals"];
export type SampleTextKey = "productName" | "strain" | "batch" | "sampleId" | "matrix";

/** Where a review item's `field` points in the report. */
export type FieldTarget =
  | { kind: "total"; key: TotalKey }
  | { kind: "analyte"; group: "cannabinoids" | "terpenes"; key: string }
  | { kind: "date"; key: "dateTested" | "dateIssued" }
  | { kind: "text"; section: "sample"; key: SampleTextKey }
  | { kind: "text"; section: "lab"; key: "name" | "license" }
  | { kind: "panel"; key: string }
  | { kind: "link" }
  | {
      kind: "per-unit";
      basis: PerUnitBasis;
      group: "totals" | "cannabinoids";
      key: string;
    };

const TOTAL_KEYS: readonly string[] = ["thc", "cbd", "cannabinoids", "terpenes"];
const SAMPLE_TEXT: readonly string[] = ["productName", "strain", "batch", "sampleId", "matrix"];
const KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The report field a dotted path names ("totals.thc", "cannabinoids.thca"), or null for any other. */
export function fieldTarget(field: string): FieldTarget | null {
  const [group = "", key = "", ...rest] = field.split(".");
  if (group === "perUnit") return perUnitTarget(key, rest);
  if (field === "verificationUrl") return { kind: "link" };
  if (rest.length > 0 || key === "") return null;
  if (group === "totals" && TOTAL_KEYS.includes(key))
    return { kind: "total", key: key as TotalKey };
  if ((group === "cannabinoids" || group === "terpenes") && KEY.test(key)) {
    return { kind: "analyte", group, key };
  }
  if (group === "sample" && (key === "dateTested" || key === "dateIssued")) {
    return { kind: "date", key };
  }
  if (group === "sample" && SAMPLE_TEXT.includes(key)) {
    return { kind: "text", section: "sample", key: key as SampleTextKey };
  }
  if (group === "lab" && (key === "name" || key === "license")) {
    return { kind: "text", section: "lab", key };
  }
  if (group === "safety" && KEY.test(key)) return { kind: "panel", key };
  return null;
}

/** "perUnit.serving.totals.thc", "perUnit.package.cannabinoids.cbd": an amount per serving, unit or package. */
function perUnitTarget(basisText: string, rest: string[]): FieldTarget | null {
  const basis = perUnitBasisSchema.safeParse(basisText).data;
  const [group = "", key = "", ...more] = rest;
  if (!basis || more.length > 0) return null;
  if (group === "totals" && ["thc", "cbd", "cannabinoids"].includes(key)) {
    return { kind: "per-unit", basis, group, key };
  }
  if (group === "cannabinoids" && KEY.test(key)) return { kind: "per-unit", basis, group, key };
  return null;
}

/** The measure the report holds for a figure's field now, if any. */
export function currentMeasure(
  report: LabReport,
  target: FieldTarget & { kind: "total" | "analyte" | "per-unit" },
): Measure | null {
  if (target.kind === "per-unit") {
    const amounts = report.perUnit?.amounts.find((a) => a.basis === target.basis);
    if (!amounts) return null;
    if (target.group === "totals") {
      return amounts.totals[target.key as keyof typeof amounts.totals] ?? null;
    }
    return amounts.cannabinoids.find((a) => a.analyte === target.key) ?? null;
  }
  if (target.kind === "total") return report.totals[target.key];
  return report[target.group].find((a) => a.analyte === target.key) ?? null;
}

function currentText(report: LabReport, target: FieldTarget): string | null {
  switch (target.kind) {
    case "date":
      return report.sample[target.key];
    case "text":
      return target.section === "sample" ? report.sample[target.key] : report.lab[target.key];
    case "panel":
      return report.safety.panels.find((p) => p.panel === target.key)?.status ?? null;
    case "link":
      return report.verificationUrl;
    default:
      return null;
  }
}

/** An uncertain field as a review item: the value extraction kept (if any) is the reading. */
function uncertainItem(report: LabReport, field: string): ReviewItem | null {
  const target = fieldTarget(field);
  if (!target) return null;
  const base = {
    field,
    label: fieldDisplayName(field),
    candidates: [],
    reason: "uncertain" as const,
    confidence: null,
    page: null,
    box: null,
    resolution: null,
  };
  if (target.kind === "total" || target.kind === "analyte" || target.kind === "per-unit") {
    const measure = currentMeasure(report, target);
    const reading = measure ? (measure.value?.toString() ?? measure.qualifier) : null;
    // A withheld figure has no unit left; most labs print shares, and the merchant may type another.
    const unit = target.kind === "per-unit" ? PER_UNIT_UNITS[target.basis] : "%";
    return { ...base, reading, unit: measure?.unit ?? unit };
  }
  return { ...base, reading: currentText(report, target), unit: null };
}

/** The report's review items, then its uncertain fields that name one checkable value. */
export function reviewList(report: LabReport, uncertainFields: readonly string[]): ReviewItem[] {
  const items = [...(report.review ?? [])];
  const listed = new Set(items.map((item) => item.field));
  for (const field of uncertainFields) {
    if (listed.has(field)) continue;
    const item = uncertainItem(report, field);
    if (item) {
      items.push(item);
      listed.add(field);
    }
  }
  return items;
}

/** Review items still waiting for the merchant. */
export function unresolvedReviewItems(report: LabReport): ReviewItem[] {
  return (report.review ?? []).filter((item) => item.resolution === null);
}
