import type { LabReport, PanelStatus } from "./lab-report";
import { parseDate } from "./coa-dates";
import { knownPanel, panelKey, parseStatus, readLegend } from "./panel-names";
import type { Cell, Row } from "./text-layout";
import { blankSummaryCells, emptySections, unjudgedSummaryRows } from "./panel-gaps";
import { squeezeLetterSpacing } from "./letter-spacing";
import { sectionVerdicts } from "./section-verdicts";

export { panelKey, parseStatus } from "./panel-names";

/**
 * Safety panels and the overall verdict, in the layouts labs print them: "Pesticides: PASS" in
 * one cell or two, summary tables ("Moisture  11/02/2021  Complete"), tiles with the verdict above
 * or below the name, names wrapped over two lines beside their verdict, and section headings
 * ("Heavy Metals Lab Results … Pass"). The first verdict found for a panel wins: page one's
 * summary comes first.
 */

type Status = (text: string, rowIndex: number) => PanelStatus | null;

/** A legend's symbols ("-" = Not Tested) hold only for the table beside it. */
const LEGEND_REACH = 15;

export function readSafety(rows: Row[]): LabReport["safety"] {
  const status = legendStatus(rows);
  /** Each cell's place in its row, for cells reached from another row. */
  const columnOf = new Map<Cell, number>();
  for (const row of rows) row.cells.forEach((cell, c) => columnOf.set(cell, c));
  const panels = new Map<string, PanelStatus>();
  const used = new Set<Cell>();
  const set = (key: string, value: PanelStatus, cell: Cell | null) => {
    // "Tested" says a panel was run, not how it came out: a verdict found for it elsewhere (a
    // results table's status column beside the section's PASS) says more.
    const known = panels.get(key);
    if (!known || (known === "tested" && (value === "pass" || value === "fail"))) {
      panels.set(key, value);
    }
    if (cell) used.add(cell);
  };

  rows.forEach((row, rowIndex) => {
    const panelRow = isPanelRow(row);
    row.cells.forEach((cell) => {
      const inline = inlineVerdict(cell.text);
      if (inline) return set(inline.key, inline.status, null);
      const wrapped = cellBelow(rows, rowIndex, cell);
      let key = knownPanel(cell.text);
      const origins: [number, Cell][] = [[rowIndex, cell]];
      if (wrapped) {
        // "Total Yeast and / Mold", "FILTH & FOREIGN MATERIAL / ANALYSIS".
        const joined = knownPanel(`${cell.text} ${wrapped.cell.text}`);
        if (joined && (!key || joined === key)) {
          key = joined;
          origins.push([wrapped.rowIndex, wrapped.cell]);
        }
      }
      if (!key && panelRow && isNameLike(cell.text)) key = panelKey(cell.text);
      if (!key || panels.has(key)) return;
      for (const [index, origin] of origins) {
        const beside = rightOf(rows, index, columnOf.get(origin) ?? -1, status);
        const owned =
          beside && !underAnotherName(rows, index, beside.cell, origins) ? beside : null;
        const found = owned ?? vertical(rows, index, origin, status);
        if (found) return set(key, found.status, found.cell);
      }
    });
  });
  // Verdicts nobody claimed: their name wraps over lines beside them, or sits on the row above
  // a generic "All Results" label.
  rows.forEach((row, rowIndex) => {
    row.cells.forEach((cell, c) => {
      const value = status(cell.text, rowIndex);
      if (!value || used.has(cell)) return;
      const key = wrappedName(rows, rowIndex, cell) ?? headingName(rows, rowIndex, row, c);
      if (key) set(key, value, cell);
    });
  });
  for (const [key, value] of dispositionColumn(rows)) set(key, value, null);
  for (const [key, value] of sectionVerdicts(rows)) set(key, value, null);
  for (const [key, value] of blankSummaryCells(rows, panels)) set(key, value, null);
  for (const key of emptySections(rows)) set(key, "not-tested", null);
  for (const key of unjudgedSummaryRows(rows)) set(key, "not-tested", null);
  return {
    overall: readOverall(rows),
    panels: [...panels].map(([panel, value]) => ({ panel, status: value })),
  };
}

/**
 * A cell's verdict: its own words ("Pass", "ND"), or a symbol a legend within reach on the same page
 * defines ("-" = Not Tested), the legend of the earliest row winning. Only the rows within reach are
 * looked at, so a dense page costs the same per cell as a sparse one.
 */
