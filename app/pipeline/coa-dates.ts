import type { Cell, Row } from "./text-layout";
import { nearCell } from "./labelled-values";
import { squeezeLetterSpacing } from "./letter-spacing";

/** Dates as labs print them, read into ISO (YYYY-MM-DD). US labs write month first. */

const MONTH_NAME =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/i;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

export function parseDate(text: string): string | null {
  let m = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/.exec(text);
  if (m) {
    const year = Number(m[3]) < 100 ? 2000 + Number(m[3]) : Number(m[3]);
    return iso(year, Number(m[1]), Number(m[2]));
  }
  // "Jun 24, 2022", and "DEC19,2021" from letter-spaced type that lost its spaces.
  m = /\b([A-Za-z]{3,9})\.?\s*(\d{1,2}),?\s*(\d{4})\b/.exec(text);
  if (m && monthIndex(m[1] ?? "") > 0)
    return iso(Number(m[3]), monthIndex(m[1] ?? ""), Number(m[2]));
  m = /\b(\d{1,2})[\s-]([A-Za-z]{3,9})[\s-](\d{4})\b/.exec(text);
  if (m) return iso(Number(m[3]), monthIndex(m[2] ?? ""), Number(m[1]));
  // "30 Sep 21": a two-digit year only after a month's name, where nothing else can be meant.
  m = /\b(\d{1,2})[\s-]([A-Za-z]{3,9})\.?[\s-](\d{2})\b(?![/.:-]\d)/.exec(text);
  if (m && MONTH_NAME.test(m[2] ?? ""))
    return iso(2000 + Number(m[3]), monthIndex(m[2] ?? ""), Number(m[1]));
  return null;
}

