import type { TotalHit } from "./analyte-tables";
import { matchTotal } from "./analyte-dictionary";
import { PER_UNIT_UNITS, perUnitBasisOf, type Measure, type PerUnitBasis } from "./lab-report";
import type { Cell, Row } from "./text-layout";
import { parseValue, type ParsedValue } from "./value-parse";

/**
 * What an edible's, a beverage's or a tincture's COA says of its servings and packages, read
 * wherever the lab prints it: the serving size and servings per package (a label with its value
 * beside or below it, or a sentence: "1 serving = 1 gummy, 7.0 grams; 20.0 servings per
 * package"), and totals printed per serving, unit or package — in a sentence ("136.117 mg/package
 * Total THC", "858.2 mg per package" beside a total), on a total's own row ("Total THC per Unit
 * 2889.1 mg/unit") or in a column of the totals' table. The plausibility gate checks them against
 * each other (plausibility-per-unit.ts).
 */

export type AmountKey = "thc" | "cbd" | "cannabinoids";

export interface PerUnitTotal {
  basis: PerUnitBasis;
  key: AmountKey;
  measure: Measure;
}

export interface PerUnitFacts {
  /** As printed ("1 gummy, 7.0 grams", "3.2 g"); null when not printed or "NA". */
  servingSize: string | null;
  servingsPerPackage: number | null;
  /** Printed totals per serving, unit or package, first reading of each basis and key first. */
  totals: PerUnitTotal[];
}

/** Serving sizes are a few grams or millilitres, or a count of pieces. */
const SIZE =
  /^\d{1,4}(?:[.,]\d+)?\s*(?:g|grams?|mg|ml|oz|fl\.?\s*oz|gumm(?:y|ies)|pieces?|capsules?|tablets?|chews?|drops?|softgels?|mints?|units?)\b/i;
/** "Serving size", "Serving size weight", "Serving Size (g):": the unit in the label, if any. */
const SERVING_SIZE_LABEL = /^serving\s*size(?:\s*weight)?\s*(?:\((g|mg|ml)\))?\s*:?\s*(.*)$/i;
const NOT_PRINTED = /^(?:n\/?a|none|-+|—)$/i;
const MAX_SERVINGS = 1000;

export function readPerUnitFacts(rows: Row[], hits: TotalHit[]): PerUnitFacts {
  const prose = pageTexts(rows);
  return {
    servingSize: servingSizeFromProse(prose) ?? servingSizeFromLabel(rows),
    servingsPerPackage: servingsFromProse(prose) ?? servingsFromLabel(rows),
    totals: dedupe([...totalsFromHits(rows, hits), ...totalsFromProse(prose)]),
  };
}

/** Each page's rows joined by spaces: a sentence may wrap onto the next line. */
function pageTexts(rows: Row[]): string[] {
  const pages = new Map<number, string[]>();
  for (const row of rows) pages.set(row.page, [...(pages.get(row.page) ?? []), row.text]);
  return [...pages.values()].map((texts) => texts.join(" ").replace(/\s+/g, " "));
}

function servingSizeFromProse(pages: string[]): string | null {
  for (const text of pages) {
    const match = /\b1 serving\s*=\s*([^;=]{1,40}?)\s*(?:;|$|\d+(?:\.\d+)?\s*servings)/i.exec(text);
    const size = match?.[1]?.trim().replace(/[,.]$/, "");
    if (size && SIZE.test(size)) return size;
  }
  return null;
}

