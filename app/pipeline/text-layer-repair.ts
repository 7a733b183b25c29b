import type { PdfDocumentText, PdfPageText, PdfTextItem } from "./pdf-document";
import type { OcrWord, PageOcr } from "./page-ocr";

/**
 * Repairs a text layer whose fonts map their glyphs to the wrong characters (a ToUnicode map that
 * is empty or off: "832.7" reads "943>8"). The glyphs themselves are right — each glyph code stands
 * for one character wherever it is drawn — only their labels are wrong. So the labels are learned:
 * optical character recognition reads the rendered page, every text run is lined up with the words
 * read at its place, and each glyph code of each font takes the character it was read as, by a
 * clear majority of many readings. The whole text layer is then decoded with that map.
 *
 * Numbers stay what the document prints: a number is always the decoded glyphs, never the
 * recogniser's reading; a glyph code that was not learned decodes to U+FFFD, which no number
 * parses through. The recogniser's words only fill in letters: where a font's glyph decodes to a
 * control character the reader drops it ("THC" arrives as "T" and "C"), the phrase is taken as
 * read on the picture, but only when every number in it equals the decoded glyphs.
 */

export interface TextLayerRepair {
  document: PdfDocumentText;
  /** Share of the document's glyphs whose character was learned. */
  coverage: number;
}

export interface TextLayerRepairOptions {
  /**
   * Pages read by OCR at most, from the first, two at a time until enough glyphs are learned: each
   * costs seconds. Later pages are decoded only.
   */
  maxOcrPages?: number;
}

/**
 * Two: on the corpus's other layouts, garbled on purpose (bench/garbled-repair.ts), reading up to 4
 * pages repaired 3 more of them but read more printed values for a neighbouring label (13 against
 * 8 of 1,195 facts): a report that stays garbled is the safer miss.
 */
export const DEFAULT_MAX_OCR_PAGES = 2;
/** Pages read by OCR at a time: two, in parallel (page-ocr.server.ts paints and reads both at once). */
const OCR_BATCH = 2;
/** A glyph code takes a character read at least this often, by at least this share of its readings. */
const MIN_VOTES = 2;
const MIN_AGREEMENT = 0.75;
/** A digit is what numbers are made of: it needs more, and more unanimous, readings. */
const MIN_DIGIT_VOTES = 3;
const MIN_DIGIT_AGREEMENT = 0.8;
/** Below this share of glyphs learned, the repair is not worth reporting from. */
const MIN_COVERAGE = 0.8;
export const UNREADABLE = "\uFFFD";

export async function repairTextLayer(
  document: PdfDocumentText,
  ocr: PageOcr,
  options: TextLayerRepairOptions = {},
): Promise<TextLayerRepair | null> {
  const maxPages = options.maxOcrPages ?? DEFAULT_MAX_OCR_PAGES;
  const toRead = document.pages.slice(0, maxPages).map((page) => page.pageNumber);
  const wordsByPage = new Map<number, OcrWord[]>();
  const votes = new GlyphVotes();
  let glyphs: GlyphMap = new Map();
  let coverage = 0;
  // Fonts used only further on (a results page in its own type) may need more pages read.
  for (let from = 0; from < toRead.length && coverage < MIN_COVERAGE; from += OCR_BATCH) {
    for (const page of await ocr.readPages(toRead.slice(from, from + OCR_BATCH))) {
      const words = cleanWords(page.words);
      wordsByPage.set(page.pageNumber, words);
      const items = document.pages.find((p) => p.pageNumber === page.pageNumber)?.items ?? [];
      for (const item of items) voteForItem(item, wordsOver(words, itemBox(item)), votes);
    }
    glyphs = votes.decide();
    coverage = glyphCoverage(document, glyphs);
  }
  if (coverage < MIN_COVERAGE) return null;

  const pages = document.pages.map((page) =>
    rebuildPage(page, wordsByPage.get(page.pageNumber), glyphs),
  );
  return { document: { ...document, pages }, coverage };
}

/** Below this confidence a read "word" is a speck, a rule or part of a badge more often than not. */
const MIN_WORD_CONFIDENCE = 50;

/**
 * The words read, without what a recogniser reads from rules, badges and specks: low-confidence
 * words, single characters with next to no width, and brackets or bars stuck to a word ("[Pass").
 */
