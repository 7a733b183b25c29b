import type { Qualifier } from "./lab-report";

/** One printed result: a number or a qualifier, with a unit if the cell carries one. */
export interface ParsedValue {
  value: number | null;
  qualifier: Qualifier | null;
  unit: string | null;
  /** The cell text the value came from. */
  raw: string;
}

const QUALIFIERS: [RegExp, Qualifier][] = [
  [/^(nd|n\.d\.|not detected|none detected|<\s*lod|<\s*mrl|< ?ld)$/i, "ND"],
  [/^(<\s*l?loq|bql|blq|<\s*ql|<\s*rl|lt loq|below loq|<loq)$/i, "<LOQ"],
  [/^(>\s*u?loq|>uloq)$/i, ">ULOQ"],
  [/^(nt|not tested|nr|not reported|n\/?a|nocalc|ne|not evaluated)$/i, "NT"],
];

const UNIT = String.raw`(%|mg\/g|mg\/serving|mg\/unit|mg\/pkg|mg\/package|mg\/ml|ppm|ppb|µg\/g|ug\/g|mg)`;
// Limits are often printed in scientific notation ("3.20E-5"): a number like any other.
const NUMBER = new RegExp(
  String.raw`^([<>])?\s*(-?\d{1,6}(?:[.,]\d+)?(?:E[-+]?\d{1,2})?)\s*${UNIT}?$`,
  "i",
);

export function parseValue(text: string): ParsedValue | null {
  const trimmed = text.trim().replace(/^[✔✓√]\s*/, "");
  // Letter-spaced type ("N D", "N / A", "1 . 6 5 %") reads with a space between every glyph.
  const raw = /^(?:\S ){1,}\S$/.test(trimmed) ? trimmed.replace(/ /g, "") : trimmed;
  if (raw === "") return null;
  for (const [pattern, qualifier] of QUALIFIERS) {
    if (pattern.test(raw)) return { value: null, qualifier, unit: null, raw };
  }
  const match = NUMBER.exec(raw);
  if (!match) return null;
  const [, sign, digits = "", unit] = match;
  // A comma here is a thousands separator only when three digits follow it.
  const normalized = /,\d{3}$/.test(digits) ? digits.replace(",", "") : digits.replace(",", ".");
  const number = Number(normalized);
  if (!Number.isFinite(number)) return null;
  const normalizedUnit = unit ? normalizeUnit(unit) : null;
  // "<1 mg/g" is a limit, not a result: the analyte is below the lab's quantitation limit.
  if (sign === "<") return { value: null, qualifier: "<LOQ", unit: normalizedUnit, raw };
  if (sign === ">") return { value: null, qualifier: ">ULOQ", unit: normalizedUnit, raw };
  return { value: number, qualifier: null, unit: normalizedUnit, raw };
}

export function normalizeUnit(unit: string): string {
  const u = unit.toLowerCase().replace(/\s+/g, "");
  if (u === "mg/pkg") return "mg/package";
  if (u === "ug/g" || u === "µg/g") return "ppm";
  return u;
}

/**
 * Cells that are never a result: uncertainties (±), LOD/LOQ pairs ("0.04 / 0.24"), and figures
 * no lab prints — digits among stray stops and brackets (OCR's "0.0670.22" for a pair whose slash
 * it read as a digit, ").0242" for a faint "0.0242") — which hold a column's place but no value.
 */
export function isAuxiliaryCell(text: string): boolean {
  const trimmed = text.trim();
  return (
    /^±|^\+\/-/.test(trimmed) ||
    /^\d+(\.\d+)?\s*\/\s*\d+(\.\d+)?$/.test(trimmed) ||
    isGarbledFigure(trimmed)
  );
}

function isGarbledFigure(text: string): boolean {
  return /^[\d.,()!'|]*\d[\d.,()!'|]*$/.test(text) && parseValue(text) === null;
}