function servingSizeFromLabel(rows: Row[]): string | null {
  for (let r = 0; r < rows.length; r++) {
    for (const [c, cell] of (rows[r]?.cells ?? []).entries()) {
      const match = SERVING_SIZE_LABEL.exec(cell.text);
      if (!match) continue;
      const unit = match[1] ?? null;
      const accept = (text: string): string | null => {
        const t = text.trim();
        if (t === "" || NOT_PRINTED.test(t)) return null;
        if (unit && /^\d{1,4}(?:[.,]\d+)?$/.test(t)) return `${t} ${unit}`;
        return SIZE.test(t) ? t : null;
      };
      const rest = (match[2] ?? "").trim();
      if (rest) return accept(rest);
      const next = rows[r]?.cells[c + 1];
      if (next && next.x - cell.xEnd < 200) {
        if (NOT_PRINTED.test(next.text.trim())) return null;
        const beside = accept(next.text);
        if (beside) return beside;
      }
      for (const below of cellsBelow(rows, r, cell)) {
        const found = accept(below.text);
        if (found) return found;
      }
    }
  }
  return null;
}

/** Cells under `cell` in the next few rows of its page (a header table prints values below). */
function cellsBelow(rows: Row[], rowIndex: number, cell: Cell): Cell[] {
  const row = rows[rowIndex];
  if (!row) return [];
  const out: Cell[] = [];
  for (let i = rowIndex + 1; i < rows.length && i <= rowIndex + 6; i++) {
    const other = rows[i];
    if (!other || other.page !== row.page || other.y - row.y > row.height * 6) break;
    out.push(...other.cells.filter((c) => c.x < cell.xEnd + 8 && c.xEnd > cell.x - 8));
  }
  return out;
}

function servingsFromProse(pages: string[]): number | null {
  for (const text of pages) {
    const match =
      /(\d{1,4}(?:\.\d+)?)\s*servings?\s*(?:per|\/|in\s*(?:each|a|the)?)\s*(?:package|container|pkg|pack|bottle)\b/i.exec(
        text,
      );
    const n = servingCount(match?.[1]);
    if (n) return n;
  }
  return null;
}

/**
 * "Servings per package: 20", or a label on two lines with its value between them ("Servings" /
 * "3" / "Per package"), the value in the column right of the label.
 */
function servingsFromLabel(rows: Row[]): number | null {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (const [c, cell] of (row?.cells ?? []).entries()) {
      const whole = /^servings?\s*(?:per|\/)\s*(?:package|container|pkg)\s*:?\s*(.*)$/i.exec(
        cell.text,
      );
      if (whole) {
        const n = servingCount(whole[1] || row?.cells[c + 1]?.text);
        if (n) return n;
        continue;
      }
      if (!/^servings?\s*:?$/i.test(cell.text)) continue;
      const below = cellsBelow(rows, r, cell);
      const closing = below.find((b) => /^per\s*(?:package|container|pkg)\s*:?$/i.test(b.text));
      if (!closing) continue;
      for (let i = r; i < rows.length && i <= r + 3; i++) {
        const value = rows[i]?.cells.find(
          (v) => v.x >= cell.xEnd && v.x - cell.xEnd < 200 && servingCount(v.text),
        );
        if (value) return servingCount(value.text);
      }
    }
  }
  return null;
}

function servingCount(text: string | undefined): number | null {
  if (!text || !/^\s*\d{1,4}(?:\.\d+)?\s*$/.test(text)) return null;
  const n = Number(text);
  return n > 0 && n <= MAX_SERVINGS ? n : null;
}

const BASIS_WORD = String.raw`(serving|unit|package|pkg|container)`;
const AMOUNT = String.raw`(\d[\d,]*(?:\.\d+)?)\s*mg\s*(?:\/|per\s)\s*` + BASIS_WORD;
const TOTAL_WORDS = String.raw`(total\s*(?:thc|cbd|cannabinoids))`;

/**
 * "136.117 mg/package Total THC" and "Total THC per package: 136.117 mg". A total followed by a
 * colon is the label of the next line's own value ("858.2 mg per package" / "TOTAL CBD: ND").
 */
