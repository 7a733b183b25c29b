import type { PdfDocumentText, PdfTextItem } from "./pdf-document";

/**
 * Rebuilds rows and cells from positioned text runs. A row is every run sharing a baseline; a cell
 * is a stretch of runs with no wide gap inside. Two-column pages therefore give rows whose cells
 * belong to different tables — the readers downstream pair a label with the cells to its right.
 */

export interface Cell {
  text: string;
  x: number;
  xEnd: number;
}

export interface Row {
  page: number;
  y: number;
  height: number;
  cells: Cell[];
  /** The cells joined with two spaces, for label searches. */
  text: string;
}

/** Unicode look-alikes and ligatures that labs' fonts produce, folded so the readers see one spelling. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u00a0\u2000-\u200b]/g, " ")
    .replace(/[\u2018\u2019]/g, "'");
}

export function buildRows(document: PdfDocumentText): Row[] {
  const rows: Row[] = [];
  for (const page of document.pages) {
    const items = dropOverprints([...page.items].sort((a, b) => a.y - b.y || a.x - b.x));
    const lines: PdfTextItem[][] = [];
    let current: PdfTextItem[] = [];
    let currentY = Number.NEGATIVE_INFINITY;
    let currentH = 0;
    for (const item of items) {
      const tolerance = Math.max(1, 0.45 * Math.min(item.height || 8, currentH || 8));
      if (current.length > 0 && Math.abs(item.y - currentY) <= tolerance) {
        current.push(item);
        // A raised footnote marker may open the line: the line's place is its full-size text.
        if (item.height > currentH) {
          currentH = item.height;
          currentY = item.y;
        }
      } else {
        if (current.length > 0) lines.push(current);
        current = [item];
        currentY = item.y;
        currentH = item.height;
      }
    }
    if (current.length > 0) lines.push(current);
    for (const line of lines) rows.push(toRow(page.pageNumber, dropFootnoteMarkers(line)));
  }
  return rows;
}

/** Some labs fake bold type by printing each run twice at (almost) the same spot. */
function dropOverprints(items: PdfTextItem[]): PdfTextItem[] {
  const kept: PdfTextItem[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const key = `${item.str}|${Math.round(item.x)}|${Math.round(item.y)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(item);
  }
  return kept;
}

/**
 * Superscript footnote markers ("total terpenes ³ 3.7") are smaller, raised digits or asterisks:
 * they carry no result and would otherwise read as a value of their own.
 */
function dropFootnoteMarkers(line: PdfTextItem[]): PdfTextItem[] {
  const full = line.reduce((most, i) => Math.max(most, i.height), -Infinity);
  const baseline = line.find((i) => i.height === full)?.y ?? 0;
  // A raised digit right after a delta ("Δ⁹-THC") is part of the name; after a number ("10⁴
  // CFU/g") it is an exponent. Either way it stays. The runs it could follow are found by where
  // they end (2-point buckets), not by walking a line that may hold thousands of runs.
  const ends = new Map<number, PdfTextItem[]>();
  for (const o of line) {
    if (!/[\u0394\u2206\u03b4\d]\s*$|delta\s*$/i.test(o.str)) continue;
    const bucket = Math.floor((o.x + o.width) / 2);
    const inBucket = ends.get(bucket);
    if (inBucket) inBucket.push(o);
    else ends.set(bucket, [o]);
  }
  const meaningful = (item: PdfTextItem): boolean => {
    const bucket = Math.floor(item.x / 2);
    return [bucket - 1, bucket, bucket + 1].some((b) =>
      (ends.get(b) ?? []).some((o) => o !== item && Math.abs(item.x - (o.x + o.width)) < 2),
    );
  };
  return line.filter(
    (i) =>
      !(
        i.height > 0 &&
        i.height < 0.85 * full &&
        i.y < baseline - 0.3 &&
        /^\s*(?:\d{1,2}|[*†‡])\s*$/.test(i.str) &&
        !meaningful(i)
      ),
  );
}

function toRow(page: number, line: PdfTextItem[]): Row {
  const sorted = [...line].sort((a, b) => a.x - b.x);
  const cells: Cell[] = [];
  let cell: Cell | undefined;
  let height = 0;
  let lastRunSingle = false;
  for (const item of sorted) {
    const size = item.height || 8;
    height = Math.max(height, size);
    const text = unspace(normalizeText(item.str));
    const end = item.x + Math.max(item.width, 0);
    if (cell) {
      const gap = item.x - cell.xEnd;
      if (gap < size * 0.9) {
        // Letter-spaced headings arrive one glyph per run: only a wider gap is a word space.
        const tracked =
          text.trim().length === 1 && cell.text.trim().slice(-1) !== "" && lastRunSingle;
        const threshold = tracked ? size * 0.45 : size * 0.12;
        const joiner = gap > threshold && !cell.text.endsWith(" ") && !text.startsWith(" ");
        lastRunSingle = text.trim().length === 1;
        cell.text += (joiner ? " " : "") + text;
        cell.xEnd = Math.max(cell.xEnd, end);
        continue;
      }
      cells.push(cell);
    }
    cell = { text, x: item.x, xEnd: end };
    lastRunSingle = text.trim().length === 1;
  }
  if (cell) cells.push(cell);
  const trimmed = cells
    .map((c) => ({ ...c, text: c.text.replace(/\s+/g, " ").trim() }))
    .filter((c) => c.text !== "");
  return {
    page,
    y: sorted[0]?.y ?? 0,
    height,
    cells: trimmed,
    text: trimmed.map((c) => c.text).join("  "),
  };
}

/** "T O T A L T H C :" (letter-spaced type) reads "TOTALTHC:"; the readers fold spaces anyway. */
function unspace(text: string): string {
  return /^(?:\S ){3,}\S$/.test(text.trim()) ? text.replace(/ /g, "") : text;
}

/** Cells in the rows just below `row` that overlap [x, xEnd] horizontally, nearest first. */
export function cellsBelow(
  rows: Row[],
  index: number,
  x: number,
  xEnd: number,
  maxRows = 3,
): Cell[] {
  const row = rows[index];
  if (!row) return [];
  const found: Cell[] = [];
  for (let i = index + 1; i < rows.length && i <= index + maxRows; i++) {
    const next = rows[i];
    if (!next || next.page !== row.page || next.y - row.y > row.height * 4) break;
    for (const cell of next.cells) {
      if (cell.x < xEnd + 2 && cell.xEnd > x - 2) found.push(cell);
    }
  }
  return found;
}
