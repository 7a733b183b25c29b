import type { PerUnitBasis } from "./lab-report";
import type { Cell, Row } from "./text-layout";
import { parseValue, type ParsedValue } from "./value-parse";

/**
 * Which column of an analyte table holds the result, and in what unit: read from the header text
 * printed above each value cell. Shared by the row reader (analyte-tables.ts) and the reader of
 * tables laid out across the page.
 */

export interface Candidate {
  parsed: ParsedValue;
  x: number;
  xEnd: number;
}

/** Placeholder for cells that hold no result: uncertainties, LOD/LOQ pairs, dashes. */
export const AUX: ParsedValue = { value: null, qualifier: null, unit: null, raw: "aux" };

/** Result columns in order of preference when a table prints the same result in several units. */
const UNIT_PREFERENCE = ["%", "mg/g", "mg/serving", "mg/unit", "mg/package", "ppm"];

/** Header cells longer than this are prose above the table (a method statement), not a header. */
const MAX_HEADER_CHARS = 40;

export interface ColumnContext {
  rows: Row[];
  /** Row index of the table's first data row. */
  top: number;
  /** The hit's label cell: rows with a label in its column are data, not header. */
  label: Cell;
  /** Whether a cell names an analyte (never part of a header). */
  isLabel: (cell: Cell) => boolean;
  cache: Map<string, string>;
}

export interface ReadingOptions {
  /** Take no value whose unit is printed nowhere (not in its cell, header or label). */
  unitsMustBePrinted?: boolean;
  /** The words were read by OCR, which loses a faint decimal stop ("23840" for 23.840). */
  stopsMayBeLost?: boolean;
}

/** A row's amounts per serving, unit or package, from the columns whose header names that basis. */
export type ColumnAmounts = Partial<Record<PerUnitBasis, ParsedValue>>;

const AMOUNT_UNITS: [PerUnitBasis, string][] = [
  ["serving", "mg/serving"],
  ["unit", "mg/unit"],
  ["package", "mg/package"],
];

export function chooseValue(
  context: ColumnContext | null,
  candidates: Candidate[],
  labelUnit: string | null,
  { unitsMustBePrinted = false, stopsMayBeLost = false }: ReadingOptions = {},
): { parsed: ParsedValue; unit: string; amounts: ColumnAmounts } | null {
  const options: { parsed: ParsedValue; unit: string | null; rank: number }[] = [];
  for (const candidate of candidates) {
    if (candidate.parsed === AUX) continue;
    const header = context ? headerFor(context, candidate) : "";
    // A header with unreadable glyphs (a repaired text layer's "LO\uFFFD") may name a limit
    // column: its values cannot be taken for results.
    if (isAuxiliaryHeader(header) || header.includes("\uFFFD")) continue;
    const unit = candidate.parsed.unit ?? unitFromHeader(header) ?? labelUnit;
    const rank = unit ? UNIT_PREFERENCE.indexOf(unit) : -1;
    options.push({ parsed: candidate.parsed, unit, rank: rank < 0 ? 99 : rank });
  }
  // "N/A" in a per-serving column of a flower report is no result when another column has one.
  const reported = options.filter((o) => o.parsed.qualifier !== "NT");
  const pool = reported.length > 0 ? reported : options;
  if (pool.length === 0) return null;
  // Edibles print amounts per serving, unit or package beside mg/g: kept aside for the per-unit block.
  const amounts: ColumnAmounts = {};
  for (const [basis, unit] of AMOUNT_UNITS) {
    const found = pool.find((o) => o.unit === unit)?.parsed;
    if (found) amounts[basis] = found;
  }
  const known = pool.filter((o) => o.unit !== null).sort((a, b) => a.rank - b.rank)[0];
  if (known?.unit === "%") {
    // A table printing the result in % and in mg/g prints it twice: 1 % = 10 mg/g. A % column
    // that no mg/g column confirms was taken from the wrong column (a limit, an uncertainty).
    const percents = pool.filter((o) => o.unit === "%" && o.parsed.value !== null);
    const perGram = pool.filter((o) => o.unit === "mg/g" && o.parsed.value !== null);
    if (perGram.length > 0 && percents.length > 0) {
      const agreeing = percents.find((p) => perGram.some((g) => tenfold(p.parsed, g.parsed)));
      if (agreeing) return { parsed: agreeing.parsed, unit: "%", amounts };
      // Read by OCR, the mg/g may be the % digits without its stop: the result printed twice
      // still, taken as the % reads (which this pair does not confirm: it waits for review).
      const stopLost = stopsMayBeLost
        ? percents.find((p) => perGram.some((g) => perGramLostItsStop(p.parsed, g.parsed)))
        : undefined;
      return stopLost ? { parsed: stopLost.parsed, unit: "%", amounts } : null;
    }
    // The same qualifier in a % and a mg/g column ("ND", "ND") is the result printed twice; a
    // number in another % column beside them is a limit whose header was misread ("0Q (%)").
    const twice = pool.find(
      (o) =>
        o.unit === "%" &&
        o.parsed.qualifier !== null &&
        pool.some((g) => g.unit === "mg/g" && g.parsed.qualifier === o.parsed.qualifier),
    );
    if (twice) return { parsed: twice.parsed, unit: "%", amounts };
  }
  if (stopsMayBeLost && known && known.unit !== "%" && known.unit !== "mg/g") {
    // Read by OCR, a row whose only unit read is an amount per serving or package, beside two
    // columns whose headers' units were lost and whose figures are ten times apart (or the same
    // qualifier twice, "ND", "ND"): those are the result's % and mg/g, as on a table whose
    // header names no unit at all.
    const unitless = pool.filter((o) => o.unit === null).map((o) => o.parsed);
    const pair = tenfoldPair(unitless);
    if (pair) return { parsed: pair, unit: "%", amounts };
    const [first, second] = unitless;
    if (first?.qualifier && second?.qualifier === first.qualifier) {
      return { parsed: first, unit: "%", amounts };
    }
  }
  if (stopsMayBeLost && known?.unit === "mg/g") {
    // Read by OCR, an mg/g without its stop ("51" for 5.1) beside a column whose header names no
    // unit and prints the same digits with theirs ("0.51"): that column is the %, taken as it
    // reads (which this pair does not confirm: it waits for review).
    const percent = pool.find(
      (o) =>
        o.unit === null &&
        perGramLostItsStop(o.parsed, known.parsed) &&
        !tenfold(o.parsed, known.parsed),
    );
    if (percent) return { parsed: percent.parsed, unit: "%", amounts };
  }
  if (known) return { parsed: known.parsed, unit: known.unit ?? "%", amounts };
  // No header names a unit (a scan's header lost, a table without one): two cells ten times apart
  // are the result in % and in mg/g, whichever comes first. The rightmost such pair, as limits
  // come before results.
  const pair = tenfoldPair(pool.map((o) => o.parsed));
  if (pair) return { parsed: pair, unit: "%", amounts };
  // No header names a unit: the first value cell is the result on every layout we know. Where
  // units must be printed, only a qualifier is taken (ND is ND in any unit), never a number.
  const first = unitsMustBePrinted ? pool.find((o) => o.parsed.value === null) : pool[0];
  return first ? { parsed: first.parsed, unit: "%", amounts } : null;
}

