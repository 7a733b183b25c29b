import { PER_UNIT_UNITS, type Analyte, type PerUnitBasis } from "./lab-report";
import {
  isBareTotal,
  learnMangledGreek,
  matchAnalyte,
  matchTotal,
  type AnalyteMatch,
  type TotalKey,
} from "./analyte-dictionary";
import type { Cell, Row } from "./text-layout";
import { isAuxiliaryCell, parseValue, type ParsedValue } from "./value-parse";
import {
  AUX,
  chooseValue,
  markLimitColumns,
  tableTop,
  type Candidate,
  type ColumnAmounts,
  type ColumnContext,
  type ReadingOptions,
} from "./table-columns";
import { readAcrossTables } from "./across-tables";

/**
 * Reads cannabinoid and terpene rows wherever they sit on the page: a cell that names an analyte,
 * followed by the value cells to its right (up to the next analyte name, which is how two tables
 * side by side stay apart). The column is chosen from the header text above the table.
 */

export type HitMatch = AnalyteMatch | { key: TotalKey | "bare"; kind: "total"; rank: number };

export interface Hit {
  match: HitMatch;
  labelUnit: string | null;
  label: string;
  rowIndex: number;
  labelCell: Cell;
  candidates: Candidate[];
  /** Read from a table laid out across the page: each value carries its row's unit already. */
  across?: boolean;
}

/** A printed total found in a table or beside its label; `rank` orders competing labels. */
export interface TotalHit {
  key: TotalKey;
  rank: number;
  label: string;
  rowIndex: number;
  labelCell: Cell;
  measure: { value: number | null; qualifier: ParsedValue["qualifier"]; unit: string } | null;
  /** The same total printed per serving, unit or package in columns beside it. */
  amounts?: ColumnAmounts;
}

/** Dashes and empty markers stand in a column that has no result for this row. */
const PLACEHOLDER = /^(?:-{1,3}|\u2014|\u2013|\.)$/;

export function readAnalyteTables(
  printed: Row[],
  options: ReadingOptions = {},
): {
  cannabinoids: Analyte[];
  terpenes: Analyte[];
  totals: TotalHit[];
  /** Cannabinoids as printed in columns per serving, unit or package beside the concentration. */
  amounts: Record<PerUnitBasis, Analyte[]>;
} {
  const rows = relabelMangledGreek(printed);
  const hits: Hit[] = [...readAcrossTables(rows, matchLabel)];
  rows.forEach((row, rowIndex) => {
    let current: Hit | undefined;
    row.cells.forEach((cell, c) => {
      if (isDecarboxylationFactor(row, c)) {
        // "Total THC = THCA × 0.877 + THC": a formula, its figure no result of the acid's.
        current = undefined;
        return;
      }
      const labelled = splitLabel(cell.text);
      if (labelled) {
        current = {
          match: labelled.match,
          label: labelled.label,
          labelUnit: /mg\/g/i.test(labelled.label) ? "mg/g" : /%/.test(labelled.label) ? "%" : null,
          rowIndex,
          labelCell: cell,
          candidates: [],
        };
        hits.push(current);
        current.candidates.push(...spread(labelled.inline, labelled.restStart, cell));
        return;
      }
      if (!current) return;
      if (isAuxiliaryCell(cell.text) || PLACEHOLDER.test(cell.text)) {
        current.candidates.push({ parsed: AUX, x: cell.x, xEnd: cell.xEnd });
        return;
      }
      const parsed = parseCellValues(cell.text);
      if (parsed === "unit") return;
      if (!parsed) {
        current = undefined;
        return;
      }
      current.candidates.push(...spread(parsed, 0, cell));
    });
  });

  hits.sort((a, b) => a.rowIndex - b.rowIndex);
  const cannabinoids: Analyte[] = [];
  const terpenes: Analyte[] = [];
  const totals: TotalHit[] = [];
  const amounts: Record<PerUnitBasis, Analyte[]> = { serving: [], unit: [], package: [] };
  const seen = new Set<string>();
  const cache = new Map<string, string>();
  const contextFor = (hit: Hit): ColumnContext => ({
    rows,
    top: tableTop(rows, hit.rowIndex, hit.labelCell, isLabelCell),
    label: hit.labelCell,
    isLabel: isLabelCell,
    cache,
  });
  markLimitColumns(
    hits
      .filter((hit) => !hit.across)
      .map((hit) => ({ top: contextFor(hit).top, candidates: hit.candidates })),
  );
  hits.forEach((hit, index) => {
    const chosen = chooseValue(
      hit.across ? null : contextFor(hit),
      hit.candidates,
      hit.labelUnit,
      options,
    );
    if (hit.match.kind === "total") {
      const key = hit.match.key === "bare" ? bareTotalKey(rows, hits, index) : hit.match.key;
      if (!key) return;
      totals.push({
        key,
        rank: hit.match.key === "bare" ? (key === "terpenes" ? 1 : 2) : hit.match.rank,
        label: hit.label,
        rowIndex: hit.rowIndex,
        labelCell: hit.labelCell,
        measure: chosen
          ? { value: chosen.parsed.value, qualifier: chosen.parsed.qualifier, unit: chosen.unit }
          : null,
        ...(chosen ? { amounts: chosen.amounts } : {}),
      });
      return;
    }
    if (!chosen) return;
    const id = `${hit.match.kind}:${hit.match.key}`;
    if (seen.has(id)) return;
    seen.add(id);
    const analyte: Analyte = {
      analyte: hit.match.key,
      label: hit.label,
      value: chosen.parsed.value,
      unit: chosen.unit,
      qualifier: chosen.parsed.qualifier,
      source: "printed",
    };
    (hit.match.kind === "cannabinoid" ? cannabinoids : terpenes).push(analyte);
    if (hit.match.kind !== "cannabinoid") return;
    for (const [basis, amount] of Object.entries(chosen.amounts) as [PerUnitBasis, ParsedValue][]) {
      if (chosen.unit === PER_UNIT_UNITS[basis]) continue;
      amounts[basis].push({
        ...analyte,
        value: amount.value,
        qualifier: amount.qualifier,
        unit: PER_UNIT_UNITS[basis],
      });
    }
  });
  return { cannabinoids, terpenes, totals, amounts };
}

