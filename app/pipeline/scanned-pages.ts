import type { OcrWord } from "./page-ocr";
import type { PdfDocumentText, PdfPageText, PdfTextItem } from "./pdf-document";
import type { ReviewPageImage } from "./review-items";

/**
 * The port through which the engine reads pages that carry no text layer (a scan, a phone photo
 * saved as PDF): each page painted with its picture, turned level and read by OCR, word by word
 * with each word's box and confidence. The words become positioned text like a text layer's, so
 * the same layout engine reads them; the picture is kept so the merchant can see where a reading
 * came from.
 */

export interface ScannedPage {
  pageNumber: number;
  /** The page's size in PDF points: words are placed in it, from its top-left. */
  width: number;
  height: number;
  words: OcrWord[];
  /** QR codes read on the page's picture: machine-read, exact as a text layer. */
  qrCodes?: string[];
  /** The painted page, smaller than the one read. */
  picture: ReviewPageImage;
}

/** Reads the given pages (counted from 1) of one document by OCR. */
export interface PageScanner {
  scanPages(pageNumbers: number[]): Promise<ScannedPage[]>;
}

/**
 * Letter-spaced figures come apart at their decimal stop: OCR reads "32.14200" as "32." and
 * "14200". Two such words on one line, closer than a character's width, are the one figure.
 */
export function joinSplitFigures(words: OcrWord[]): OcrWord[] {
  const joined: OcrWord[] = [];
  for (const word of words) {
    const previous = joined.at(-1);
    if (previous && /^\d+\.$/.test(previous.text) && /^\d/.test(word.text)) {
      const gap = word.left - (previous.left + previous.width);
      if (onOneBaseline(previous, word) && gap >= 0 && gap <= previous.height) {
        const right = Math.max(previous.left + previous.width, word.left + word.width);
        const top = Math.min(previous.top, word.top);
        joined[joined.length - 1] = {
          ...previous,
          text: previous.text + word.text,
          top,
          width: right - previous.left,
          height: Math.max(previous.top + previous.height, word.top + word.height) - top,
          confidence: Math.min(previous.confidence, word.confidence),
        };
        continue;
      }
    }
    joined.push(word);
  }
  return joined;
}

/** A page holding fewer visible characters than this has no text layer worth the name. */
const MIN_PAGE_TEXT_CHARS = 20;

/** The pages whose text layer is empty, or holds only a stamp or a page number. */
export function pagesWithoutText(document: PdfDocumentText): number[] {
  const withText = new Set(
    document.pages
      .filter((page) => visibleChars(page) >= MIN_PAGE_TEXT_CHARS)
      .map((page) => page.pageNumber),
  );
  const all = Array.from({ length: document.pageCount }, (_, i) => i + 1);
  return all.filter((pageNumber) => !withText.has(pageNumber));
}

function visibleChars(page: PdfPageText): number {
  return page.items.reduce((n, item) => n + item.str.replace(/\s/g, "").length, 0);
}

/**
 * The document with the scanned pages' words in place of their (empty) text layers. A word sits
 * on its line's baseline, as a text run does; its size is its line's height, which spaces the
 * words of a cell as a font's size would.
 */
export function withScannedPages(
  document: PdfDocumentText,
  scanned: ScannedPage[],
): PdfDocumentText {
  const byNumber = new Map(scanned.map((page) => [page.pageNumber, page]));
  const pages = document.pages
    .filter((page) => !byNumber.has(page.pageNumber))
    .concat(scanned.map(scannedPageText))
    .sort((a, b) => a.pageNumber - b.pageNumber);
  const qrCodes = [
    ...(document.qrCodes ?? []),
    ...scanned.flatMap((page) =>
      (page.qrCodes ?? []).map((text) => ({ page: page.pageNumber, text })),
    ),
  ];
  return { ...document, pages, ...(qrCodes.length ? { qrCodes } : {}) };
}

export function scannedPageText(page: ScannedPage): PdfPageText {
  return {
    pageNumber: page.pageNumber,
    width: page.width,
    height: page.height,
    items: withDeltaSigns(page.words.filter(isWordOrJoin)).map(wordItem),
  };
}

/**
 * The "Δ" of Δ9-THC and Δ8-THC read as "A" in a word of its own ("A9 THC", "A-9 Tetrahydro…"):
 * an "A" and an 8 or 9 right before THC or Tetrahydro… on the same line is the delta. OCR also
 * reads the 8 as a "B" ("AB-THC", "AB THC"), which is taken for Δ8 only where the page names
 * Δ9-THC elsewhere, so that the misread name cannot be the Δ9 row's.
 */
export function withDeltaSigns(words: OcrWord[]): OcrWord[] {
  const withNext = (texts: string[], i: number) => {
    const next = words[i + 1];
    return next && sameLine(words[i]!, next) ? `${texts[i]}${next.text}` : (texts[i] ?? "");
  };
  const read = words.map((word) => word.text);
  const texts = read.map((text, i) => {
    const alone = DELTA_ALONE.exec(text);
    return alone && BEFORE_NAME.test(withNext(read, i).slice(alone[0].length))
      ? `${alone[1]}Δ${alone[2]}${alone[3]}`
      : text;
  });
  const namesDelta9 = texts.some((_, i) => DELTA9.test(asPrinted(withNext(texts, i))));
  return words.map((word, i) => {
    let text = texts[i] ?? word.text;
    const misread = namesDelta9 ? EIGHT_AS_B.exec(text) : null;
    if (misread && BEFORE_NAME.test(withNext(texts, i).slice(misread[0].length))) {
      text = `${misread[1]}Δ8${misread[2]}${text.slice(misread[0].length)}`;
    }
    return text === word.text ? word : { ...word, text };
  });
}

