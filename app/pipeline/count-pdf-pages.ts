import {
  asciiBytes,
  endsToken,
  isWhite,
  lastIndexOf,
  PdfLexer,
  type PdfDictionary,
} from "./pdf-syntax";

/**
 * The number of pages a PDF declares, read from its structure alone, without decompressing,
 * decrypting or interpreting any content: what the upload checks before anything is stored.
 *
 * pdf.js, which reads documents later in a bounded child process, counts pages the same way: the
 * linearization dictionary's /N when the file is linearized and its /L is the file's length
 * (ISO 32000-1, Annex F), else the /Count of the page tree's root (7.7.3.2), reached through the
 * trailer's /Root and the catalog's /Pages. Objects are found through a classic cross-reference
 * table (7.5.4), or else by looking for their `n g obj` header from the end of the file.
 *
 * Null when the count cannot be told this cheaply: the catalog or page tree inside a compressed
 * object stream, a damaged file, a count that is not a plain integer. The reader then decides.
 */
export function countPdfPages(bytes: Uint8Array): number | null {
  const linearized = linearizedPageCount(bytes);
  if (linearized !== null) return linearized;
  const root = trailerRoot(bytes);
  if (!root) return null;
  const catalog = objectDictionary(bytes, root.num, root.gen, root.xref);
  const pages = catalog?.get("Pages");
  if (pages?.kind !== "ref") return null;
  const tree = objectDictionary(bytes, pages.num, pages.gen, root.xref);
  const count = tree?.get("Count");
  return count?.kind === "int" ? count.value : null;
}

/** How far into the file the linearization dictionary may start (Annex F: the first 1024 bytes). */
const HEADER_WINDOW = 1024;
/** How far from the end `startxref` may be; writers put it in the last few dozen bytes. */
const TAIL_WINDOW = 4096;
/** The most bytes one dictionary (a catalog, a page tree's root, a trailer) may span. */
const DICTIONARY_WINDOW = 64 * 1024;
/** Cross-reference sections followed through /Prev before giving up. */
const MAX_SECTIONS = 32;

function window(bytes: Uint8Array, from: number, size = DICTIONARY_WINDOW): PdfLexer {
  return new PdfLexer(bytes, from, Math.min(bytes.length, from + size));
}

function linearizedPageCount(bytes: Uint8Array): number | null {
  const start = lastIndexOf(bytes, asciiBytes("%PDF-"), 0, Math.min(bytes.length, HEADER_WINDOW));
  if (start < 0) return null;
  const lexer = window(bytes, start + 5, HEADER_WINDOW);
  lexer.next(); // the version, e.g. 1.7
  const num = lexer.next();
  const gen = lexer.next();
  if (num?.kind !== "int" || gen?.kind !== "int" || !lexer.expectKeyword("obj")) return null;
  if (lexer.next()?.kind !== "open-dict") return null;
  const dict = window(bytes, lexer.position).readDictionary();
  const isInt = (key: string) => dict?.get(key)?.kind === "int";
  const length = dict?.get("L");
  const pages = dict?.get("N");
  const valid =
    isInt("Linearized") &&
    length?.kind === "int" &&
    length.value === bytes.length &&
    ["O", "E", "T"].every(isInt) &&
    dict?.get("H")?.kind === "array";
  return valid && pages?.kind === "int" ? pages.value : null;
}

/** Offsets of objects found in classic cross-reference tables, newest first. */
type CrossReference = { sections: number[] };

function trailerRoot(bytes: Uint8Array): { num: number; gen: number; xref: CrossReference } | null {
  const tailStart = Math.max(0, bytes.length - TAIL_WINDOW);
  const at = lastIndexOf(bytes, asciiBytes("startxref"), tailStart, bytes.length);
  const xref: CrossReference = { sections: [] };
  let trailer: PdfDictionary | null = null;
  if (at >= 0) {
    const offset = window(bytes, at + "startxref".length, 32).next();
    if (offset?.kind === "int" && offset.value < bytes.length) {
      trailer =
        readXrefTrailer(bytes, offset.value, xref) ?? readXrefStreamDictionary(bytes, offset.value);
    }
  }
  // A wrong startxref offset (a damaged or hand-edited file): the last trailer keyword instead.
  if (!trailer) {
    const keyword = lastIndexOf(
      bytes,
      asciiBytes("trailer"),
      Math.max(0, bytes.length - DICTIONARY_WINDOW),
      bytes.length,
    );
    if (keyword >= 0) {
      const lexer = window(bytes, keyword + "trailer".length);
      if (lexer.next()?.kind === "open-dict") trailer = lexer.readDictionary();
    }
  }
  const root = trailer?.get("Root");
  return root?.kind === "ref" ? { num: root.num, gen: root.gen, xref } : null;
}