/**
 * 0.877 after a cannabinoid's name, in a total's formula ("Total THC = THCA × 0.877 + Δ9-THC"):
 * the acid's weight, not its result. A formula names a cannabinoid after the weight, or its total.
 */
function isDecarboxylationFactor(row: Row, c: number): boolean {
  const [before, cell, after] = [row.cells[c - 1], row.cells[c], row.cells[c + 1]];
  if (!before || !cell || !/^[x×*]?\s*0\.877\s*[+)]?$/i.test(cell.text)) return false;
  const cannabinoid = (text: string) => splitLabel(text)?.match.kind === "cannabinoid";
  if (!cannabinoid(before.text.replace(/[*]+$/, ""))) return false;
  // The name after may run on into the next sentence ("Δ9-THC; Total CBD").
  return cannabinoid(after?.text.split(/[;,]/)[0] ?? "") || /\btotal\b/i.test(row.text);
}

/**
 * Several values run together in one cell ("0.200 0.258 0.026": LOQ, mg/g, %) sit in several
 * columns: each gets the stretch of the cell its characters occupy, so headers can still be read.
 */
function spread(values: ParsedValue[], from: number, cell: Cell): Candidate[] {
  if (values.length === 0) return [];
  const [only] = values;
  if (only && values.length === 1 && from === 0) return [positioned(only, cell)];
  const perChar = (cell.xEnd - cell.x) / Math.max(cell.text.length, 1);
  const out: Candidate[] = [];
  let cursor = from;
  for (const parsed of values) {
    const at = cell.text.indexOf(parsed.raw, cursor);
    const start = at < 0 ? cursor : at;
    cursor = start + parsed.raw.length;
    out.push({ parsed, x: cell.x + start * perChar, xEnd: cell.x + cursor * perChar });
  }
  return out;
}

function positioned(parsed: ParsedValue, cell: Cell): Candidate {
  return { parsed, x: cell.x, xEnd: cell.xEnd };
}

/** A bare "Total" row totals the table above it: find that table's kind from its rows. */
function bareTotalKey(rows: Row[], hits: Hit[], index: number): TotalKey | null {
  const hit = hits[index];
  if (!hit) return null;
  const page = rows[hit.rowIndex]?.page;
  for (let i = index - 1; i >= 0; i--) {
    const above = hits[i];
    if (!above || rows[above.rowIndex]?.page !== page) break;
    if (Math.abs(above.labelCell.x - hit.labelCell.x) > 30 || above.match.kind === "total")
      continue;
    return above.match.kind === "cannabinoid" ? "cannabinoids" : "terpenes";
  }
  return null;
}

