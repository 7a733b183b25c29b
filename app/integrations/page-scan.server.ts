import { joinSplitFigures, type PageScanner, type ScannedPage } from "~/pipeline/scanned-pages";
import { sharedPdfTextReader, type PdfTextReader } from "./pdf-text.server";

/**
 * Reads the pages of a scanned COA (no text layer) by OCR in the PDF reader's child processes
 * (pdf-text-worker.server.ts): each page is one request, painted with its picture, turned level
 * and read by the child's recogniser, which is started once per child and then shared by every
 * page it reads. Pages go to the children in parallel (one per core, the pool's size), each
 * bounded like any document there (memory cap, CPU time, the clock), and all of one document's
 * pages by one deadline. Nothing is fetched: the model ships in node_modules.
 */

export interface PageScanOptions {
  reader?: PdfTextReader;
  /**
   * Pixels per PDF point the pages are painted at before reading: 3 (216 dpi) keeps the detail of
   * a 200 dpi scan, and gives 7 pt print the height Tesseract reads well.
   */
  scale?: number;
  /** CPU time one page (painting and reading) may take, in milliseconds. */
  pageCpuLimitMs?: number;
  /** The clock's deadline for one page, from when a child takes it up. */
  pageTimeoutMs?: number;
  /** The clock's deadline for all pages of the document together, from the first. */
  documentTimeoutMs?: number;
  /** Width of the pictures kept for the merchant, in pixels. */
  keepWidth?: number;
}

export const DEFAULT_SCAN_SCALE = 3;
/**
 * A dense Letter page at scale 3 takes 8 to 10 s of CPU here (painting, turning and reading);
 * twice that is allowed before it is given up.
 */
export const DEFAULT_SCAN_PAGE_CPU_LIMIT_MS = 25_000;
export const DEFAULT_SCAN_PAGE_TIMEOUT_MS = 120_000;
export const DEFAULT_SCAN_DOCUMENT_TIMEOUT_MS = 240_000;
export const DEFAULT_SCAN_KEEP_WIDTH = 1600;

export function createPageScanner(bytes: Uint8Array, options: PageScanOptions = {}): PageScanner {
  const scale = options.scale ?? DEFAULT_SCAN_SCALE;
  const pageTimeoutMs = options.pageTimeoutMs ?? DEFAULT_SCAN_PAGE_TIMEOUT_MS;
  const documentTimeoutMs = options.documentTimeoutMs ?? DEFAULT_SCAN_DOCUMENT_TIMEOUT_MS;
  return {
    async scanPages(pageNumbers) {
      const reader = options.reader ?? sharedPdfTextReader();
      const deadline = Date.now() + documentTimeoutMs;
      const pages = await Promise.all(
        [...new Set(pageNumbers)].map(async (pageNumber): Promise<ScannedPage | null> => {
          const left = deadline - Date.now();
          if (left <= 0) return null;
          const read = await reader.scan(bytes, {
            pages: [pageNumber],
            scale,
            keepWidth: options.keepWidth ?? DEFAULT_SCAN_KEEP_WIDTH,
            timeoutMs: Math.min(pageTimeoutMs, left),
            cpuLimitMs: options.pageCpuLimitMs ?? DEFAULT_SCAN_PAGE_CPU_LIMIT_MS,
          });
          // A page that could not be read is left out (its values missing, never guessed); a
          // document none of whose pages could be read fails as a whole.
          if (!read.ok) return null;
          const page = read.pages[0];
          if (!page) return null;
          const { picture } = page;
          return {
            pageNumber: page.pageNumber,
            width: page.width,
            height: page.height,
            words: joinSplitFigures(page.words),
            ...(page.qrCodes?.length ? { qrCodes: page.qrCodes } : {}),
            picture: {
              page: page.pageNumber,
              width: picture.width,
              height: picture.height,
              png: picture.png,
            },
          };
        }),
      );
      const read = pages.filter((page): page is ScannedPage => page !== null);
      if (read.length === 0) throw new Error("None of the document's pages could be read by OCR");
      return read;
    },
  };
}
