import type { Analyte } from "./lab-report";
import {
  isBareTotal,
  matchAnalyte,
  matchTotal,
  type AnalyteMatch,
  type TotalKey,
} from "./analyte-dictionary";
import type { Cell, Row } from "./text-layout";
import { isAuxiliaryCell, parseValue, type ParsedValue } from "./value-parse";

/**
 * Reads cannabinoid and terpene rows wherever they sit on the page: a cell that names an analyte,
 * followed by the value cells to its right (up to the next analyte name, which is how two tables
 * side by side stay apart). The column is chosen from the header text above the table.
 */

interface Candidate {
  parsed: ParsedValue;
  x: number;
  xEnd: number;
}

type HitMatch = AnalyteMatch | { key: TotalKey | "bare"; kind: "total"; rank: number };

interface Hit {
  match: HitMatch;
  labelUnit: string | null;
  label: string;
  rowIndex: number;
  labelCell: Cell;
  candidates: Candidate[];
}

const UNIT_PREFERENCE = ["%", "mg/g", "mg/serving", "mg/unit", "mg/package", "ppm"];

/** A printed total found in a table or beside its label; `rank` orders competing labels. */
export interface TotalHit {
  key: TotalKey;
  rank: number;
  label: string;
  rowIndex: number;
  labelCell: Cell;
  measure: { value: number | null; qualifier: ParsedValue["qualifier"]; unit: string } | null;
}

export function readAnalyteTables(rows: Row[]): {
  cannabinoids: Analyte[];
  terpenes: Analyte[];
  totals: TotalHit[];
} {
  const hits: Hit[] = [];
  rows.forEach((row, rowIndex) => {
    let current: Hit | undefined;
    for (const cell of row.cells) {
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
        for (const parsed of labelled.inline)
          current.candidates.push({ parsed, x: cell.x, xEnd: cell.xEnd });
        continue;
      }
      if (!current) continue;
      if (isAuxiliaryCell(cell.text)) {
        current.candidates.push({ parsed: AUX, x: cell.x, xEnd: cell.xEnd });
        continue;
      }
      const parsed = parseCellValue(cell.text);
      if (parsed === "unit") continue;
      if (!parsed) {
        current = undefined;
        continue;
      }
      current.candidates.push({ parsed, x: cell.x, xEnd: cell.xEnd });
    }
  });

  const cannabinoids: Analyte[] = [];
  const terpenes: Analyte[] = [];
  const totals: TotalHit[] = [];
  const seen = new Set<string>();
  const headerCache = new Map<string, string>();
  markLimitColumns(rows, hits);
  hits.forEach((hit, index) => {
    const chosen = chooseValue(rows, hit, headerCache);
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
  });
  return { cannabinoids, terpenes, totals };
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

const AUX: ParsedValue = { value: null, qualifier: null, unit: null, raw: "aux" };

/**
 * A column printing the same number on every row of a table is a detection or quantitation limit
 * (LOD/LOQ), whatever its header says or fails to say: never a result.
 */
function markLimitColumns(rows: Row[], hits: Hit[]): void {
  const columns = new Map<string, Candidate[]>();
  for (const hit of hits) {
    const top = tableTop(rows, hit);
    for (const candidate of hit.candidates) {
      if (candidate.parsed === AUX || candidate.parsed.value === null) continue;
      const key = `${top}:${Math.round((candidate.x + candidate.xEnd) / 2 / 12)}`;
      columns.set(key, [...(columns.get(key) ?? []), candidate]);
    }
  }
  for (const column of columns.values()) {
    if (column.length < 4) continue;
    const counts = new Map<number, number>();
    for (const c of column)
      counts.set(c.parsed.value ?? NaN, (counts.get(c.parsed.value ?? NaN) ?? 0) + 1);
    const most = Math.max(...counts.values());
    if (most / column.length >= 0.8) for (const c of column) c.parsed = AUX;
  }
}

function parseCellValue(text: string): ParsedValue | "unit" | null {
  if (/^(%|mg\/g|ppm|ppb|mg|µg\/g|ug\/g|mg\/serving|mg\/unit)$/i.test(text)) return "unit";
  const whole = parseValue(text);
  if (whole) return whole;
  // "245.2 mg/g (24.52 %)": the percentage in parentheses is the one to keep.
  const paren = /\(([^)]*%)\)/.exec(text);
  if (paren?.[1]) return parseValue(paren[1]);
  // "0.50972% 5.0972 mg/g": several columns ran together; the first is the leading one.
  return parseInline(text)?.[0] ?? null;
}

function matchLabel(text: string): HitMatch | null {
  const analyte = matchAnalyte(text);
  if (analyte) return analyte;
  if (isBareTotal(text)) return { key: "bare", kind: "total", rank: 2 };
  const total = matchTotal(text);
  return total ? { key: total.key, kind: "total", rank: total.rank } : null;
}

