import { matchTotal, type TotalKey } from "./analyte-dictionary";
import { figureOf, type FigureSighting, type ScanEvidence } from "./ocr-figures";
import type { OcrWord } from "./page-ocr";

/**
 * The other column of a row that prints % and mg/g, when it gives a different value: the figure
 * it implies, for the merchant to choose from. Beside a figure that differs from it by little
 * (one digit misread), or one with the same digits and the decimal stop elsewhere: OCR loses a
 * faint or letter-spaced stop ("6.4" read "64") and the digits of the other column say where it
 * was.
 */
export function otherColumn(
  sighting: FigureSighting,
  unit: string,
  evidence: ScanEvidence,
): string | null {
  const factor = unit === "%" ? 10 : unit === "mg/g" ? 0.1 : null;
  if (factor === null || sighting.value <= 0) return null;
  const decimals = sighting.reading.split(".")[1]?.length ?? 0;
  let shifted: string | null = null;
  for (const word of evidence.wordsOn(sighting.row)) {
    if (word === sighting.word || word.left < sighting.label.xEnd - 1) continue;
    const other = figureOf(word.text);
    if (!other || other.value <= 0) continue;
    const implied = other.value / factor;
    if (implied === sighting.value) continue;
    const close = Math.abs(implied / sighting.value - 1) < 0.2;
    if (close && word.left > sighting.word.left) return implied.toFixed(decimals);
    const text = String(Number(implied.toFixed(6)));
    // Only a reading without a stop can have lost one.
    const stopless = !sighting.reading.includes(".") && text.includes(".");
    if (!shifted && stopless && digitsOf(text) === digitsOf(sighting.reading)) shifted = text;
  }
  return shifted;
}

/** The significant digits of a figure as printed: "0.064" and "6.40" → "64". */
function digitsOf(text: string): string {
  return text.replace(".", "").replace(/^0+/, "").replace(/0+$/, "");
}

/**
 * A figure read in % whose row prints a tenth of it (or one in mg/g whose row prints ten times
 * it): the pair is the result's % and mg/g, and this figure is the other unit's. The row's twin,
 * as read, which is the figure in the unit claimed; null when the row holds none.
 */
export function inverseTwin(
  sighting: FigureSighting,
  unit: string,
  words: OcrWord[],
): string | null {
  const factor = unit === "%" ? 0.1 : unit === "mg/g" ? 10 : null;
  if (factor === null || sighting.value <= 0) return null;
  for (const word of words) {
    if (word === sighting.word || word.left < sighting.label.xEnd - 1) continue;
    const other = figureOf(word.text);
    if (!other || other.value <= 0) continue;
    const tolerance = sighting.halfUnit * factor + other.halfUnit + 1e-9;
    if (Math.abs(sighting.value * factor - other.value) <= tolerance) return other.reading;
  }
  return null;
}

/**
 * The figure printed right beside the total's label on a row of a scanned page, when it is
 * another than `value` (nor its % or mg/g twin): the page gives the total another value there,
 * and a figure found below the label elsewhere may be a neighbouring tile's.
 */
export function printedBesideOtherwise(
  key: TotalKey,
  value: number,
  evidence: ScanEvidence,
): string | null {
  for (const row of evidence.rows) {
    if (!evidence.pages.has(row.page)) continue;
    const label = row.cells.find((cell) => matchTotal(cell.text)?.key === key);
    if (!label) continue;
    const next = evidence
      .wordsOn(row)
      .filter((w) => w.left >= label.xEnd - 1)
      .find((w) => figureOf(w.text) !== null);
    const figure = next ? figureOf(next.text) : null;
    // A formula's factor ("(0.877 × THCA)") is no result.
    if (!next || !figure || next.text.startsWith("(") || figure.value === 0.877) continue;
    const same = [1, 10, 0.1].some(
      (f) => Math.abs(figure.value - value * f) <= figure.halfUnit + 1e-9 + 0.005 * value * f,
    );
    if (!same) return figure.reading;
  }
  return null;
}
