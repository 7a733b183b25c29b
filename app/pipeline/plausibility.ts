import {
  PER_UNIT_UNITS,
  perUnitBasisOf,
  type Analyte,
  type LabReport,
  type Measure,
  type PerUnitAmounts,
  type PerUnitBasis,
} from "./lab-report";
import { asPercent, halfStep } from "./printed-numbers";
import { checkPerUnitConsistency } from "./plausibility-per-unit";

/**
 * The gate every lab report passes before it leaves extraction, whatever read it (the layout
 * rules, a repaired text layer, the language model, page OCR): `checkPlausibility(report)`.
 *
 * 1. Concentrations and amounts are kept apart: a measure per serving, unit or package found among
 *    the totals or the analytes moves to `perUnit`, where it is shown as such, never as a total.
 * 2. A value no lab could print is withheld: a share outside 0–100 %, a concentration over
 *    1,000 mg/g, a negative amount, cannabinoids (or terpenes) summing past 100 %, an analyte
 *    larger than its own total.
 * 3. A printed total is checked against its components (THCa × 0.877 + Δ9-THC, CBDa × 0.877 +
 *    CBD) within the rounding the document prints; a contradiction withholds the values involved.
 *
 * A withheld value becomes missing, with a warning `withheld:<field>:<reason>` that the report
 * page words for the merchant (`withheldText`) and an entry in the uncertain fields. Nothing is
 * ever corrected into a value the document does not print.
 */

export type WithheldReason =
  | "share-over-100"
  | "over-1000-mg-per-g"
  | "negative"
  | "sum-over-100"
  | "larger-than-total"
  | "contradicts-components"
  | "unit-not-a-concentration"
  | "contradicts-servings"
  | "contradicts-serving-size";

export interface PlausibilityResult {
  report: LabReport;
  /** Fields withheld, as "totals.thc", "cannabinoids.thca", "perUnit.serving.totals.thc". */
  withheld: string[];
}

/** THCA → Δ9-THC and CBDA → CBD by mass on decarboxylation (358.5 → 314.5 g/mol). */
export const DECARBOXYLATION = 0.877;

export interface PlausibilityOptions {
  /**
   * Other printed readings of each total, in order of preference (from the layout rules): a
   * total contradicting its components is replaced by the first reading that agrees with them.
   */
  totalReadings?: Partial<Record<keyof LabReport["totals"], Measure[]>>;
}

export function checkPlausibility(
  input: LabReport,
  options: PlausibilityOptions = {},
): PlausibilityResult {
  const report = structuredClone(input);
  const withheld: string[] = [];
  const withhold = (field: string, reason: WithheldReason) => {
    if (withheld.includes(field)) return;
    withheld.push(field);
    report.warnings.push(`withheld:${field}:${reason}`);
  };

  separateAmounts(report, withhold);
  withholdImpossible(report, withhold);
  withholdImpossibleSums(report, withhold);
  withholdPartsOverTotals(report, withhold);
  withholdContradictedComponents(report, withhold, options.totalReadings ?? {});
  for (const amounts of report.perUnit?.amounts ?? []) checkAmounts(amounts, withhold);
  checkPerUnitConsistency(report, withhold);
  if (report.perUnit && report.perUnit.amounts.length === 0 && !report.perUnit.servingSize) {
    report.perUnit = null;
  }
  report.warnings = [...new Set(report.warnings)];
  return { report, withheld };
}

type Withhold = (field: string, reason: WithheldReason) => void;
type TotalKey = keyof LabReport["totals"];
const TOTAL_KEYS: TotalKey[] = ["thc", "cbd", "cannabinoids", "terpenes"];

/**
 * Moves every amount per serving, unit or package out of the concentrations into `perUnit`; a
 * printed amount takes the place of one computed for the same basis. Readers call it before
 * computing concentration totals, so that an amount never stands in for one.
 */