/** A classic `xref` table at `offset`: records its place and returns the trailer after it. */
function readXrefTrailer(
  bytes: Uint8Array,
  offset: number,
  xref: CrossReference,
): PdfDictionary | null {
  const lexer = window(bytes, offset, 32);
  if (!lexer.expectKeyword("xref")) return null;
  xref.sections.push(offset);
  const trailer = sectionTrailer(bytes, offset);
  // Older sections of an incrementally updated file, for objects the newest does not list.
  let previous = trailer?.get("Prev");
  while (previous?.kind === "int" && xref.sections.length < MAX_SECTIONS) {
    const older = previous.value;
    if (older >= bytes.length || xref.sections.includes(older)) break;
    if (!window(bytes, older, 32).expectKeyword("xref")) break;
    xref.sections.push(older);
    previous = sectionTrailer(bytes, older)?.get("Prev");
  }
  return trailer;
}

/** The dictionary of a cross-reference stream (7.5.8): plain, though its entries are compressed. */
function readXrefStreamDictionary(bytes: Uint8Array, offset: number): PdfDictionary | null {
  const lexer = window(bytes, offset);
  const num = lexer.next();
  const gen = lexer.next();
  if (num?.kind !== "int" || gen?.kind !== "int" || !lexer.expectKeyword("obj")) return null;
  if (lexer.next()?.kind !== "open-dict") return null;
  const dict = lexer.readDictionary();
  const type = dict?.get("Type");
  return type?.kind === "name" && type.value === "XRef" ? dict : null;
}

/** Walks the subsections of the table at `offset` (each entry exactly 20 bytes) to its trailer. */
function sectionTrailer(bytes: Uint8Array, offset: number): PdfDictionary | null {
  const walked = walkSection(bytes, offset, () => undefined);
  return walked.done ? null : walked.trailer;
}

type Walked<T> = { done: true; result: T } | { done: false; trailer: PdfDictionary | null };

/**
 * Steps through the table at `offset`, asking `visit(first, count, entriesAt)` of each subsection
 * until it answers; else reads the trailer after the last subsection.
 */
function walkSection<T>(
  bytes: Uint8Array,
  offset: number,
  visit: (first: number, count: number, entriesAt: number) => T | undefined,
): Walked<T> {
  const lexer = window(bytes, offset, bytes.length - offset);
  if (!lexer.expectKeyword("xref")) return { done: false, trailer: null };
  for (let subsections = 0; subsections < 10_000; subsections++) {
    const first = lexer.next();
    if (first?.kind === "keyword" && first.value === "trailer") {
      const dict = lexer.next()?.kind === "open-dict";
      return { done: false, trailer: dict ? window(bytes, lexer.position).readDictionary() : null };
    }
    const count = lexer.next();
    if (first?.kind !== "int" || count?.kind !== "int") break;
    let entriesAt = lexer.position;
    while (isWhite(bytes[entriesAt])) entriesAt++;
    if (entriesAt + count.value * 20 > bytes.length) break;
    const result = visit(first.value, count.value, entriesAt);
    if (result !== undefined) return { done: true, result };
    lexer.position = entriesAt + count.value * 20;
  }
  return { done: false, trailer: null };
}

/** The offset the tables give object `num gen` (`nnnnnnnnnn ggggg n`), newest section first. */
function tableOffset(
  bytes: Uint8Array,
  num: number,
  gen: number,
  xref: CrossReference,
): number | null {
  for (const section of xref.sections) {
    const walked = walkSection(bytes, section, (first, count, entriesAt) => {
      if (num < first || num >= first + count) return undefined;
      const at = entriesAt + (num - first) * 20;
      const entry = String.fromCharCode(...bytes.subarray(at, at + 18));
      const match = /^(\d{10}) (\d{5}) n$/.exec(entry);
      return match && Number(match[2]) === gen ? Number(match[1]) : null;
    });
    if (walked.done) return walked.result;
  }
  return null;
}

/** The dictionary of object `num gen`, found through the tables or by its header; else null. */
function objectDictionary(
  bytes: Uint8Array,
  num: number,
  gen: number,
  xref: CrossReference,
): PdfDictionary | null {
  const listed = tableOffset(bytes, num, gen, xref);
  const offset =
    listed !== null && headerAt(bytes, listed, num, gen) ? listed : findHeader(bytes, num, gen);
  if (offset === null) return null;
  const lexer = window(bytes, offset);
  lexer.next();
  lexer.next();
  lexer.next(); // n g obj
  return lexer.next()?.kind === "open-dict" ? lexer.readDictionary() : null;
}

function headerAt(bytes: Uint8Array, offset: number, num: number, gen: number): boolean {
  if (offset >= bytes.length) return false;
  const lexer = window(bytes, offset, 64);
  const n = lexer.next();
  const g = lexer.next();
  return (
    n?.kind === "int" &&
    n.value === num &&
    g?.kind === "int" &&
    g.value === gen &&
    lexer.expectKeyword("obj")
  );
}

/** The last `num gen obj` in the file (the newest revision of the object), scanning back once. */
function findHeader(bytes: Uint8Array, num: number, gen: number): number | null {
  const pattern = asciiBytes(`${num} ${gen} obj`);
  let to = bytes.length;
  for (;;) {
    const at = lastIndexOf(bytes, pattern, 0, to);
    if (at < 0) return null;
    if ((at === 0 || endsToken(bytes[at - 1])) && endsToken(bytes[at + pattern.length])) return at;
    to = at + pattern.length - 1;
  }
}
