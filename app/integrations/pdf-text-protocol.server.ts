import type { PdfDocumentText } from "~/pipeline/pdf-document";
import type { OcrWord } from "~/pipeline/page-ocr";

/**
 * Messages between pdf-text.server.ts and its child processes (pdf-text-worker.server.ts), over
 * Node's IPC channel with the "advanced" (structured clone) serialization.
 */

/** Read the text layer of every page. */
export interface PdfTextRequest {
  kind: "text";
  id: number;
  /** Transferred to the worker: the caller keeps its own copy. */
  bytes: ArrayBuffer;
  maxPages: number;
  /** Epoch milliseconds after which the worker stops between pages. */
  deadline: number;
}

/** Paint some pages to PNG pictures, as a viewer would show them on white paper. */
export interface PdfRenderRequest {
  kind: "render";
  id: number;
  /** Transferred to the worker: the caller keeps its own copy. */
  bytes: ArrayBuffer;
  /** Counted from 1; pages the document does not have are skipped. */
  pages: number[];
  /** Pixels per PDF point. */
  scale: number;
  /** Epoch milliseconds after which the worker stops between pages. */
  deadline: number;
}

/** Paint some pages and read their words with the child's recogniser (Tesseract). */
export interface PdfOcrRequest {
  kind: "ocr";
  id: number;
  bytes: ArrayBuffer;
  /** Counted from 1; pages the document does not have are skipped. */
  pages: number[];
  /** Pixels per PDF point asked for; lowered for a page whose picture would exceed the budget. */
  scale: number;
  /** Epoch milliseconds after which the child stops between pages. */
  deadline: number;
}

/**
 * Read pages that hold no text layer (a scan): paint them with their images, read the words
 * (turning the picture straight first), and keep a smaller copy of each picture for the merchant.
 */
export interface PdfScanRequest {
  kind: "scan";
  id: number;
  bytes: ArrayBuffer;
  /** Counted from 1; pages the document does not have are skipped. */
  pages: number[];
  /** Pixels per PDF point asked for; lowered for a page whose picture would exceed the budget. */
  scale: number;
  /** Widest picture kept for the merchant, in pixels. */
  keepWidth: number;
  /** Epoch milliseconds after which the child stops between pages. */
  deadline: number;
}

export type PdfWorkerRequest = PdfTextRequest | PdfRenderRequest | PdfOcrRequest | PdfScanRequest;

/** A scanned page: its size, the words read on it and the picture kept for the merchant. */
export interface PdfScanPage {
  pageNumber: number;
  /** In PDF points. */
  width: number;
  height: number;
  words: OcrWord[];
  /** Degrees the picture was turned to make its lines level before it was read. */
  rotation: number;
  /** A PNG no wider than the request's keepWidth. */
  picture: PdfPageImage;
  /** The texts of QR codes read on the page's picture. */
  qrCodes?: string[];
}

/** The words read on one page, in PDF points from the page's top-left. */
export interface PdfOcrPage {
  pageNumber: number;
  words: OcrWord[];
}

/** One page painted to a picture. */
export interface PdfPageImage {
  pageNumber: number;
  /** A PNG file; its buffer is transferred, not copied, from the worker. */
  png: Uint8Array<ArrayBuffer>;
  /** In pixels. */
  width: number;
  height: number;
  /**
   * Pixels per PDF point in this picture: the scale asked for, unless the page is so large that
   * it was lowered to keep the picture within the worker's pixel budget.
   */
  scale: number;
}

export type PdfWorkerReply =
  | { id: number; ok: true; document: PdfDocumentText }
  | { id: number; ok: true; images: PdfPageImage[] }
  | { id: number; ok: true; ocrPages: PdfOcrPage[] }
  | { id: number; ok: true; scanPages: PdfScanPage[] }
  | {
      id: number;
      ok: false;
      code:
        | "corrupt-pdf"
        | "encrypted-pdf"
        | "empty-pdf"
        | "too-many-pages"
        | "too-complex"
        | "timeout"
        | "ocr-failed";
      detail?: string;
    };