function cleanWords(words: OcrWord[]): OcrWord[] {
  return words
    .filter((w) => w.confidence >= MIN_WORD_CONFIDENCE)
    .map((w) => ({ ...w, text: w.text.replace(/^[[\]|{}_~`]+|[[\]|{}_~`]+$/g, "") }))
    .filter((w) => /[\p{L}\p{N}%]/u.test(w.text))
    .filter((w) => [...w.text].length > 1 || w.width >= 0.4 * w.height);
}

/** Per font, per glyph code (a character of the broken layer): how often each character was read. */
class GlyphVotes {
  private readonly counts = new Map<string, Map<string, Map<string, number>>>();

  add(font: string, code: string, read: string): void {
    let codes = this.counts.get(font);
    if (!codes) this.counts.set(font, (codes = new Map()));
    let reads = codes.get(code);
    if (!reads) codes.set(code, (reads = new Map()));
    reads.set(read, (reads.get(read) ?? 0) + 1);
  }

  /**
   * Each code's character, where the readings agree enough. Two codes of one font cannot both be
   * one character (a font draws each character with one glyph): the better attested keeps it.
   */
  decide(): GlyphMap {
    const map: GlyphMap = new Map();
    for (const [font, codes] of this.counts) {
      const chosen = new Map<string, { char: string; votes: number }>();
      for (const [code, reads] of codes) {
        const total = [...reads.values()].reduce((a, b) => a + b, 0);
        const [char, votes] = [...reads].reduce((a, b) => (b[1] > a[1] ? b : a));
        const digit = /\d/.test(char);
        const needed = digit ? MIN_DIGIT_VOTES : MIN_VOTES;
        const agreement = digit ? MIN_DIGIT_AGREEMENT : MIN_AGREEMENT;
        if (votes < needed || votes / total < agreement || collapsed(char, reads, total)) continue;
        chosen.set(code, { char, votes });
      }
      const claims = new Map<string, { code: string; votes: number }[]>();
      for (const [code, { char, votes }] of chosen) {
        claims.set(char, [...(claims.get(char) ?? []), { code, votes }]);
      }
      const decoded = new Map<string, string>();
      for (const [char, claimants] of claims) {
        // Spaces may be drawn by several glyphs; any other character by one, the clear favourite.
        const ranked = claimants.sort((a, b) => b.votes - a.votes);
        const [first, second] = ranked;
        if (char === " ") ranked.forEach(({ code }) => decoded.set(code, char));
        else if (first && (!second || first.votes > second.votes)) decoded.set(first.code, char);
      }
      map.set(font, decoded);
    }
    return map;
  }
}

type GlyphMap = Map<string, Map<string, string>>;

/** Characters a recogniser confuses with one another: readings within one are one glyph misread. */
const LOOKALIKES = [
  "0OoDQ",
  "1lIi|!",
  "5Ss",
  "8B",
  "2Zz",
  "6bG",
  "9gq",
  "Cc",
  "Kk",
  "Pp",
  "Uu",
  "Vv",
  "Ww",
  "Xx",
];

function lookAlike(a: string, b: string): boolean {
  return (
    a.toLowerCase() === b.toLowerCase() || LOOKALIKES.some((g) => g.includes(a) && g.includes(b))
  );
}

/**
 * A code read as two different characters, each more than now and then ("i" and "L"), is not one
 * glyph: the reader gave several glyphs the same wrong label (whitespace, usually). It is left
 * unknown rather than decoded as the likelier of them.
 */
