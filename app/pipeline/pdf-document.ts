/**
 * The text of a PDF as the extraction engine sees it: pages of positioned text items
 * (pdf.js text runs), so rows and columns can be rebuilt. Framework-free: the PDF reader in
 * app/integrations/pdf-text.server.ts produces it; nothing here knows about pdf.js.
 */

export interface PdfTextItem {
  str: string;
  /** Left edge, in PDF points from the page's left. */
  x: number;
  /** Baseline, in PDF points from the page's top (grows downwards). */
  y: number;
  width: number;
  /** Font size (approximately the glyph height), in points. */
  height: number;
  /**
   * The reader's name for the run's font (pdf.js's loadedName): runs in one font share its
   * glyph-to-character map, right or wrong.
   */
  font?: string;
}

export interface PdfPageText {
  pageNumber: number;
  width: number;
  height: number;
  items: PdfTextItem[];
}

export interface PdfDocumentText {
  pageCount: number;
  pages: PdfPageText[];
  /** URLs of link annotations, in page order: some labs put the verification link only there. */
  links: string[];
  /**
   * Texts of QR codes drawn as images, from the first page that has any (labs repeat the code on
   * every page): some labs print their verification link only as a QR code.
   */
  qrCodes?: PdfQrCode[];
}

export interface PdfQrCode {
  /** The page it was read from, counting from 1. */
  page: number;
  text: string;
}