export function legendStatus(rows: Row[], counter?: { rowsLookedAt: number }): Status {
  const legends = rows.map((row) => {
    const symbols = readLegend(row.cells.map((c) => c.text));
    return symbols.size > 0 ? symbols : null;
  });
  return (text, rowIndex) => {
    const direct = parseStatus(text);
    if (direct) return direct;
    const symbol = text.trim().toLowerCase();
    const page = rows[rowIndex]?.page;
    const last = Math.min(rows.length - 1, rowIndex + LEGEND_REACH);
    for (let i = Math.max(0, rowIndex - LEGEND_REACH); i <= last; i++) {
      if (counter) counter.rowsLookedAt++;
      const legend = legends[i];
      if (!legend || rows[i]?.page !== page) continue;
      const value = legend.get(symbol);
      if (value) return value;
    }
    return null;
  };
}

/**
 * A "Requested Testing" table: each test's name on the left, its disposition in a far-right column
 * somewhere in the rows the test's description wraps over ("N/A" there: no verdict was made).
 */
function dispositionColumn(rows: Row[]): [string, PanelStatus][] {
  const found: [string, PanelStatus][] = [];
  rows.forEach((row, headerIndex) => {
    const header = row.cells.find((c) => /^dispositio/i.test(c.text));
    if (!header) return;
    const inColumn = (r: Row) => r.cells.find((c) => c.x >= header.x - 15 && c.x < header.xEnd);
    let current: string | null = null;
    for (let i = headerIndex + 1; i < rows.length && i < headerIndex + 40; i++) {
      const r = rows[i];
      if (!r || r.page !== row.page) break;
      const name = r.cells[0] && r.cells[0].x < header.x ? knownPanel(r.cells[0].text) : null;
      if (name) current = name;
      const cell = inColumn(r);
      if (!current || !cell) continue;
      const value = parseStatus(cell.text) ?? (/^n\/?a$/i.test(cell.text) ? "not-tested" : null);
      if (value) {
        found.push([current, value]);
        current = null;
      }
    }
  });
  return found;
}

/** "Microbes: PASS", "Foreign Materials Pass", "Heavy Metals: NE". */
function inlineVerdict(text: string): { key: string; status: PanelStatus } | null {
  const m =
    /^(.+?)\s*:?\s+(pass(?:ed)?|fail(?:ed)?|not tested|ne|nt|t ?e ?s ?t ?e ?d|complete)$/i.exec(
      text,
    );
  if (!m?.[1] || !m[2]) return null;
  const key = knownPanel(m[1]);
  const value = parseStatus(m[2]);
  return key && value ? { key, status: value } : null;
}

/** To the right, past dates, numbers and method codes (a summary table's other columns). */
function rightOf(
  rows: Row[],
  rowIndex: number,
  c: number,
  status: Status,
): { status: PanelStatus; cell: Cell } | null {
  const row = rows[rowIndex];
  if (!row || c < 0) return null;
  for (let k = c + 1; k < Math.min(row.cells.length, c + 6); k++) {
    const next = row.cells[k];
    if (!next) break;
    const value = status(next.text, rowIndex) ?? trailingStatus(next.text);
    if (value) return { status: value, cell: next };
    if (knownPanel(next.text) || !isSkippable(next.text)) break;
  }
  return null;
}

/**
 * A verdict straight under another name of a grid's row above belongs to that name: tiles print a
 * wrapped name's second line ("FILTH & FOREIGN MATERIAL / ANALYSIS") level with the next tile's
 * verdict, and a scan's rows, less exact than a text layer's, may join the two.
 */
function underAnotherName(
  rows: Row[],
  rowIndex: number,
  verdict: Cell,
  origins: [number, Cell][],
): boolean {
  const row = rows[rowIndex];
  const above = rows[rowIndex - 1];
  if (!row || !above || above.page !== row.page || row.y - above.y > row.height * 1.6) return false;
  if (!isPanelRow(above)) return false;
  return cellsOver(above, verdict.x, verdict.xEnd).some(
    (cell) => !origins.some(([, origin]) => origin === cell) && isNameLike(cell.text),
  );
}