export function separateAmounts(
  report: LabReport,
  withhold: Withhold = (field, reason) => report.warnings.push(`withheld:${field}:${reason}`),
): void {
  const slot = (basis: PerUnitBasis): PerUnitAmounts => {
    report.perUnit ??= { servingSize: null, servingsPerPackage: null, amounts: [] };
    let found = report.perUnit.amounts.find((a) => a.basis === basis);
    if (!found) {
      found = { basis, totals: { thc: null, cbd: null, cannabinoids: null }, cannabinoids: [] };
      report.perUnit.amounts.push(found);
    }
    return found;
  };
  for (const key of TOTAL_KEYS) {
    const measure = report.totals[key];
    const basis = measure ? perUnitBasisOf(measure.unit) : null;
    if (!measure || !basis) continue;
    report.totals[key] = null;
    if (key === "terpenes") {
      withhold("totals.terpenes", "unit-not-a-concentration");
      continue;
    }
    const amounts = slot(basis);
    if (!amounts.totals[key] || amounts.totals[key].source === "computed") {
      amounts.totals[key] = { ...measure, unit: PER_UNIT_UNITS[basis] };
    }
  }
  report.cannabinoids = report.cannabinoids.filter((a) => {
    const basis = perUnitBasisOf(a.unit);
    if (!basis) return true;
    const amounts = slot(basis);
    if (!amounts.cannabinoids.some((b) => b.analyte === a.analyte)) {
      amounts.cannabinoids.push({ ...a, unit: PER_UNIT_UNITS[basis] });
    }
    return false;
  });
  report.terpenes = report.terpenes.filter((a) => {
    if (!perUnitBasisOf(a.unit)) return true;
    withhold(`terpenes.${a.analyte}`, "unit-not-a-concentration");
    return false;
  });
}

/** What one of the measure's units is in percent: 1 for %, 0.1 for mg/g. */
function percentPerUnit(m: Measure): number {
  return asPercent({ value: 1, unit: m.unit }) ?? 0;
}

function impossibleReason(m: Measure): WithheldReason | null {
  if (m.value === null) return null;
  if (m.value < 0) return "negative";
  const unit = m.unit.toLowerCase().replace(/\s+/g, "");
  if (unit === "%" && m.value > 100) return "share-over-100";
  // 1,000 mg/g is the whole gram; a mg/ml of an oil or a tincture stays below its density.
  if ((unit === "mg/g" || unit === "mg/ml") && m.value > 1000) return "over-1000-mg-per-g";
  if (unit === "ppm" && m.value > 1_000_000) return "share-over-100";
  return null;
}

function withholdImpossible(report: LabReport, withhold: Withhold): void {
  for (const key of TOTAL_KEYS) {
    const measure = report.totals[key];
    const reason = measure ? impossibleReason(measure) : null;
    if (!reason) continue;
    report.totals[key] = null;
    withhold(`totals.${key}`, reason);
  }
  const keep = (group: "cannabinoids" | "terpenes") => (a: Analyte) => {
    const reason = impossibleReason(a);
    if (reason) withhold(`${group}.${a.analyte}`, reason);
    return !reason;
  };
  report.cannabinoids = report.cannabinoids.filter(keep("cannabinoids"));
  report.terpenes = report.terpenes.filter(keep("terpenes"));
}

/**
 * Parts of one sample cannot add up past the whole: a table whose values do was read in the wrong
 * unit or column, so none of its values (nor the totals beside them) can be trusted.
 */
function withholdImpossibleSums(report: LabReport, withhold: Withhold): void {
  for (const group of ["cannabinoids", "terpenes"] as const) {
    const list = report[group];
    const shares = list.map(asPercent).filter((v): v is number => v !== null);
    const sum = shares.reduce((a, b) => a + b, 0);
    const slack = list.reduce((s, a) => s + (a.value === null ? 0 : halfStep(a.value)), 0);
    if (sum <= 100 + slack) continue;
    for (const a of list) withhold(`${group}.${a.analyte}`, "sum-over-100");
    report[group] = [];
    const totals: TotalKey[] =
      group === "cannabinoids" ? ["thc", "cbd", "cannabinoids"] : ["terpenes"];
    for (const key of totals) {
      if (!report.totals[key] || report.totals[key].source === "computed") {
        report.totals[key] = null;
        continue;
      }
      report.totals[key] = null;
      withhold(`totals.${key}`, "sum-over-100");
    }
  }
}

/**
 * Above `total` beyond the rounding of both figures. `factor` scales the part first: a total of
 * cannabinoids counts acids decarboxylated (× 0.877) on many reports, so THCA may exceed it by that.
 */
function exceeds(part: Measure, total: Measure, factor = 1): boolean {
  const raw = asPercent(part);
  const p = raw === null ? null : raw * factor;
  const t = asPercent(total);
  if (p === null || t === null || part.value === null || total.value === null) return false;
  const slack =
    halfStep(part.value) * percentPerUnit(part) + halfStep(total.value) * percentPerUnit(total);
  return p > t + slack + 1e-9;
}

