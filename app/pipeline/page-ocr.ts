/**
 * The port through which the engine sees a page as a reader would: the words optical character
 * recognition reads from the page's picture. The engine uses it only to repair a text layer whose
 * fonts map their glyphs to the wrong characters (text-layer-repair.ts); it never takes a number
 * from it that the glyphs printed at the same place do not confirm.
 */

/** A word read from a page's picture, in the page's own space: PDF points, origin top-left. */
export interface OcrWord {
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** The recogniser's confidence, 0 to 100. */
  confidence: number;
  /**
   * Where the word's line sits (its baseline under the word), in points from the top, when the
   * recogniser says: a word's box alone drops below it by its descenders ("Testing" below "ID").
   */
  baseline?: number;
  /** The height of the word's line (ascenders to descenders), in points, when known. */
  lineHeight?: number;
}

export interface OcrPage {
  pageNumber: number;
  words: OcrWord[];
}

/** Reads the words of one document's pages (counted from 1). */
export interface PageOcr {
  readPages(pageNumbers: number[]): Promise<OcrPage[]>;
}
