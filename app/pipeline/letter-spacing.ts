/**
 * "B AT C H : PA S S" → "BATCH:PASS": letter-spaced type whose glyph runs kept their spaces.
 * A text counts as letter-spaced when nearly all its pieces are one or two characters long.
 */
export function squeezeLetterSpacing(text: string): string {
  const pieces = text.trim().split(/\s+/);
  if (pieces.length < 5) return text;
  const short = pieces.filter((p) => p.length <= 2).length;
  return short / pieces.length >= 0.7 ? pieces.join("") : text;
}