/** "A9", "(A-9-": the sign and its figure, alone in a word, before the name in the next. */
const DELTA_ALONE = /^(\(?)A-?([89])(-?)$/;
const EIGHT_AS_B = /^(\(?)A-?B(-?)/;
/** What follows the figure: the name, at once ("THC", "Tetrahydrocannabinol"). */
const BEFORE_NAME = /^(?:THC|Tetrahydro)/i;
const DELTA9 = /^\(?(?:Δ|d|delta)[\s-]?9[\s-]?(?:THC|Tetrahydro)/i;

/** `b` follows `a` on its line, no further than two characters' height away. */
function sameLine(a: OcrWord, b: OcrWord): boolean {
  const gap = b.left - (a.left + a.width);
  return onOneBaseline(a, b) && gap >= -1 && gap <= 2 * a.height;
}

/** Where a word sits: its baseline, or its box's bottom where OCR gave none. */
export function wordBaseline(word: OcrWord): number {
  return word.baseline ?? word.top + word.height;
}

function onOneBaseline(a: OcrWord, b: OcrWord): boolean {
  return Math.abs(wordBaseline(a) - wordBaseline(b)) <= 1.5;
}

/**
 * A "+" or "&" between two words of one line ("Foreign Matter + Seeds: PASS", "Filth & Foreign
 * Material") joins them into one name, as on a text layer; left out, the name would split in two
 * cells, and the first would lose the verdict printed after the second.
 */
function isWordOrJoin(word: OcrWord, i: number, words: OcrWord[]): boolean {
  if (!/^[+&]$/.test(word.text)) return isWord(word);
  const [before, after] = [words[i - 1], words[i + 1]];
  return (
    word.confidence >= MIN_SPECK_CONFIDENCE &&
    !!before &&
    !!after &&
    isWord(before) &&
    isWord(after) &&
    /\p{L}$/u.test(before.text) &&
    /^\p{L}/u.test(after.text) &&
    sameLine(before, word) &&
    sameLine(word, after)
  );
}

/**
 * Check boxes, icons and specks read as "()", "|" or "©" carry nothing and would split a label
 * from its value; a word OCR itself hardly believes (a smudge in a logo) neither.
 */
function isWord(word: OcrWord): boolean {
  if (!/[\p{L}\p{N}%<>]/u.test(word.text) || word.confidence < MIN_WORD_CONFIDENCE) return false;
  return word.confidence >= MIN_SPECK_CONFIDENCE || !isSpeck(word.text);
}

/**
 * A word with no figure, no unit and no two letters in a row (")é", "=e", "i") holds nothing a
 * report reads; read without much confidence, it is a speck or a rule of the table, and would
 * end the row it sits in before its results.
 */
function isSpeck(text: string): boolean {
  return !/[\p{N}%<>/]/u.test(text) && !/\p{L}{2}/u.test(text);
}

/** Tesseract's confidence under which a word that is no figure nor a name is taken for a speck. */
const MIN_SPECK_CONFIDENCE = 50;

/** Tesseract's confidence (0–100) under which a word is taken for noise. */
const MIN_WORD_CONFIDENCE = 10;

function wordItem(word: OcrWord): PdfTextItem {
  return {
    str: asPrinted(word.text),
    x: word.left,
    y: wordBaseline(word),
    width: word.width,
    height: wordSize(word),
  };
}

/**
 * Signs OCR reads as letters the engine would not know: the "±" of an uncertainty ("±0.96") as
 * "+" or "£" (a lab prints no result with a sign before it, so the word is the uncertainty it
 * was, not a figure for a result column), and the "Δ" of Δ9-THC and Δ8-THC as "A" ("A9THC",
 * "(A8-THC)", "A9-Tetrahydrocannabinol"), and the slash or the g of a column's "mg/g" as a letter
 * ("mgig", "mg/q", "mglserving"), which left the column without its unit; and the rounded edge
 * of a verdict's badge as an opening bracket ("(PASS"), and the O of "<LOQ" as a zero, doubled or
 * with its L lost ("<Lo0Q", "<0Q"); and the l of "Delta" as an i or a 1 ("Deita-9"); and the Q
 * of a limit column's "LOQ" or "LLOQ" as an a, an O or a zero ("LLoa", "LOO"), which left the
 * column's figures to be taken for results.
 */
export function asPrinted(text: string): string {
  return text
    .replace(/^[+£]\s?(?=\d)/, "±")
    .replace(/^(\(?)A-?([89])(?=-?(?:THC|Tetrahydro))/i, "$1Δ$2")
    .replace(/^(\(?)De[il1|]ta(?=$|-?\d)/, "$1Delta")
    .replace(/^(\(?)mg[il1|][gq9](\)?)$/i, "$1mg/g$2")
    .replace(/^(\(?)mg\/[q9](\)?)$/i, "$1mg/g$2")
    .replace(/^(\(?)mg[il1|](?=serv|unit|pkg|pack)/i, "$1mg/")
    .replace(/^[(«[]([A-Z]{2,})$/, "$1")
    .replace(/^<\s*L?[0O]{1,2}([QD])$/i, "<LO$1")
    .replace(/^(\(?)(L?L)[0O]([aq0o])(\)?)$/i, "$1$2OQ$4");
}

/**
 * Tesseract's line height runs from ascenders to descenders, a little more than the font's size;
 * a word's own box is smaller in a line of small letters. The line's, slightly reduced, is nearer
 * what a text layer would say.
 */
export function wordSize(word: OcrWord): number {
  return word.lineHeight ? word.lineHeight * 0.85 : word.height;
}