/** The % of the rightmost two values ten times apart (% and mg/g), zero proving nothing. */
function tenfoldPair(values: ParsedValue[]): ParsedValue | null {
  for (let j = values.length - 1; j > 0; j--) {
    for (let i = j - 1; i >= 0; i--) {
      const [a, b] = [values[i], values[j]];
      if (!a || !b || !a.value || !b.value) continue;
      if (tenfold(a, b)) return a;
      if (tenfold(b, a)) return b;
    }
  }
  return null;
}

/**
 * "2.384" in % beside "23840" in mg/g: the same significant digits, the mg/g without the stop
 * the % has. A % figure read without its stop is never taken so: it would be ten or a hundred
 * times what was printed.
 */
function perGramLostItsStop(percent: ParsedValue, perGram: ParsedValue): boolean {
  if (!percent.value || !perGram.value) return false;
  const digits = (raw: string) => /\d[\d.]*/.exec(raw)?.[0] ?? "";
  const [p, g] = [digits(percent.raw), digits(perGram.raw)];
  if (!p.includes(".") || g.includes(".")) return false;
  const significant = (text: string) => text.replace(".", "").replace(/^0+/, "").replace(/0+$/, "");
  return (
    significant(p).length >= 1 && significant(p) === significant(g) && perGram.value > percent.value
  );
}

/** mg/g = 10 × %, within the rounding of both printed figures. */
function tenfold(percent: ParsedValue, perGram: ParsedValue): boolean {
  if (percent.value === null || perGram.value === null) return false;
  const step = (raw: string) => {
    const digits = /\.(\d+)/.exec(raw)?.[1]?.length ?? 0;
    return 0.5 * 10 ** -digits;
  };
  const slack = 10 * step(percent.raw) + step(perGram.raw) + 1e-9;
  return Math.abs(perGram.value - 10 * percent.value) <= slack;
}

export function isAuxiliaryHeader(header: string): boolean {
  const h = header.toLowerCase();
  if (/result|conc|amount|mass|value|content/.test(h) && !/\blo[dq]\b.*\blo[dq]\b/.test(h)) {
    return /uncert|±/.test(h) && !/result/.test(h);
  }
  return /\blod\b|\bloq\b|lloq|limit|uncert|±|\bmu\b|spec|action|status|dilution|\bcas\b|\brl\b|\bmdl\b/.test(
    h,
  );
}

export function unitFromHeader(header: string): string | null {
  const h = header.toLowerCase().replace(/\s+/g, "");
  if (/mg\/serv|perserving|\/serving/.test(h)) return "mg/serving";
  if (/mg\/unit|perunit|\/unit|mg\/each/.test(h)) return "mg/unit";
  if (/mg\/(pkg|package)|perpackage/.test(h)) return "mg/package";
  if (/mg\/g/.test(h)) return "mg/g";
  if (/%/.test(h)) return "%";
  if (/ppm|µg\/g|ug\/g/.test(h)) return "ppm";
  return null;
}

