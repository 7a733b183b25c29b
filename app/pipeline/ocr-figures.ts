import { matchAnalyte, matchTotal, type TotalKey } from "./analyte-dictionary";
import { parseDate } from "./coa-dates";
import type { OcrWord } from "./page-ocr";
import type { PageBox } from "./review-items";
import { wordBaseline, type ScannedPage } from "./scanned-pages";
import { buildRows, type Cell, type Row } from "./text-layout";
import type { PdfDocumentText } from "./pdf-document";

/**
 * Where a figure of a scanned page was printed, and what else the page prints that can confirm it.
 * OCR misreads digits ("8" for "3", "5" for "6") into numbers that still look right, so a figure
 * read from a picture counts only when a second, independent reading agrees: another place on the
 * page that prints the same fact. Those places are found here, among the words OCR read.
 */

/** One place a figure is printed: the word read there, on its row. */
export interface FigureSighting {
  page: number;
  word: OcrWord;
  value: number;
  /** The word as read ("23.45%"). */
  reading: string;
  /** Half a unit in the last printed digit: how far rounding may have moved the printed value. */
  halfUnit: number;
  /** The row the word sits on, and the label cell it was found by. */
  row: Row;
  label: Cell;
  /** False when the word sits on a page with a text layer: printed glyphs need no confirmation. */
  scanned: boolean;
}

export type FigureLabel = { analyte: string } | { total: TotalKey };

export interface ScanEvidence {
  rows: Row[];
  /** Scanned pages by number. */
  pages: Map<number, ScannedPage>;
  /** Every place `value` is printed beside (or under) the label. */
  sightings(label: FigureLabel, value: number): FigureSighting[];
  /** Rows of scanned pages whose text, squashed, holds `text` squashed. */
  rowsHolding(text: string): Row[];
  /** Words of scanned pages that read as the date `iso`, with the text of the row they sit on. */
  dateSightings(iso: string): { page: number; word: OcrWord; rowText: string }[];
  /** The words OCR read on a row of a scanned page, left to right. */
  wordsOn(row: Row): OcrWord[];
  /** The word on a row's page nearest to where the row prints `text`. */
  wordFor(row: Row, text: string): OcrWord | null;
  /** A box as fractions of its page. */
  boxOf(page: number, word: OcrWord, from?: number): PageBox | null;
  /** The texts of the document's QR codes, read exactly (a code corrects its own errors). */
  codes: Set<string>;
  /**
   * Web and mail domains the document names: each with the rows of scanned pages it is printed
   * on (none for a domain read from a QR code, which is no print OCR read).
   */
  domains(): { host: string; rows: Row[] }[];
}

/** How many rows below a label a summary box may print its value. */
const ROWS_BELOW = 3;

export function scanEvidence(document: PdfDocumentText, scanned: ScannedPage[]): ScanEvidence {
  const pages = new Map(scanned.map((page) => [page.pageNumber, page]));
  const rows = buildRows(document);
  const rowWords = new Map<Row, OcrWord[]>();
  const wordsOf = (row: Row): OcrWord[] => {
    const cached = rowWords.get(row);
    if (cached) return cached;
    const page = pages.get(row.page);
    const tolerance = Math.max(1.5, row.height * 0.5);
    const words = (page?.words ?? [])
      .filter((w) => Math.abs(wordBaseline(w) - row.y) <= tolerance)
      .sort((a, b) => a.left - b.left);
    rowWords.set(row, words);
    return words;
  };

  const labelMatches = (label: FigureLabel, cellText: string): boolean =>
    [cellText, labelPart(cellText)].some((text) =>
      "analyte" in label
        ? matchAnalyte(text)?.key === label.analyte
        : matchTotal(text)?.key === label.total,
    );

  function sightings(label: FigureLabel, value: number): FigureSighting[] {
    const found: FigureSighting[] = [];
    const seen = new Set<OcrWord | string>();
    rows.forEach((row, index) => {
      for (const cell of row.cells) {
        if (!labelMatches(label, cell.text)) continue;
        const scanned = pages.has(row.page);
        // The value may share the label's cell ("Total THC: 19.25%"): any word from the label on.
        const beside = { row, words: wordsOf(row).filter((w) => w.left >= cell.x - 1) };
        const below = rows
          .slice(index + 1, index + 1 + ROWS_BELOW)
          .filter((next) => next.page === row.page && next.y - row.y <= row.height * 5)
          .map((next) => ({
            row: next,
            words: wordsOf(next).filter(
              (w) => w.left < cell.xEnd + 4 && w.left + w.width > cell.x - 4,
            ),
          }));
        for (const place of [beside, ...below]) {
          for (const word of place.words) {
            const parsed = figureOf(word.text);
            if (!parsed || parsed.value !== value || seen.has(word)) continue;
            seen.add(word);
            found.push({ page: row.page, word, ...parsed, row: place.row, label: cell, scanned });
          }
        }
        if (!scanned) {
          // A text layer's runs are not words: the figure is printed if its cell says so.
          const key = `${row.page}:${row.y}`;
          const printed = row.cells.some((c) => c.x >= cell.xEnd - 1 && holdsNumber(c.text, value));
          if (printed && !seen.has(key)) {
            seen.add(key);
            const word = {
              text: String(value),
              left: cell.x,
              top: row.y,
              width: 0,
              height: 0,
              confidence: 100,
            };
            found.push({
              page: row.page,
              word,
              value,
              reading: String(value),
              halfUnit: 0,
              row,
              label: cell,
              scanned,
            });
          }
        }
      }
    });
    return found;
  }

  return {
    rows,
    pages,
    codes: new Set((document.qrCodes ?? []).map((code) => code.text.trim())),
    domains() {
      const found: { host: string; rows: Row[] }[] = [];
      for (const code of document.qrCodes ?? []) {
        const host = hostOf(code.text.trim());
        if (host) found.push({ host, rows: [] });
      }
      for (const row of rows) {
        if (!pages.has(row.page)) continue;
        for (const match of row.text.toLowerCase().matchAll(DOMAIN)) {
          if (match[1]) found.push({ host: match[1], rows: [row] });
        }
      }
      return found;
    },
    sightings,
    wordsOn: wordsOf,
    rowsHolding(text) {
      const needle = squash(text);
      if (needle.length < 3) return [];
      return rows.filter((row) => pages.has(row.page) && squash(row.text).includes(needle));
    },
    dateSightings(iso) {
      return scanned.flatMap((page) =>
        page.words
          .filter((word) => /\d/.test(word.text) && parseDate(word.text) === iso)
          .map((word) => {
            const baseline = wordBaseline(word);
            const row = rows.find(
              (r) =>
                r.page === page.pageNumber &&
                Math.abs(r.y - baseline) <= Math.max(1.5, r.height * 0.5),
            );
            return { page: page.pageNumber, word, rowText: row?.text ?? "" };
          }),
      );
    },
    wordFor(row, text) {
      const needle = squash(text);
      const words = wordsOf(row);
      return (
        words.find((w) => needle.includes(squash(w.text)) && squash(w.text).length >= 2) ??
        words[0] ??
        null
      );
    },
    boxOf(pageNumber, word, from) {
      const page = pages.get(pageNumber);
      if (!page || page.width <= 0 || page.height <= 0) return null;
      const left = Math.min(from ?? word.left, word.left);
      const right = word.left + word.width;
      const clamp = (n: number) => Math.min(1, Math.max(0, n));
      const x = clamp(left / page.width);
      const y = clamp(word.top / page.height);
      return {
        x,
        y,
        width: clamp(right / page.width) - x,
        height: clamp((word.top + word.height) / page.height) - y,
      };
    },
  };
}