/** The next line's cell straight below, when it continues a wrapped name. */
function cellBelow(
  rows: Row[],
  rowIndex: number,
  cell: Cell,
): { rowIndex: number; cell: Cell } | null {
  const row = rows[rowIndex];
  const next = rows[rowIndex + 1];
  if (!row || !next || next.page !== row.page || next.y - row.y > row.height * 1.4) return null;
  const below = cellsOver(next, cell.x, cell.xEnd)[0];
  return below && isNameLike(below.text) ? { rowIndex: rowIndex + 1, cell: below } : null;
}

function isNameLike(text: string): boolean {
  return /^[A-Za-z][A-Za-z &+/()'-]{1,40}:?$/.test(text) && !parseStatus(text);
}

/**
 * A row of a summary grid: only panel names (at least two the dictionary knows), or names with
 * their verdicts. Its other names are panels too, even ones the dictionary lacks ("Homogeneity").
 */
function isPanelRow(row: Row): boolean {
  const names = row.cells.filter((c) => !parseStatus(c.text.replace(/[✔✓√]/g, "")));
  if (names.length === 0 || !names.every((c) => isNameLike(c.text.replace(/[✔✓√]/g, "")))) {
    return false;
  }
  const known = names.filter((c) => knownPanel(c.text)).length;
  const verdicts = row.cells.length - names.length;
  return known >= 2 || (known >= 1 && verdicts >= 1);
}

/** Tiles: the nearer verdict straight above or below the name, past a value ("0.59 aw"). */
function vertical(
  rows: Row[],
  rowIndex: number,
  cell: Cell,
  status: Status,
): { status: PanelStatus; cell: Cell } | null {
  const row = rows[rowIndex];
  if (!row) return null;
  let best: { status: PanelStatus; cell: Cell; distance: number } | null = null;
  for (const direction of [1, -1]) {
    for (let step = 1; step <= 3; step++) {
      const other = rows[rowIndex + step * direction];
      if (!other || other.page !== row.page) break;
      const distance = Math.abs(other.y - row.y);
      // A row of check-mark icons may be drawn larger than the captions under them.
      const icons = isIconRow(other);
      if (distance > (icons ? Math.max(row.height, other.height) : row.height) * 3.5) break;
      const over = cellsOver(other, cell.x - 8, cell.xEnd + 8);
      const at = rowIndex + step * direction;
      const hit = over.find((o) => status(o.text, at) ?? trailingStatus(o.text));
      if (hit) {
        const value = (status(hit.text, at) ?? trailingStatus(hit.text)) as PanelStatus;
        if (!best || distance < best.distance) best = { status: value, cell: hit, distance };
        break;
      }
      if (over.some((o) => knownPanel(o.text) || !isSkippable(o.text))) break;
    }
  }
  return best;
}

/** A name wrapped over the lines around its verdict, just left of it: "Heavy / Metals  P". */
function wrappedName(rows: Row[], rowIndex: number, cell: Cell): string | null {
  const row = rows[rowIndex];
  if (!row) return null;
  const parts: string[] = [];
  for (let i = rowIndex - 1; i <= rowIndex + 1; i++) {
    const other = rows[i];
    if (!other || other.page !== row.page || Math.abs(other.y - row.y) > row.height * 1.6) continue;
    const left = lastEndingBy(other, cell.x + 2, cell.x - 80);
    if (left && !parseStatus(left.text)) parts.push(left.text);
  }
  return parts.length > 0 ? knownPanel(parts.join(" ")) : null;
}

/** "Mycotoxin Screening" on one line, "All Results  NT" on the next. */
function headingName(rows: Row[], rowIndex: number, row: Row, c: number): string | null {
  const label = row.cells[c - 1];
  const verdict = row.cells[c];
  if (!label || !verdict || !/^(?:all )?results?$/i.test(label.text)) return null;
  const above = rows[rowIndex - 1];
  if (!above || above.page !== row.page) return null;
  const heading = cellsOver(above, label.x, verdict.xEnd)[0];
  return heading ? knownPanel(heading.text) : null;
}

/**
 * A row's cells come left to right without overlapping (text-layout.ts), so their ends rise too:
 * the cells under a span are found by halving, not by walking a row that may hold thousands. A
 * row built otherwise is walked.
 */
const ordered = new WeakMap<Row, boolean>();
function inOrder(row: Row): boolean {
  let known = ordered.get(row);
  if (known === undefined) {
    known = row.cells.every((c, i) => {
      const previous = row.cells[i - 1];
      return !previous || (previous.xEnd <= c.x && previous.xEnd <= c.xEnd);
    });
    ordered.set(row, known);
  }
  return known;
}

/** The first cell whose end is past `x`, by halving (row in order). */
function firstEndingAfter(row: Row, x: number): number {
  let low = 0;
  let high = row.cells.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((row.cells[middle]?.xEnd ?? Infinity) > x) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The cells of a row overlapping the span from `from` to `to`, left to right. */
function cellsOver(row: Row, from: number, to: number): Cell[] {
  if (!inOrder(row)) return row.cells.filter((o) => o.x < to && o.xEnd > from);
  const over: Cell[] = [];
  for (let i = firstEndingAfter(row, from); i < row.cells.length; i++) {
    const cell = row.cells[i];
    if (!cell || cell.x >= to) break;
    over.push(cell);
  }
  return over;
}

/** The cell ending furthest right at or before `by`, if it ends after `after`. */
function lastEndingBy(row: Row, by: number, after: number): Cell | undefined {
  const candidates = inOrder(row)
    ? row.cells.slice(Math.max(0, firstEndingAfter(row, by) - 1), firstEndingAfter(row, by))
    : row.cells;
  return candidates
    .filter((o) => o.xEnd <= by && o.xEnd > after)
    .sort((a, b) => b.xEnd - a.xEnd)[0];
}

const iconRows = new WeakMap<Row, boolean>();
/** A row of check marks only. */
function isIconRow(row: Row): boolean {
  let icons = iconRows.get(row);
  if (icons === undefined) {
    icons = row.cells.every((o) => parseStatus(o.text) === "tested" && o.text.length <= 2);
    iconRows.set(row, icons);
  }
  return icons;
}

function isSkippable(text: string): boolean {
  return (
    parseDate(text) !== null ||
    /^[<>]?\s*[\d.,]+\s*(%|aw|ppm|ppb|cfu\/g)?$/i.test(text) ||
    /^(n\/a|na|nd|%|ppm|ppb|cannabinoids|mycotoxins|< ?mrl)$/i.test(text) ||
    // Method codes in a summary table: "POT-PREP-003", "SOP-103".
    /^[A-Z0-9]+(?:-[A-Z0-9]+)+$/.test(text)
  );
}

/** "0.51 aw - Pass", "12.2% - Complete". */
function trailingStatus(text: string): PanelStatus | null {
  const m = /(?:^|[\s-])(pass|passed|fail|failed|complete|not tested)$/i.exec(text);
  return m?.[1] && /\d/.test(text) ? parseStatus(m[1]) : null;
}

function readOverall(rows: Row[]): PanelStatus | null {
  const label =
    /^(?:.*\|\s*)?(overall batch results?|overall batch|overall results?|overall|batch results?|overall status|batch status|batch|summary)\s*:?\s*(pass(?:ed)?|fail(?:ed)?)?$/i;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!row) continue;
    for (let c = 0; c < row.cells.length; c++) {
      const cell = row.cells[c];
      if (!cell) continue;
      const m = label.exec(squeezeLetterSpacing(cell.text).replace(/[✔✓√]/g, ""));
      if (!m) continue;
      if (m[2]) return parseStatus(m[2]);
      for (let k = c + 1; k < Math.min(row.cells.length, c + 4); k++) {
        const status = parseStatus(row.cells[k]?.text ?? "");
        if (status === "pass" || status === "fail") return status;
        if (!isSkippable(row.cells[k]?.text ?? "")) break;
      }
    }
  }
  return headlineVerdict(rows);
}

/** A lone, large PASS or FAIL in page one's header is the report's verdict (no label beside it). */
function headlineVerdict(rows: Row[]): PanelStatus | null {
  const top = rows.filter((r) => r.page === 1).slice(0, 30);
  for (const row of top) {
    if (row.height < 12 || row.cells.some((c) => knownPanel(c.text))) continue;
    const verdicts = row.cells.map((c) => parseStatus(c.text)).filter((v) => v !== null);
    if (verdicts.length === 1 && (verdicts[0] === "pass" || verdicts[0] === "fail")) {
      return verdicts[0];
    }
  }
  return null;
}
