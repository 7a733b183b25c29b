import { perUnitBasisOf, type LabReport, type Measure } from "./lab-report";
import { decimals, roundHalfUp } from "./printed-numbers";

/**
 * Figures: the numbers with a unit (%, mg, mg/g, mg/serving …) that copy may state. Copy may only
 * state a figure the report holds: as printed, or rounded to fewer decimals the way people round
 * (isReportFigure); never converted, added up or invented.
 */

/** A measure as the report prints it: "21.3%", "4.1 mg/g", "ND", "<LOQ", ">100 mg/g". */
export function formatMeasure(m: Measure | null): string | null {
  if (m === null) return null;
  if (m.qualifier === "ND" || m.qualifier === "NT" || m.qualifier === "<LOQ") return m.qualifier;
  if (m.value === null) return m.qualifier;
  const number = `${m.value}${m.unit === "%" ? "%" : ` ${m.unit}`}`;
  return m.qualifier === ">ULOQ" ? `>${number}` : number;
}

/**
 * An amount per serving, unit or package as people read it: "6.81 mg THC per serving", its basis
 * always named, at three significant figures (never more digits than printed). Descriptions state
 * amounts at the same precision (formatForCopy).
 */
export function formatAmount(m: Measure, basis: string, of?: string): string {
  if (m.value === null) return m.qualifier ?? "—";
  const prefix = m.qualifier === ">ULOQ" ? ">" : "";
  return `${prefix}${amountFigure(m.value)} mg${of ? ` ${of}` : ""} per ${basis}`;
}

/** 6.8059 → "6.81", 136.117 → "136", 0.2757 → "0.276", 2889.1 → "2889". */
export function amountFigure(value: number): string {
  if (value === 0) return "0";
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return String(roundHalfUp(value, Math.min(digits, decimals(value))));
}

/**
 * A measure as a description states it: a concentration as printed ("0.9723 mg/g"), an amount per
 * serving, unit or package as the report page and the storefront show it ("6.81 mg/serving" for a
 * printed 6.8059): a shopper reads the same figure everywhere.
 */
export function formatForCopy(m: Measure | null): string | null {
  if (m?.value === null || m?.value === undefined || perUnitBasisOf(m.unit) === null) {
    return formatMeasure(m);
  }
  return `${m.qualifier === ">ULOQ" ? ">" : ""}${amountFigure(m.value)} ${m.unit}`;
}

export interface ReportFigure {
  value: number;
  /** Normalised unit: "%", "mg/g", "mg/serving", "mg" … */
  unit: string;
}

export function reportFigures(report: LabReport): ReportFigure[] {
  const measures: (Measure | null)[] = [
    report.totals.thc,
    report.totals.cbd,
    report.totals.cannabinoids,
    report.totals.terpenes,
    ...report.cannabinoids,
    ...report.terpenes,
    // The same rows as shown in one unit per table (inOneUnit): exact conversions of printed values.
    ...inOneUnit(report.cannabinoids),
    ...inOneUnit(report.terpenes),
    ...(report.perUnit?.amounts ?? []).flatMap((a) => [
      a.totals.thc,
      a.totals.cbd,
      a.totals.cannabinoids,
      ...a.cannabinoids,
    ]),
  ];
  const figures: ReportFigure[] = [];
  for (const m of measures) {
    if (m?.value === null || m?.value === undefined) continue;
    figures.push({ value: m.value, unit: normaliseUnit(m.unit) });
  }
  return figures;
}

export interface CopyFigure extends ReportFigure {
  /** The figure as written in the copy, e.g. "21.3 %". */
  raw: string;
  /** Decimals as written: "6.80 mg" shows two, which its value (6.8) no longer says. */
  decimals: number;
}