/** Every date in a text, in order ("7/6/2021 - 7/8/2021" gives both). */
function allDates(text: string): string[] {
  const found: string[] = [];
  for (const part of text.split(/\s+(?:-|–|to|through)\s+/i)) {
    const date = parseDate(part);
    if (date) found.push(date);
  }
  return found;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function iso(year: number, month: number, day: number): string | null {
  if (year < 2000 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * When the sample was analysed. Reports print many dates (collected, received, one per panel);
 * the one that describes the report's results is the potency (cannabinoid) test date, so a date
 * printed with the cannabinoid section wins over the first test date elsewhere. Received and
 * collected dates are never taken for it: a wrong date is worse than none. "Running on" is the
 * instrument run in a section's analysis block (Kaycha): the day the sample was tested.
 */
const TESTED_LABEL =
  /(?:cannabinoids?\s+)?(?:date tested|tested on|tested|test date|date of testing|analysis date|date analy[sz]ed|date\/time analy[sz]ed|sample analy[sz]ed|analy[sz]ed on|dates? of analy\w*|running on)/;
/** A bare "Date:" counts only beside an analyst's sign-off ("Analyst Detail: …  Date: …"). */
const ANALYST_ROW = /analyst|analy[sz]ed by|analytical method|\btech(?:nician)?\s*:/i;
const CANNABINOID_ANCHOR =
  /^(?:\[[a-z]\]\s*)?(?:cannabinoids?|potency)(?:\s+(?:profile|analysis|tests?|test results?|results?|potency|summary|testing))?\b/i;

interface Found {
  date: string;
  rowIndex: number;
  cell: Cell;
}

export function readDateTested(rows: Row[]): string | null {
  const candidates = testedCandidates(rows);
  const anchors = cannabinoidAnchors(rows);
  // 1. On the cannabinoid row itself: "Cannabinoids  09/07/2022  Complete", "[H] Cannabinoid
  //    Profile … Analysis Date: 06/24/22", "CANNABINOID TEST RESULTS - 11/17/2021".
  for (const anchor of anchors) {
    const row = rows[anchor.rowIndex];
    if (!row) continue;
    const own = allDates(anchor.text.replace(CANNABINOID_ANCHOR, ""));
    if (own.length > 0) return own[own.length - 1] ?? null;
    const bound = candidates.find(
      (c) => c.rowIndex === anchor.rowIndex && c.cell.x >= anchor.cell.x,
    );
    if (bound) return bound.date;
    const start = row.cells.indexOf(anchor.cell);
    for (const cell of row.cells.slice(start + 1, start + 4)) {
      if (cell.x - anchor.cell.xEnd > 250) break;
      if (/^\S+\s*$/.test(cell.text) && parseDate(cell.text)) return parseDate(cell.text);
    }
  }
  // 2. The first test date after a cannabinoid heading on its page, in its column if one is there.
  for (const anchor of anchors) {
    const page = rows[anchor.rowIndex]?.page;
    const after = candidates.filter(
      (c) => c.rowIndex > anchor.rowIndex && rows[c.rowIndex]?.page === page,
    );
    const inColumn = after.find((c) => c.cell.x < anchor.cell.xEnd && c.cell.xEnd > anchor.cell.x);
    const chosen = inColumn ?? after[0];
    if (chosen) return chosen.date;
  }
  // 3. The report's first test date.
  return candidates[0]?.date ?? null;
}

function cannabinoidAnchors(rows: Row[]): { rowIndex: number; cell: Cell; text: string }[] {
  const anchors: { rowIndex: number; cell: Cell; text: string }[] = [];
  rows.forEach((row, rowIndex) => {
    for (const cell of row.cells) {
      if (cell.text.length >= 60 && !/(?:\S ){8}/.test(cell.text)) continue;
      if (CANNABINOID_ANCHOR.test(cell.text)) {
        anchors.push({ rowIndex, cell, text: cell.text });
        continue;
      }
      // Letter-spaced method headings: "B C L- 0 3 : C A N N A B I N O I D P O T E N C Y … // D E C 1 6 , 2 0 2 1".
      const squeezed = squeezeLetterSpacing(cell.text);
      const coded = /^[A-Z]{2,5}-?\d+:(?:CANNABINOIDS?|POTENCY)/.exec(squeezed);
      if (coded) anchors.push({ rowIndex, cell, text: squeezed.slice(coded[0].length) });
    }
  });
  return anchors;
}

function testedCandidates(rows: Row[]): Found[] {
  const anchored = new RegExp(`^(?:${TESTED_LABEL.source})\\s*[:#.]*\\s*(.*)$`, "i");
  const bare = /^date(?:\/time)?\s*:?\s*(.*)$/i;
  const found: Found[] = [];
  rows.forEach((row, rowIndex) => {
    const analystRow = ANALYST_ROW.test(row.text);
    row.cells.forEach((cell, c) => {
      const match = anchored.exec(cell.text) ?? (analystRow ? bare.exec(cell.text) : null);
      if (!match) return;
      const date = valueDate(rows, rowIndex, row.cells, c, (match[1] ?? "").trim());
      if (date) found.push({ date, rowIndex, cell });
    });
  });
  return found;
}

/** The date after a label: in its own cell, the next cell, or the cell below (tile layouts). */
function valueDate(
  rows: Row[],
  rowIndex: number,
  cells: Cell[],
  c: number,
  rest: string,
): string | null {
  const cell = cells[c];
  if (!cell) return null;
  if (rest) {
    const dates = allDates(rest);
    // A range ("7/6/2021 - 7/8/2021") ends on the day testing finished.
    return /\s(?:-|–|to|through)\s/.test(rest)
      ? (dates[dates.length - 1] ?? null)
      : (dates[0] ?? null);
  }
  const next = cells[c + 1];
  if (next && next.x - cell.xEnd < 200) {
    const dates = allDates(next.text);
    if (dates.length > 0) return dates[dates.length - 1] ?? null;
  }
  const below = nearCell(rows, rowIndex, cell, 1);
  if (below && /^[\d/.\-: ,A-Za-z]{6,30}$/.test(below.text)) return parseDate(below.text);
  return null;
}

/**
 * When the report was issued: the issue, report or completion date, or the date beside the lab
 * director's signature when that is all the report prints.
 */
const ISSUED_LABEL =
  /(?:date issued|issued(?: on)?|issue date|report date|date reported|reported(?: on)?|report (?:created|submitted|generated|issued)|date completed|completed(?: on)?|complete(?=\s*:)|completion date|released|finali[sz]ed|certificate date|date of report|sample approved|document created)/;

export function readDateIssued(rows: Row[]): string | null {
  const anchored = new RegExp(`^(?:${ISSUED_LABEL.source})\\s*[:#.]*\\s*(.*)$`, "i");
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    const row = rows[rowIndex];
    if (!row) continue;
    for (let c = 0; c < row.cells.length; c++) {
      const match = anchored.exec(row.cells[c]?.text ?? "");
      if (!match) continue;
      const date = valueDate(rows, rowIndex, row.cells, c, (match[1] ?? "").trim());
      if (date) return date;
    }
  }
  return signatureDate(rows);
}

/** "Laboratory Director - 1/27/2022", "Lab Director  1/28/2023", or a signature's "Date" line. */
function signatureDate(rows: Row[]): string | null {
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    const row = rows[rowIndex];
    if (!row) continue;
    for (let c = 0; c < row.cells.length; c++) {
      const cell = row.cells[c];
      if (!cell) continue;
      // Letter-spaced type may reach us with its spaces lost: "LABORATORYDIRECTOR,BELCOSTALABS".
      const signer = /\b(?:laboratory|lab)\s*director\b/i.test(cell.text);
      if (signer) {
        const own = parseDate(cell.text);
        if (own) return own;
        const next = row.cells[c + 1];
        if (next && parseDate(next.text) && next.text.length < 30) return parseDate(next.text);
        // A sign-off block: "Results certified by: …" / "Laboratory Director, …" / the date.
        const below = rows[rowIndex + 1];
        const dated = below?.page === row.page && below.cells.length === 1 ? below.cells[0] : null;
        if (dated && dated.text.length < 20 && alignedRight(dated, cell) && parseDate(dated.text)) {
          return parseDate(dated.text);
        }
      }
      if (/^date$/i.test(cell.text)) {
        const above = nearCell(rows, rowIndex, cell, -1);
        if (above && /^[\d/.-]{6,10}$/.test(above.text)) return parseDate(above.text);
      }
    }
  }
  return null;
}

/** Two lines of one right-aligned block: their right edges meet. */
function alignedRight(a: Cell, b: Cell): boolean {
  return Math.abs(a.xEnd - b.xEnd) < 3;
}