function collapsed(best: string, reads: Map<string, number>, total: number): boolean {
  return [...reads].some(
    ([char, votes]) => !lookAlike(char, best) && votes >= 2 && votes >= 0.1 * total,
  );
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Where a run's glyphs are drawn: from its baseline up one font size, and a little below. */
function itemBox(item: PdfTextItem): Box {
  return {
    left: item.x - 1,
    right: item.x + item.width + 1,
    top: item.y - item.height * 1.1,
    bottom: item.y + item.height * 0.35,
  };
}

/**
 * A run and the words read at its place line up character for character when they are as long:
 * with the words spaced (the run draws its spaces) or run together (it draws none).
 */
function voteForItem(item: PdfTextItem, words: OcrWord[], votes: GlyphVotes): void {
  if (words.length === 0) return;
  const codes = [...item.str];
  const spaced = [...words.map((w) => w.text).join(" ")];
  const joined = [...words.map((w) => w.text).join("")];
  const read = spaced.length === codes.length ? spaced : joined;
  if (read.length !== codes.length) return;
  const font = item.font ?? "";
  codes.forEach((code, i) => votes.add(font, code, read[i] ?? ""));
}

function decode(item: PdfTextItem, glyphs: GlyphMap): string {
  const map = glyphs.get(item.font ?? "");
  return [...item.str].map((code) => map?.get(code) ?? UNREADABLE).join("");
}

function glyphCoverage(document: PdfDocumentText, glyphs: GlyphMap): number {
  let known = 0;
  let total = 0;
  for (const page of document.pages) {
    for (const item of page.items) {
      const map = glyphs.get(item.font ?? "");
      for (const code of item.str) {
        total++;
        if (map?.has(code)) known++;
      }
    }
  }
  return total === 0 ? 0 : known / total;
}

/**
 * Rebuilds a page from its decoded runs. On a page whose picture was read, runs that one read word
 * spans are one phrase (the reader dropped a glyph between them: "T" and "Ca" are "THCa"). A phrase
 * whose glyphs all decode stands as decoded; else it takes the words read over it when their
 * numbers equal the decoded ones, and otherwise stays decoded, every number touching an unknown
 * glyph or a gap made unreadable. A phrase the read words run past (a dropped first or last glyph:
 * "monene" for "Limonene") takes them on the same condition.
 */
function rebuildPage(
  page: PdfPageText,
  words: OcrWord[] | undefined,
  glyphs: GlyphMap,
): PdfPageText {
  const items: PdfTextItem[] = [];
  for (const line of lines(page.items)) {
    const built: PdfTextItem[] = [];
    for (const phrase of phrases(line, words)) {
      const first = phrase[0];
      const last = phrase[phrase.length - 1];
      if (!first || !last) continue;
      const width = last.x + last.width - first.x;
      const height = Math.max(...phrase.map((item) => item.height));
      const box = itemBox({ ...first, width, height });
      const over = words ? wordsOver(words, box) : [];
      const raw = joinDecoded(phrase, glyphs);
      const decoded = voidBrokenNumbers(raw);
      let str = decoded;
      if (decoded.includes(UNREADABLE) || runsPast(over, box, height)) {
        const read = readText(over);
        if (read && readingExtends(read, decoded)) str = read;
        else str = voidBrokenNumbers(fillLetters(raw, over));
      }
      const font = first.font ? { font: first.font } : {};
      built.push({ str, x: first.x, y: first.y, width, height, ...font });
    }
    items.push(...voidNumbersAcrossGaps(built));
  }
  return { ...page, items };
}

/** Runs on one baseline and in one size, left to right. */
function lines(items: PdfTextItem[]): PdfTextItem[][] {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const out: PdfTextItem[][] = [];
  for (const item of sorted) {
    const line = out.find((l) => {
      const head = l[0];
      return (
        head !== undefined &&
        Math.abs(item.y - head.y) <= 0.25 * head.height &&
        Math.abs(item.height - head.height) <= 0.2 * head.height
      );
    });
    if (line) line.push(item);
    else out.push([item]);
  }
  return out.map((l) => l.sort((a, b) => a.x - b.x));
}

/** A line's runs, those that one read word spans taken together. */
function phrases(line: PdfTextItem[], words: OcrWord[] | undefined): PdfTextItem[][] {
  const out: PdfTextItem[][] = [];
  for (const item of line) {
    const current = out[out.length - 1];
    const prev = current?.[current.length - 1];
    if (current && prev && words && bridged(prev, item, words)) current.push(item);
    else out.push([item]);
  }
  return out;
}

/** A word read across the gap between two runs, less than a font size wide, joins them. */
function bridged(left: PdfTextItem, right: PdfTextItem, words: OcrWord[]): boolean {
  const gapStart = left.x + left.width;
  const gap = right.x - gapStart;
  if (gap > left.height || gap < -0.2 * left.height) return false;
  const margin = 0.2 * left.height;
  const line = itemBox(left);
  return words.some(
    (word) =>
      onLine(word, line) &&
      word.left < gapStart - margin &&
      word.left + word.width > right.x + margin,
  );
}

/** The word's vertical centre lies within the box's line. */
function onLine(word: OcrWord, box: Box): boolean {
  const y = word.top + word.height / 2;
  return y >= box.top && y <= box.bottom;
}

/** Words most of whose width lies over the box, left to right. */
function wordsOver(words: OcrWord[], box: Box): OcrWord[] {
  return words
    .filter((word) => {
      const overlap = Math.min(word.left + word.width, box.right) - Math.max(word.left, box.left);
      return onLine(word, box) && overlap >= 0.5 * word.width;
    })
    .sort((a, b) => a.left - b.left);
}

/** The read words reach past the phrase's ends by more than a third of a font size. */
function runsPast(words: OcrWord[], box: Box, height: number): boolean {
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return false;
  const slack = height / 3;
  return first.left < box.left - slack || last.left + last.width > box.right + slack;
}

function readText(words: OcrWord[]): string {
  return words
    .map((w) => w.text)
    .join(" ")
    .trim();
}

/**
 * The phrase's decoded glyphs. A gap between its runs is a glyph the reader dropped (one whose
 * wrong label is a control character) or a space: it cannot be told which, so it is unreadable.
 */
function joinDecoded(phrase: PdfTextItem[], glyphs: GlyphMap): string {
  let text = "";
  phrase.forEach((item, i) => {
    const prev = phrase[i - 1];
    if (prev && item.x - (prev.x + prev.width) > 0.15 * item.height) text += UNREADABLE;
    text += decode(item, glyphs);
  });
  return text;
}

/**
 * Fills the unknown glyphs of a word with the letters read there, when a read word of its length
 * agrees with all its known glyphs but at most one ("D8T\uFFFDC" and a read "DBTHC" give "D8THC").
 * Known glyphs are never changed, and only letters are filled in, never next to a digit: a number
 * must come from its glyphs whole.
 */
function fillLetters(raw: string, words: OcrWord[]): string {
  const read = words.map((w) => [...w.text]);
  return raw
    .split(" ")
    .map((token) => {
      const chars = [...token];
      if (!chars.includes(UNREADABLE)) return token;
      const known = chars.filter((c) => c !== UNREADABLE).length;
      const match = read.find((word) => {
        if (word.length !== chars.length || known < 2) return false;
        const agreeing = chars.filter(
          (c, i) => c !== UNREADABLE && c.toLowerCase() === word[i]?.toLowerCase(),
        ).length;
        const fillsLetters = chars.every(
          (c, i) =>
            c !== UNREADABLE ||
            (/\p{L}/u.test(word[i] ?? "") && !/\d/.test(`${chars[i - 1]}${chars[i + 1]}`)),
        );
        return agreeing >= known - 1 && fillsLetters;
      });
      return match ? chars.map((c, i) => (c === UNREADABLE ? (match[i] ?? c) : c)).join("") : token;
    })
    .join(" ");
}

/** "8\uFFFD2.7" must not read as 8 or 2.7: a number touching an unreadable glyph is unreadable whole. */
function voidBrokenNumbers(text: string): string {
  return text.replace(/[\d.,]*\uFFFD[\d.,\uFFFD]*/g, UNREADABLE);
}

/**
 * Two phrases of a line a glyph's width apart may be one number whose middle glyph the reader
 * dropped ("83." and "7" of "83.27"): digits facing each other across such a gap are unreadable.
 */
function voidNumbersAcrossGaps(items: PdfTextItem[]): PdfTextItem[] {
  const out = items.map((item) => ({ ...item }));
  for (let i = 1; i < out.length; i++) {
    const left = out[i - 1];
    const right = out[i];
    if (!left || !right) continue;
    const gap = right.x - (left.x + left.width);
    if (gap <= 0.15 * left.height || gap > left.height) continue;
    if (!/[\d.,]$/.test(left.str) || !/^[\d.,]/.test(right.str)) continue;
    left.str = left.str.replace(/[\d.,]+$/, UNREADABLE);
    right.str = right.str.replace(/^[\d.,]+/, UNREADABLE);
  }
  return out;
}

/**
 * The reading may stand for the phrase only where it adds to the decoded glyphs: every known glyph
 * is there, in order (letters regardless of case), with the same numbers. A reading that differs
 * from a known glyph, or is shorter (it missed a word), misread the phrase.
 */
function readingExtends(read: string, decoded: string): boolean {
  if (!sameNumbers(read, decoded)) return false;
  const known = [...decoded.replace(/\s/g, "")].filter((c) => c !== UNREADABLE);
  const chars = [...read.replace(/\s/g, "")];
  if (chars.length < known.length) return false;
  let at = 0;
  for (const char of chars) {
    if (at < known.length && char.toLowerCase() === known[at]?.toLowerCase()) at++;
  }
  return at === known.length;
}

/** The numbers of a text, as printed: runs of digits with the separators between them. */
function numbersOf(text: string): string[] {
  return text.match(/\d(?:[\d.,]*\d)?/g) ?? [];
}

function sameNumbers(read: string, decoded: string): boolean {
  const a = numbersOf(read);
  const b = numbersOf(decoded);
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