const LIMIT_PAIR = /\s\d+(?:\.\d+)?\s?\/\s?\d+(?:\.\d+)?(?=\s|$)/g;

function parseCellValues(text: string): ParsedValue[] | "unit" | null {
  if (/^(%|mg\/g|ppm|ppb|mg|µg\/g|ug\/g|mg\/serving|mg\/unit)$/i.test(text)) return "unit";
  const whole = parseValue(text);
  if (whole) return [whole];
  // "245.2 mg/g (24.52 %)": the percentage in parentheses is the one to keep.
  const paren = /\(([^)]*%)\)/.exec(text);
  if (paren?.[1]) {
    const inParen = parseValue(paren[1]);
    return inParen ? [inParen] : null;
  }
  // "0.50972% 5.0972 mg/g": several columns ran together, maybe with an LOD/LOQ pair among them
  // ("0.19386%1.9386mg/g 1.90385/138.77875"), which is no result.
  return parseInline(text.replace(LIMIT_PAIR, " "));
}

export function matchLabel(text: string): HitMatch | null {
  // "CBD\uFFFD" may be CBDa or CBDV whose last glyph is unreadable: no analyte, rather than CBD.
  if (text.includes("\uFFFD")) return null;
  const analyte = matchAnalyte(text);
  if (analyte) return analyte;
  if (isBareTotal(text)) return { key: "bare", kind: "total", rank: 2 };
  const total = matchTotal(text);
  return total ? { key: total.key, kind: "total", rank: total.rank } : null;
}

function splitLabel(
  text: string,
): { match: HitMatch; label: string; inline: ParsedValue[]; restStart: number } | null {
  const whole = matchLabel(text);
  if (whole) return { match: whole, label: text, inline: [], restStart: 0 };
  // "10 limonene": a row number printed in the same cell as the name.
  const numbered = /^\d{1,3} (?=[a-z])/i.exec(text);
  if (numbered) {
    const rest = splitLabel(text.slice(numbered[0].length));
    if (rest) return { ...rest, restStart: rest.restStart + numbered[0].length };
  }
  const words = text.split(" ");
  for (let k = Math.min(5, words.length - 1); k >= 1; k--) {
    const label = words.slice(0, k).join(" ");
    const match = matchLabel(label);
    if (!match) continue;
    const rest = words
      .slice(k)
      .join(" ")
      .replace(/^[:=]\s*/, "");
    const inline = parseInline(rest);
    // "Nerolidol 1", "Ocimene 2": a lone digit after a name numbers an isomer, it is no result.
    if (inline && !(inline.length === 1 && /^\d$/.test(inline[0]?.raw ?? ""))) {
      return { match, label, inline, restStart: label.length };
    }
  }
  return null;
}

/** "9.898 mg/g" or "0.04 0.12 ND": every token must be a value or a unit. */
function parseInline(text: string): ParsedValue[] | null {
  const tokens = text.match(
    /[<>]?\s?\d+(?:\.\d+)?\s?(?:%|mg\/g|mg\/serving|mg\/unit)?|<\s?LOQ|ND|NT/gi,
  );
  if (!tokens) return null;
  const joined = tokens.join("").replace(/\s/g, "");
  if (joined.length < text.replace(/[\s,;]/g, "").length) return null;
  const values: ParsedValue[] = [];
  for (const token of tokens) {
    const parsed = parseValue(token);
    if (!parsed) return null;
    values.push(parsed);
  }
  return values;
}

/** Table and header searches ask this of the same cells many times: remembered by text. */
const labelCells = new Map<string, boolean>();

function isLabelCell(cell: Cell): boolean {
  let known = labelCells.get(cell.text);
  if (known === undefined) {
    known = splitLabel(cell.text) !== null;
    if (labelCells.size > 20_000) labelCells.clear();
    labelCells.set(cell.text, known);
  }
  return known;
}

/** Rows whose cells read with this document's stray Greek prefixes spelled out (see learnMangledGreek). */
function relabelMangledGreek(rows: Row[]): Row[] {
  const relabel = learnMangledGreek(rows.flatMap((r) => r.cells.map((c) => c.text)));
  return rows.map((row) => {
    const cells = row.cells.map((c) => {
      const text = relabel(c.text);
      return text === c.text ? c : { ...c, text };
    });
    return cells.every((c, i) => c === row.cells[i]) ? row : { ...row, cells };
  });
}
