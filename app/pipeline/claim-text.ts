/**
 * Text as a reader sees it, for the claim checks. A banned word hidden from a word-based check
 * still reads as the word on a product page: split by invisible characters (zero-width space,
 * soft hyphen, word joiner, bidi marks — Unicode's format category Cf), written with look-alike
 * letters from other scripts (Cyrillic "с" for Latin "c"), in compatibility forms (full-width
 * letters, ligatures: NFKC folds them), or letter-spaced ("c u r e s", "c.u.r.e.s").
 */
export function readableText(text: string): string {
  const folded = text
    .normalize("NFKC")
    .replace(/\p{Cf}/gu, "")
    // Marks NFKC could not fold into a letter ("c̲u̲r̲e̲s") hide nothing from a reader.
    .replace(/\p{M}/gu, "");
  let latin = "";
  for (const char of folded) latin += CONFUSABLES[char] ?? char;
  return joinSpacedLetters(latin);
}

/**
 * Letters of other scripts that look like Latin letters (Unicode's confusables, the subset that
 * is drawn identically in common fonts). Greek and Cyrillic words themselves are not a concern:
 * descriptions are written in the shop's language with Latin figures and claims.
 */
const CONFUSABLES: Record<string, string> = {
  "\u0430": "a",
  "\u0441": "c",
  "\u0435": "e",
  "\u04bb": "h",
  "\u0456": "i",
  "\u0458": "j",
  "\u043e": "o",
  "\u0440": "p",
  "\u0455": "s",
  "\u0445": "x",
  "\u0443": "y",
  "\u0410": "A",
  "\u0412": "B",
  "\u0421": "C",
  "\u0415": "E",
  "\u041d": "H",
  "\u0406": "I",
  "\u0408": "J",
  "\u041a": "K",
  "\u041c": "M",
  "\u041e": "O",
  "\u0420": "P",
  "\u0405": "S",
  "\u0422": "T",
  "\u0425": "X",
  "\u03b1": "a",
  "\u03bf": "o",
  "\u03c1": "p",
  "\u03c5": "u",
  "\u0391": "A",
  "\u0392": "B",
  "\u0395": "E",
  "\u0397": "H",
  "\u0399": "I",
  "\u039a": "K",
  "\u039c": "M",
  "\u039d": "N",
  "\u039f": "O",
  "\u03a1": "P",
  "\u03a4": "T",
  "\u03a7": "X",
  "\u0131": "i",
  "\u0261": "g",
};

/**
 * Three or more single letters each followed by one space, dot, dash or underscore ("c u r e s",
 * "h.e.a.l.s") are one word. Ordinary prose rarely has three one-letter words in a row; "a" and
 * "I" alone are left as they are.
 */
function joinSpacedLetters(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])\p{L}(?:[ ._\-·•*]\p{L}){2,}(?![\p{L}\p{N}])/gu, (run) =>
    run.replace(/[ ._\-·•*]/g, ""),
  );
}

/**
 * Text copied from a PDF, made safe to hand to a language model as data: control and format
 * characters removed (they can hide words or reorder what a reader sees), whitespace collapsed,
 * length bounded. What it says is judged elsewhere (`safeText`).
 */
export function cleanPdfString(value: string, maxLength: number): string {
  const cleaned = value
    .normalize("NFKC")
    .replace(/\p{Cf}/gu, "")
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned.length > maxLength ? cleaned.slice(0, maxLength).trimEnd() : cleaned;
}