function totalsFromProse(pages: string[]): PerUnitTotal[] {
  const out: PerUnitTotal[] = [];
  for (const text of pages) {
    for (const m of text.matchAll(new RegExp(`${AMOUNT}\\s+${TOTAL_WORDS}\\b(?!\\s*:)`, "gi"))) {
      const total = proseTotal(m[3], m[2], m[1]);
      if (total) out.push(total);
    }
    const labelFirst = new RegExp(
      `${TOTAL_WORDS}\\s*(?:\\(mg\\))?\\s*(?:\\/|per\\s)\\s*${BASIS_WORD}\\s*:?\\s*(\\d[\\d,]*(?:\\.\\d+)?)\\s*mg\\b`,
      "gi",
    );
    for (const m of text.matchAll(labelFirst)) {
      const total = proseTotal(m[1], m[2], m[3]);
      if (total) out.push(total);
    }
  }
  return out;
}

function proseTotal(
  label: string | undefined,
  basisWord: string | undefined,
  number: string | undefined,
): PerUnitTotal | null {
  const key = amountKey(label ?? "");
  const basis = basisOfWord(basisWord ?? "");
  const parsed = parseValue(number ?? "");
  if (!key || !basis || !parsed || parsed.value === null) return null;
  return { basis, key, measure: printed(parsed.value, basis) };
}

/**
 * Totals read from the totals' own rows: a row labelled per unit ("Total THC per Unit" with
 * mg/unit), a per-serving or per-package column beside the concentration, or an amount written
 * after it on its row ("245.2 mg/g (24.52 %), 858.2 mg per package").
 */
function totalsFromHits(rows: Row[], hits: TotalHit[]): PerUnitTotal[] {
  const out: PerUnitTotal[] = [];
  for (const hit of [...hits].sort((a, b) => a.rank - b.rank || a.rowIndex - b.rowIndex)) {
    const key = hit.key === "terpenes" ? null : hit.key;
    if (!key) continue;
    const basis = hit.measure ? perUnitBasisOf(hit.measure.unit) : null;
    if (hit.measure && basis && (hit.measure.value !== null || hit.measure.qualifier === "ND")) {
      out.push({
        basis,
        key,
        measure: { ...hit.measure, unit: PER_UNIT_UNITS[basis], source: "printed" },
      });
    }
    for (const [b, parsed] of Object.entries(hit.amounts ?? {}) as [PerUnitBasis, ParsedValue][]) {
      if (parsed.value === null && parsed.qualifier !== "ND") continue;
      out.push({
        basis: b,
        key,
        measure: {
          value: parsed.value,
          qualifier: parsed.qualifier,
          unit: PER_UNIT_UNITS[b],
          source: "printed",
        },
      });
    }
    for (const cell of rows[hit.rowIndex]?.cells ?? []) {
      if (cell.x < hit.labelCell.xEnd) continue;
      const m = new RegExp(`(?:^|[,;]\\s*)${AMOUNT}\\b`, "i").exec(cell.text);
      const basisWord = basisOfWord(m?.[2] ?? "");
      const parsed = parseValue(m?.[1] ?? "");
      if (basisWord && parsed?.value != null) {
        out.push({ basis: basisWord, key, measure: printed(parsed.value, basisWord) });
      }
    }
  }
  return out;
}

function amountKey(label: string): AmountKey | null {
  const key = matchTotal(label.replace(/\s+/g, " ").trim())?.key;
  return key === "thc" || key === "cbd" || key === "cannabinoids" ? key : null;
}

function basisOfWord(word: string): PerUnitBasis | null {
  const w = word.toLowerCase();
  if (w === "serving") return "serving";
  if (w === "unit") return "unit";
  if (w === "package" || w === "pkg" || w === "container") return "package";
  return null;
}

function printed(value: number, basis: PerUnitBasis): Measure {
  return { value, unit: PER_UNIT_UNITS[basis], qualifier: null, source: "printed" };
}

/** The first reading of each total on each basis: the table's, then the prose's. */
function dedupe(totals: PerUnitTotal[]): PerUnitTotal[] {
  const seen = new Set<string>();
  return totals.filter((t) => {
    const id = `${t.basis}:${t.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
