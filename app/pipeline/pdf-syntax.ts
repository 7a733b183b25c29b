/**
 * Just enough of PDF's object syntax (ISO 32000-1, 7.2 and 7.3) to read one dictionary's
 * top-level entries from raw bytes: integers, names, indirect references; nested dictionaries,
 * arrays and strings are stepped over, not kept. Nothing is decompressed or decrypted, and every
 * read stops at a caller's byte limit, so hostile bytes cost at most that window.
 */

export type PdfValue =
  | { kind: "int"; value: number }
  | { kind: "ref"; num: number; gen: number }
  | { kind: "name"; value: string }
  | { kind: "array" }
  | { kind: "other" };

export type PdfDictionary = Map<string, PdfValue>;

type Token =
  | { kind: "int"; value: number }
  | { kind: "name"; value: string }
  | { kind: "keyword"; value: string }
  | { kind: "open-dict" | "close-dict" | "open-array" | "close-array" | "string" | "number" };

/** An integer larger than this is not one a page count or object number can be. */
const MAX_INT = 2 ** 31 - 1;
/** A name or keyword longer than this is not one this reader needs. */
const MAX_WORD = 127;
/** Entries kept from one dictionary; a page tree's root holds a handful. */
const MAX_ENTRIES = 256;

export function isWhite(byte: number | undefined): boolean {
  return (
    byte === 0x00 ||
    byte === 0x09 ||
    byte === 0x0a ||
    byte === 0x0c ||
    byte === 0x0d ||
    byte === 0x20
  );
}

function isDelimiter(byte: number | undefined): boolean {
  // ( ) < > [ ] { } / %
  return (
    byte === 0x28 ||
    byte === 0x29 ||
    byte === 0x3c ||
    byte === 0x3e ||
    byte === 0x5b ||
    byte === 0x5d ||
    byte === 0x7b ||
    byte === 0x7d ||
    byte === 0x2f ||
    byte === 0x25
  );
}

/** True when `byte` may end a token: the end of the data, white space or a delimiter. */
export function endsToken(byte: number | undefined): boolean {
  return byte === undefined || isWhite(byte) || isDelimiter(byte);
}

/** Reads tokens from `bytes` between `position` and `end`; a token that would cross `end` is null. */
export class PdfLexer {
  constructor(
    private readonly bytes: Uint8Array,
    public position: number,
    private readonly end: number,
  ) {}

  private at(index: number): number | undefined {
    return index < this.end ? this.bytes[index] : undefined;
  }

  /** Skips white space and comments; false when the window ends first. */
  private skipSpace(): boolean {
    for (;;) {
      const byte = this.at(this.position);
      if (byte === undefined) return false;
      if (isWhite(byte)) this.position++;
      else if (byte === 0x25) {
        while (this.position < this.end && this.at(this.position) !== 0x0a) {
          if (this.at(this.position) === 0x0d) break;
          this.position++;
        }
      } else return true;
    }
  }

  private word(): string | null {
    const start = this.position;
    while (!endsToken(this.at(this.position))) this.position++;
    if (this.position >= this.end || this.position - start > MAX_WORD) return null;
    return String.fromCharCode(...this.bytes.subarray(start, this.position));
  }

  /** Steps over a literal string, nested parentheses and escapes included. */
  private skipLiteralString(): boolean {
    let depth = 0;
    while (this.position < this.end) {
      const byte = this.at(this.position++);
      if (byte === 0x5c) this.position++;
      else if (byte === 0x28) depth++;
      else if (byte === 0x29 && --depth === 0) return true;
    }
    return false;
  }

  next(): Token | null {
    if (!this.skipSpace()) return null;
    const byte = this.at(this.position);
    if (byte === 0x3c && this.at(this.position + 1) === 0x3c) {
      this.position += 2;
      return { kind: "open-dict" };
    }
    if (byte === 0x3e && this.at(this.position + 1) === 0x3e) {
      this.position += 2;
      return { kind: "close-dict" };
    }
    if (byte === 0x3c) {
      while (this.position < this.end && this.at(this.position) !== 0x3e) this.position++;
      if (this.position >= this.end) return null;
      this.position++;
      return { kind: "string" };
    }
    if (byte === 0x28) return this.skipLiteralString() ? { kind: "string" } : null;
    if (byte === 0x5b || byte === 0x5d) {
      this.position++;
      return { kind: byte === 0x5b ? "open-array" : "close-array" };
    }
    if (byte === 0x2f) {
      this.position++;
      const name = this.word();
      return name === null ? null : { kind: "name", value: name };
    }
    if (byte === 0x7b || byte === 0x7d || byte === 0x29 || byte === 0x3e) return null;
    const word = this.word();
    if (word === null || word === "") return null;
    if (/^\d{1,10}$/.test(word)) {
      const value = Number(word);
      return value <= MAX_INT ? { kind: "int", value } : { kind: "number" };
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { kind: "number" };
    return { kind: "keyword", value: word };
  }

  /** The next token if it is the keyword `value`. */
  expectKeyword(value: string): boolean {
    const token = this.next();
    return token?.kind === "keyword" && token.value === value;
  }

  /** Reads a dictionary's entries after its `<<`; null when it does not close within the window. */
  readDictionary(): PdfDictionary | null {
    const entries: PdfDictionary = new Map();
    for (;;) {
      const key = this.next();
      if (key === null) return null;
      if (key.kind === "close-dict") return entries;
      if (key.kind !== "name" || entries.size >= MAX_ENTRIES) return null;
      const value = this.readValue();
      if (value === null) return null;
      entries.set(key.value, value);
    }
  }

  private readValue(): PdfValue | null {
    const token = this.next();
    if (token === null) return null;
    switch (token.kind) {
      case "name":
        return { kind: "name", value: token.value };
      case "int": {
        const mark = this.position;
        const gen = this.next();
        if (gen?.kind === "int" && this.expectKeyword("R")) {
          return { kind: "ref", num: token.value, gen: gen.value };
        }
        this.position = mark;
        return { kind: "int", value: token.value };
      }
      case "open-dict":
      case "open-array":
        return this.skipNested() ? { kind: token.kind === "open-array" ? "array" : "other" } : null;
      case "string":
      case "number":
      case "keyword":
        return { kind: "other" };
      default:
        return null;
    }
  }

  /** Steps over the rest of a dictionary or array whose opening token was just read. */
  private skipNested(): boolean {
    let depth = 1;
    while (depth > 0) {
      const token = this.next();
      if (token === null) return false;
      if (token.kind === "open-dict" || token.kind === "open-array") depth++;
      else if (token.kind === "close-dict" || token.kind === "close-array") depth--;
    }
    return true;
  }
}

/** The ASCII bytes of `text`. */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

/** Where `pattern` last starts in `bytes[from, to)`, or -1: one pass, at most a few reads a byte. */
export function lastIndexOf(bytes: Uint8Array, pattern: Uint8Array, from: number, to: number) {
  const first = pattern[0];
  for (let i = to - pattern.length; i >= from; i--) {
    if (bytes[i] !== first) continue;
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern[j]) j++;
    if (j === pattern.length) return i;
  }
  return -1;
}