// A number not glued to a word (so "Δ9-THC" or "D8" are not figures), then a unit. "percent" and
// "milligrams" count too, so a model cannot dodge the check by spelling the unit out.
const FIGURE_PATTERN =
  /(?<![\p{L}\p{N}.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(%|percent\b|mg\s*\/\s*[a-z]+|mg\b|milligrams?\b)/giu;

export function findFigures(text: string): CopyFigure[] {
  const found: CopyFigure[] = [];
  for (const match of text.matchAll(FIGURE_PATTERN)) {
    const [raw, number = "", unit = ""] = match;
    found.push({
      raw,
      value: Number.parseFloat(number.replace(/,/g, "")),
      unit: normaliseUnit(unit),
      decimals: number.includes(".") ? (number.split(".")[1]?.length ?? 0) : 0,
    });
  }
  return found;
}

export function normaliseUnit(unit: string): string {
  const compact = unit.toLowerCase().replace(/\s+/g, "");
  if (compact === "%" || compact === "percent") return "%";
  if (compact === "milligram" || compact === "milligrams") return "mg";
  return compact;
}

/**
 * True when the copy's figure is a value of the report in a compatible unit: as printed, or — when
 * `rounding` is "allowed" and the copy's decimals are known — that value rounded to the copy's
 * precision (isRoundedFrom).
 */
export function isReportFigure(
  figure: ReportFigure & { decimals?: number },
  figures: ReportFigure[],
  rounding: "allowed" | "as-printed" = "allowed",
): boolean {
  return figures.some(
    (candidate) =>
      unitsAgree(figure.unit, candidate.unit) &&
      (sameNumber(candidate.value, figure.value) ||
        (rounding === "allowed" && isRoundedFrom(figure, candidate.value))),
  );
}

/** A rounded figure keeps at least this many significant digits: "0.6%" could be half the table. */
const MIN_ROUNDED_DIGITS = 2;

/**
 * "6.81 mg" and "6.8 mg" for a printed 6.8059 mg: the printed value rounded half up to the decimals
 * the copy shows, which must be fewer than printed ("6.80591" adds a digit, "6.80" cuts instead of
 * rounding, "6.9" rounds the wrong way). At least two significant digits stay, so a coarse figure
 * ("7 mg", "0.6%") cannot pass for whichever value happens to round to it.
 */
function isRoundedFrom(figure: { value: number; decimals?: number }, printed: number): boolean {
  const shown = figure.decimals;
  if (shown === undefined || shown >= decimals(printed) || figure.value === 0) return false;
  const significant = Math.floor(Math.log10(Math.abs(figure.value))) + 1 + shown;
  if (significant < MIN_ROUNDED_DIGITS) return false;
  return sameNumber(roundHalfUp(printed, shown), figure.value);
}

function sameNumber(a: number, b: number): boolean {
  // "21.30%" is the same figure as 21.3; "21.31%" is not.
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

function unitsAgree(copyUnit: string, reportUnit: string): boolean {
  if (copyUnit === reportUnit) return true;
  // "10 mg per serving" reads as a bare "mg" figure: any mg-based report unit agrees.
  return copyUnit === "mg" && reportUnit.startsWith("mg");
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2024-03-05" → "March 5, 2024"; anything that is not an ISO date is returned unchanged. */
export function formatReportDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return iso;
  return `${month} ${Number(match[3])}, ${match[1]}`;
}

/** The ways copy may write a report date: ISO, "March 5, 2024", "Mar 5, 2024", "03/05/2024", "3/5/2024". */
export function dateForms(iso: string): string[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return [iso];
  const [, y, m, d] = match;
  return [
    iso,
    formatReportDate(iso),
    `${month.slice(0, 3)} ${Number(d)}, ${y}`,
    `${Number(d)} ${month} ${y}`,
    `${m}/${d}/${y}`,
    `${Number(m)}/${Number(d)}/${y}`,
  ];
}

/**
 * A table's analytes in one unit: labs mix % and mg/g within one terpene table; shown side by side
 * they mislead. The minority unit is converted exactly (1 % = 10 mg/g: the decimal point moves,
 * no digit is invented) and marked computed. Other units are left as printed.
 */
export function inOneUnit<T extends Measure>(analytes: T[]): T[] {
  const count = (unit: string) =>
    analytes.filter((a) => a.value !== null && a.unit === unit).length;
  const target = count("mg/g") > count("%") ? "mg/g" : "%";
  return analytes.map((a) => {
    if (a.value === null || a.unit === target || (a.unit !== "%" && a.unit !== "mg/g")) {
      return a.value === null && (a.unit === "%" || a.unit === "mg/g") ? { ...a, unit: target } : a;
    }
    const digits = decimalsOf(a.value);
    const value =
      target === "%"
        ? Number((a.value / 10).toFixed(digits + 1))
        : Number((a.value * 10).toFixed(Math.max(digits - 1, 0)));
    return { ...a, value, unit: target, source: "computed" };
  });
}

function decimalsOf(value: number): number {
  const text = String(value);
  return text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
}