/**
 * An analyte larger than its own total: the printed total was misread (a limit column, a
 * neighbour's tile) or the analyte was; the total, the one figure shoppers read, is withheld.
 */
function withholdPartsOverTotals(report: LabReport, withhold: Withhold): void {
  const partsOf: Record<TotalKey, Analyte[]> = {
    thc: report.cannabinoids.filter((a) => a.analyte === "d9_thc"),
    cbd: report.cannabinoids.filter((a) => a.analyte === "cbd"),
    cannabinoids: report.cannabinoids,
    terpenes: report.terpenes,
  };
  for (const key of TOTAL_KEYS) {
    const total = report.totals[key];
    if (!total || total.value === null) continue;
    const factor = key === "cannabinoids" ? DECARBOXYLATION : 1;
    if (partsOf[key].some((part) => exceeds(part, total, factor))) {
      report.totals[key] = null;
      withhold(`totals.${key}`, "larger-than-total");
    }
  }
}

/**
 * A printed total THC (CBD) is its acid × 0.877 plus its neutral form. Labs compute it from
 * unrounded results, so the check allows the rounding of every printed figure involved; some add
 * Δ8-THC (or count an acid below its LOQ), so either reading that agrees is accepted. When none
 * does, the total and its components contradict each other and all of them are withheld.
 */
function withholdContradictedComponents(
  report: LabReport,
  withhold: Withhold,
  readings: PlausibilityOptions["totalReadings"] & object,
): void {
  const find = (key: string) => report.cannabinoids.find((a) => a.analyte === key);
  const pairs: [TotalKey, string, string][] = [
    ["thc", "thca", "d9_thc"],
    ["cbd", "cbda", "cbd"],
  ];
  for (const [key, acidKey, neutralKey] of pairs) {
    const total = report.totals[key];
    const acid = find(acidKey);
    const neutral = find(neutralKey);
    if (!total || total.source !== "printed" || total.value === null || !acid || !neutral) continue;
    if (!isQuantifiedOrNone(acid) || !isQuantifiedOrNone(neutral)) continue;
    if (asPercent(acid) === null && acid.value !== null) continue;
    if (asPercent(neutral) === null && neutral.value !== null) continue;
    if (totalAgrees(key, total, acid, neutral, find)) continue;
    const other = (readings[key] ?? []).find(
      (m) => m.value !== null && !impossibleReason(m) && totalAgrees(key, m, acid, neutral, find),
    );
    if (other) {
      report.totals[key] = { ...other, source: "printed" };
      continue;
    }
    report.totals[key] = null;
    withhold(`totals.${key}`, "contradicts-components");
    report.cannabinoids = report.cannabinoids.filter((c) => c !== acid && c !== neutral);
    withhold(`cannabinoids.${acidKey}`, "contradicts-components");
    withhold(`cannabinoids.${neutralKey}`, "contradicts-components");
  }
}

function totalAgrees(
  key: TotalKey,
  total: Measure,
  acid: Measure,
  neutral: Measure,
  find: (key: string) => Measure | undefined,
): boolean {
  const t = asPercent(total);
  if (t === null || total.value === null) return false;
  {
    const a = asPercent(acid) ?? 0;
    const n = asPercent(neutral) ?? 0;
    const scale = percentPerUnit;
    const slack =
      halfStep(total.value) * scale(total) +
      (acid.value === null ? 0 : DECARBOXYLATION * halfStep(acid.value) * scale(acid)) +
      (neutral.value === null ? 0 : halfStep(neutral.value) * scale(neutral));
    const extras = key === "thc" ? ["d8_thc", "d10_thc"].map(find) : [];
    const sums = [DECARBOXYLATION * a + n, a + n];
    let extra = 0;
    for (const e of extras) {
      const share = asPercent(e);
      if (share !== null) {
        extra += share;
        sums.push(DECARBOXYLATION * a + n + extra);
      }
    }
    // Relative slack for a lab's own arithmetic on unrounded figures: one part in a hundred.
    return sums.some((r) => Math.abs(r - t) <= slack + 0.01 * Math.max(r, t) + 1e-9);
  }
}