// A basis word counts too: "Per / Serving Package / mg" heads two columns with one cell.
const UNIT_TOKEN = /%|mg\/g|mg\/serv\w*|mg\/unit|mg\/pkg|mg\/package|ppm|\bserving\b|\bpackage\b/gi;

/**
 * The header text above a value column: per header row, the one cell nearest the column's
 * centre. Prose above the table ends the search; a header cell that spans several columns and
 * names several units ("mg/unit %") gives each column the word above it.
 */
export function headerFor(context: ColumnContext, candidate: Candidate): string {
  const { rows, top, cache } = context;
  const key = `${top}:${Math.round(candidate.x)}:${Math.round(candidate.xEnd)}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const topRow = rows[top];
  const centre = (candidate.x + candidate.xEnd) / 2;
  const parts: string[] = [];
  for (let i = top - 1, taken = 0; i >= 0 && taken < 4; i--) {
    const row = rows[i];
    if (!row || !topRow || row.page !== topRow.page || topRow.y - row.y > 60) break;
    if (isDataRow(row, context.label, context.isLabel)) continue;
    const overlapping = row.cells.filter(
      (c) => c.x < candidate.xEnd + 6 && c.xEnd > candidate.x - 6 && !context.isLabel(c),
    );
    if (overlapping.some((c) => c.text.length > MAX_HEADER_CHARS)) break;
    const nearest = overlapping.sort(
      (a, b) => Math.abs((a.x + a.xEnd) / 2 - centre) - Math.abs((b.x + b.xEnd) / 2 - centre),
    )[0];
    if (nearest) {
      parts.unshift(sliceHeader(nearest, centre));
      taken++;
    }
  }
  const header = parts.join(" ");
  cache.set(key, header);
  return header;
}

/** The word of a multi-unit header cell that sits above `centre`, by its position in the text. */
function sliceHeader(cell: Cell, centre: number): string {
  const units = cell.text.match(UNIT_TOKEN) ?? [];
  if (units.length < 2) return cell.text;
  const perChar = (cell.xEnd - cell.x) / Math.max(cell.text.length, 1);
  let best = cell.text;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const match of cell.text.matchAll(/\S+/g)) {
    const start = cell.x + (match.index ?? 0) * perChar;
    const mid = start + (match[0].length * perChar) / 2;
    if (Math.abs(mid - centre) < bestDistance) {
      bestDistance = Math.abs(mid - centre);
      best = match[0];
    }
  }
  return best;
}

/** The heading of a table's name column: the row it starts is a header, never a result. */
const COLUMN_HEADING = /^(?:analytes?|compounds?|components?|name)$/i;

/** Label columns are left- or right-aligned: a cell starting or ending where the label does. */
function inLabelColumn(cell: Cell, label: Cell): boolean {
  return Math.abs(cell.x - label.x) < 30 || Math.abs(cell.xEnd - label.xEnd) < 3;
}

export function isDataRow(row: Row, labelCell: Cell, isLabel: (cell: Cell) => boolean): boolean {
  const label = row.cells.find((c) => inLabelColumn(c, labelCell));
  if (!label) return false;
  if (isLabel(label) || /^total/i.test(label.text)) return true;
  // A header row ("Analyte | (%) | (mg/g)") can share its line with another table's values.
  if (COLUMN_HEADING.test(label.text)) return false;
  return (
    /[a-z]/i.test(label.text) && row.cells.some((c) => c !== label && parseValue(c.text) !== null)
  );
}

/** The first row of the run of analyte rows that a row belongs to (same page, same label column). */
export function tableTop(
  rows: Row[],
  rowIndex: number,
  labelCell: Cell,
  isLabel: (cell: Cell) => boolean,
): number {
  let top = rowIndex;
  for (let i = rowIndex - 1; i >= 0; i--) {
    const row = rows[i];
    const below = rows[top];
    if (!row || !below || row.page !== below.page || below.y - row.y > 40) break;
    // Rows of analytes missing from the dictionary still belong to the table: a name, then values.
    if (isDataRow(row, labelCell, isLabel)) top = i;
    else if (row.cells.some((c) => inLabelColumn(c, labelCell)) && !isWrappedLabel(row, labelCell))
      break;
  }
  return top;
}

/** The second line of a long name ("Caryophyllene / Oxide"): words in the label column, nothing right of it. */
function isWrappedLabel(row: Row, labelCell: Cell): boolean {
  const inColumn = row.cells.filter((c) => inLabelColumn(c, labelCell));
  return (
    inColumn.length === 1 &&
    inColumn.every((c) => !/\d/.test(c.text)) &&
    !row.cells.some((c) => c.x > labelCell.x + 30)
  );
}

/**
 * A column printing the same number on every row of a table is a detection or quantitation limit
 * (LOD/LOQ), whatever its header says or fails to say: never a result.
 */
export function markLimitColumns(tables: { top: number; candidates: Candidate[] }[]): void {
  const columns = new Map<string, Candidate[]>();
  for (const { top, candidates } of tables) {
    for (const candidate of candidates) {
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
