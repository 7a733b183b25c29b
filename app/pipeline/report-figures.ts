import type { LabReport, Measure } from "./lab-report";
import { decimals, roundTo } from "./printed-numbers";

/**
 * Figures: the numbers with a unit (%, mg, mg/g, mg/serving …) that copy may state. Copy may only
 * state a figure the report holds, written as the report holds it (no rounding, no conversion).
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
 * always named, at three significant figures (never more digits than printed). Copy states the
 * figure as printed instead (the compliance guard matches figures exactly).
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
  return String(roundTo(value, Math.min(digits, decimals(value))));
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

/** True when the copy's figure is a value of the report in a compatible unit. */
export function isReportFigure(figure: ReportFigure, figures: ReportFigure[]): boolean {
  return figures.some(
    (candidate) =>
      sameNumber(candidate.value, figure.value) && unitsAgree(figure.unit, candidate.unit),
  );
}

function sameNumber(a: number, b: number): boolean {
  // "21.30%" is the same figure as 21.3; "21%" is not.
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