function isQuantifiedOrNone(m: Measure): boolean {
  return m.value !== null || m.qualifier === "ND";
}

/** Amounts per serving, unit or package: never negative, and no part above its own total. */
function checkAmounts(amounts: PerUnitAmounts, withhold: Withhold): void {
  const prefix = `perUnit.${amounts.basis}`;
  amounts.cannabinoids = amounts.cannabinoids.filter((a) => {
    if (a.value === null || a.value >= 0) return true;
    withhold(`${prefix}.cannabinoids.${a.analyte}`, "negative");
    return false;
  });
  for (const key of ["thc", "cbd", "cannabinoids"] as const) {
    const total = amounts.totals[key];
    if (!total || total.value === null) continue;
    if (total.value < 0) {
      amounts.totals[key] = null;
      withhold(`${prefix}.totals.${key}`, "negative");
      continue;
    }
    const parts =
      key === "cannabinoids"
        ? amounts.cannabinoids
        : amounts.cannabinoids.filter((a) => a.analyte === (key === "thc" ? "d9_thc" : "cbd"));
    const over = parts.some(
      (p) =>
        p.value !== null && p.value > total.value! + halfStep(p.value) + halfStep(total.value!),
    );
    if (over) {
      amounts.totals[key] = null;
      withhold(`${prefix}.totals.${key}`, "larger-than-total");
    }
  }
}

const FIELD_WORDS: Record<string, string> = {
  "totals.thc": "Total THC",
  "totals.cbd": "Total CBD",
  "totals.cannabinoids": "Total cannabinoids",
  "totals.terpenes": "Total terpenes",
  "perUnit.package": "The amount per package",
  "perUnit.servingsPerPackage": "Servings per package",
  "perUnit.servingSize": "Serving size",
};

const REASON_WORDS: Record<WithheldReason, string> = {
  "share-over-100": "it read as more than 100% of the sample, which no product can contain",
  "over-1000-mg-per-g": "it read as more than 1,000 mg per gram, which no product can contain",
  negative: "it read as a negative amount",
  "sum-over-100":
    "the cannabinoids read from its table add up to more than 100%, so that table was read in the wrong unit or column",
  "larger-than-total": "it disagrees with the figures around it: a part read larger than its total",
  "contradicts-components":
    "the printed total does not match its parts (acid × 0.877 + neutral form), so one of them was misread",
  "unit-not-a-concentration": "it is an amount per serving or package, not a concentration",
  "contradicts-servings":
    "the amount per package is not the amount per serving times the servings per package, so one of them was misread",
  "contradicts-serving-size":
    "the amounts per serving do not match the concentrations times this serving size, so it is not the one the lab used",
};

/** Why the gate withheld a value ("withheld:<field>:<reason>"), in a merchant's words; null if none. */
export function withheldReasonText(code: string): string | null {
  const reason = /^withheld:[^:]+:([a-z0-9-]+)$/.exec(code)?.[1];
  return reason ? (REASON_WORDS[reason as WithheldReason] ?? null) : null;
}

/** "withheld:totals.thc:share-over-100" in a merchant's words; null for any other code. */
export function withheldText(code: string): string | null {
  const match = /^withheld:([^:]+):([a-z0-9-]+)$/.exec(code);
  if (!match) return null;
  const [, field = "", reason = ""] = match;
  const why = REASON_WORDS[reason as WithheldReason];
  if (!why) return null;
  return `${fieldWords(field)} was left out: ${why}. Check it on the COA; it is not shown or written anywhere.`;
}

function fieldWords(field: string): string {
  const known = FIELD_WORDS[field];
  if (known) return known;
  const perUnit = /^perUnit\.(serving|unit|package)\.(.+)$/.exec(field);
  if (perUnit) return `${fieldWords(perUnit[2] ?? "")} per ${perUnit[1]}`;
  const [group = "", ...rest] = field.split(".");
  const key = rest.join(".");
  if (group === "terpenes") return key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, " ");
  return ANALYTE_WORDS[key] ?? key.replace(/_/g, "-").toUpperCase();
}

const ANALYTE_WORDS: Record<string, string> = {
  thca: "THCa",
  d9_thc: "Δ9-THC",
  d8_thc: "Δ8-THC",
  d10_thc: "Δ10-THC",
  cbda: "CBDa",
  cbga: "CBGa",
  thcv: "THCV",
  cbdv: "CBDV",
};