function splitLabel(
  text: string,
): { match: HitMatch; label: string; inline: ParsedValue[] } | null {
  const whole = matchLabel(text);
  if (whole) return { match: whole, label: text, inline: [] };
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
    if (inline) return { match, label, inline };
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

function chooseValue(
  rows: Row[],
  hit: Hit,
  cache: Map<string, string>,
): { parsed: ParsedValue; unit: string } | null {
  const options: { parsed: ParsedValue; unit: string | null; rank: number }[] = [];
  for (const candidate of hit.candidates) {
    if (candidate.parsed === AUX) continue;
    const header = headerFor(rows, hit, candidate, cache);
    if (isAuxiliaryHeader(header)) continue;
    const unit = candidate.parsed.unit ?? unitFromHeader(header) ?? hit.labelUnit;
    const rank = unit ? UNIT_PREFERENCE.indexOf(unit) : -1;
    options.push({ parsed: candidate.parsed, unit, rank: rank < 0 ? 99 : rank });
  }
  if (options.length === 0) return null;
  const known = options.filter((o) => o.unit !== null).sort((a, b) => a.rank - b.rank)[0];
  if (known) return { parsed: known.parsed, unit: known.unit ?? "%" };
  // No header names a unit: the first value cell is the result on every layout we know.
  const first = options[0];
  return first ? { parsed: first.parsed, unit: "%" } : null;
}

function isAuxiliaryHeader(header: string): boolean {
  const h = header.toLowerCase();
  if (/result|conc|amount|mass|value|content/.test(h) && !/\blo[dq]\b.*\blo[dq]\b/.test(h)) {
    return /uncert|±/.test(h) && !/result/.test(h);
  }
  return /\blod\b|\bloq\b|lloq|limit|uncert|±|\bmu\b|spec|action|status|dilution|\bcas\b|\brl\b|\bmdl\b/.test(
    h,
  );
}

function unitFromHeader(header: string): string | null {
  const h = header.toLowerCase().replace(/\s+/g, "");
  if (/mg\/serv|perserving|\/serving/.test(h)) return "mg/serving";
  if (/mg\/unit|perunit|\/unit|mg\/each/.test(h)) return "mg/unit";
  if (/mg\/(pkg|package)|perpackage/.test(h)) return "mg/package";
  if (/mg\/g/.test(h)) return "mg/g";
  if (/%/.test(h)) return "%";
  if (/ppm|µg\/g|ug\/g/.test(h)) return "ppm";
  return null;
}

function headerFor(
  rows: Row[],
  hit: Hit,
  candidate: Candidate,
  cache: Map<string, string>,
): string {
  const top = tableTop(rows, hit);
  const key = `${top}:${Math.round(candidate.x)}:${Math.round(candidate.xEnd)}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const topRow = rows[top];
  const parts: string[] = [];
  for (let i = top - 1, taken = 0; i >= 0 && taken < 4; i--) {
    const row = rows[i];
    if (!row || !topRow || row.page !== topRow.page || topRow.y - row.y > 60) break;
    if (isDataRow(row, hit.labelCell.x)) continue;
    const overlapping = row.cells.filter(
      (c) => c.x < candidate.xEnd + 6 && c.xEnd > candidate.x - 6 && !hasAnalyteCell(c),
    );
    if (overlapping.length > 0) {
      parts.unshift(overlapping.map((c) => c.text).join(" "));
      taken++;
    }
  }
  const header = parts.join(" ");
  cache.set(key, header);
  return header;
}

function isDataRow(row: Row, labelX: number): boolean {
  const label = row.cells.find((c) => Math.abs(c.x - labelX) < 30);
  if (!label) return false;
  if (hasAnalyteCell(label) || /^total/i.test(label.text)) return true;
  return (
    /[a-z]/i.test(label.text) && row.cells.some((c) => c !== label && parseValue(c.text) !== null)
  );
}

function hasAnalyteCell(cell: Cell): boolean {
  return splitLabel(cell.text) !== null;
}

/** The first row of the run of analyte rows that `hit` belongs to (same page, same label column). */
function tableTop(rows: Row[], hit: Hit): number {
  let top = hit.rowIndex;
  for (let i = hit.rowIndex - 1; i >= 0; i--) {
    const row = rows[i];
    const below = rows[top];
    if (!row || !below || row.page !== below.page || below.y - row.y > 40) break;
    // Rows of analytes missing from the dictionary still belong to the table: a name, then values.
    const continues = isDataRow(row, hit.labelCell.x);
    if (continues) top = i;
    else if (row.cells.some((c) => Math.abs(c.x - hit.labelCell.x) < 30)) break;
  }
  return top;
}
