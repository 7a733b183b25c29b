import type { OcrPage, PageOcr } from "~/pipeline/page-ocr";
import { sharedPdfTextReader, type PdfTextReader } from "./pdf-text.server";

/**
 * Reads the words on a document's pages as a person would: a PDF reader's child process paints
 * each page and reads the picture with Tesseract (page-ocr-recogniser.server.ts), started once per
 * child and then kept. Each page is one request to a child, bounded like any document there (memory
 * cap, deadline): Tesseract cannot be interrupted mid-page, so a page over its budget ends the
 * child, and the next page gets a new one. Only documents whose text layer cannot be trusted need
 * it. Everything it needs ships in node_modules: it never reaches the network.
 */

export interface PageOcrOptions {
  /** The PDF children that paint and read the pages; the process's shared pool by default. */
  reader?: PdfTextReader;
  /** Pixels per PDF point in the pictures read: 2 (144 dpi) reads 7 pt print. */
  scale?: number;
  /** CPU time one page (painting and reading) may take, in milliseconds. */
  pageCpuLimitMs?: number;
  /** The clock's deadline for one page, in milliseconds, from when a child takes it up. */
  pageTimeoutMs?: number;
  /** The clock's deadline for every page read of this document together, from the first. */
  documentTimeoutMs?: number;
}

export const DEFAULT_OCR_SCALE = 2;

/**
 * A page of file 13 at scale 2 takes 4 to 6 seconds of CPU here, the recogniser's start included;
 * a page of garbage painted large took a minute before pictures were capped
 * (pdf-text-worker.server.ts). CPU time, not the clock, bounds the work: on a busy machine the
 * clock runs several times faster. The clock's deadlines catch a page that stalls.
 */
export const DEFAULT_OCR_PAGE_CPU_LIMIT_MS = 10_000;
export const DEFAULT_OCR_PAGE_TIMEOUT_MS = 90_000;
export const DEFAULT_OCR_DOCUMENT_TIMEOUT_MS = 180_000;

export function createPageOcr(bytes: Uint8Array, options: PageOcrOptions = {}): PageOcr {
  const scale = options.scale ?? DEFAULT_OCR_SCALE;
  const pageTimeoutMs = options.pageTimeoutMs ?? DEFAULT_OCR_PAGE_TIMEOUT_MS;
  const documentTimeoutMs = options.documentTimeoutMs ?? DEFAULT_OCR_DOCUMENT_TIMEOUT_MS;
  let documentDeadline: number | undefined;
  return {
    async readPages(pageNumbers) {
      const reader = options.reader ?? sharedPdfTextReader();
      documentDeadline ??= Date.now() + documentTimeoutMs;
      const deadline = documentDeadline;
      // Each page on its own: two pages go to two children at once.
      const pages = await Promise.all(
        [...new Set(pageNumbers)].map(async (pageNumber) => {
          const left = deadline - Date.now();
          if (left <= 0) {
            throw new Error(`OCR of page ${pageNumber} failed: the document's OCR budget is spent`);
          }
          const read = await reader.ocr(bytes, {
            pages: [pageNumber],
            scale,
            timeoutMs: Math.min(pageTimeoutMs, left),
            cpuLimitMs: options.pageCpuLimitMs ?? DEFAULT_OCR_PAGE_CPU_LIMIT_MS,
          });
          if (!read.ok) throw failure(pageNumber, read.error);
          return read.pages[0] ?? null;
        }),
      );
      return pages.filter((page): page is OcrPage => page !== null);
    },
  };
}

function failure(pageNumber: number, error: { code: string; message: string }): Error {
  if (error.code === "ocr-failed" || error.code === "timeout" || error.code === "too-complex") {
    return new Error(`OCR of page ${pageNumber} failed: ${error.code} (${error.message})`);
  }
  return new Error(
    `Could not paint page(s) ${pageNumber} for OCR: ${error.code} (${error.message})`,
  );
}

/**
 * Ends the shared pool's children, and with them their recognisers (a later page starts new
 * ones). Command-line runs and benchmarks call it when done; a page being read fails.
 */
export function closePageOcr(): Promise<void> {
  return sharedPdfTextReader().close();
}