/** A web or mail domain as printed: "www.sclabs.com", "info@mcrlabs.com". */
const DOMAIN = /(?:^|[\s@/.])((?:[a-z0-9-]+\.)+(?:com|net|org|us|io|co|lab|labs))\b/g;

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** A word that is one figure ("23.45", "23.45%", "<0.5" is not), with its printed precision. */
export function figureOf(
  text: string,
): { value: number; reading: string; halfUnit: number } | null {
  const match = /^[([]?(\d{1,6}(?:\.(\d+))?)\s*(?:%|mg\/g)?[)\],;]?$/i.exec(text.trim());
  if (!match?.[1]) return null;
  const decimals = match[2]?.length ?? 0;
  return { value: Number(match[1]), reading: match[1], halfUnit: 0.5 * 10 ** -decimals };
}

/**
 * The same figure in the same column on other rows is a limit (LOD, LOQ, action level), which
 * labs print in % and mg/g too: its ×10 partner proves the reading, not that it is the result.
 */
function repeatedDownColumn(word: OcrWord, pageWords: OcrWord[]): boolean {
  const value = figureOf(word.text)?.value;
  if (value === undefined) return false;
  const baseline = wordBaseline(word);
  const same = pageWords.filter(
    (other) =>
      other !== word &&
      Math.abs(wordBaseline(other) - baseline) > 2 &&
      other.left < word.left + word.width &&
      other.left + other.width > word.left &&
      figureOf(other.text)?.value === value,
  );
  return same.length >= 2;
}

/** "Total THC: 19.25%" → "Total THC": a summary prints label and value in one cell. */
function labelPart(text: string): string {
  return text.replace(/\s*:?\s*[<>]?\d[\d.,]*\s*(?:%|mg\/g)?\s*$/i, "").trim();
}

function holdsNumber(text: string, value: number): boolean {
  return (text.match(/\d+(?:\.\d+)?/g) ?? []).some((n) => Number(n) === value);
}

export function squash(text: string): string {
  return text.replace(/[\s:]+/g, "").toLowerCase();
}

/**
 * The % and mg/g columns of one row agree: the same result printed twice, ten times apart
 * (1 % = 10 mg/g), each rounded on its own. Zero proves nothing (0 × 10 is 0).
 */
export function columnsAgree(
  sighting: FigureSighting,
  unit: string,
  evidenceWords: OcrWord[],
  pageWords: OcrWord[] = [],
): boolean {
  if (sighting.value <= 0 || repeatedDownColumn(sighting.word, pageWords)) return false;
  const factor = unit === "%" ? 10 : unit === "mg/g" ? 0.1 : null;
  if (factor === null) return false;
  return evidenceWords.some((word) => {
    if (word === sighting.word || word.left < sighting.label.xEnd - 1) return false;
    const other = figureOf(word.text);
    if (!other || other.value <= 0) return false;
    const tolerance = sighting.halfUnit * factor + other.halfUnit + 1e-9;
    return Math.abs(sighting.value * factor - other.value) <= tolerance;
  });
}
