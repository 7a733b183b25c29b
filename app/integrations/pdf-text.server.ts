import { PDFParse, PasswordException, InvalidPDFException, FormatError } from "pdf-parse";
import type { PdfDocumentText, PdfPageText, PdfTextItem } from "~/pipeline/pdf-document";
import { extractionError, sniffPdf, type ExtractionError } from "~/pipeline/extraction-error";

/**
 * Reads a PDF's text with pdf-parse (pdf.js underneath), keeping each text run's position so the
 * pipeline can rebuild rows and columns. The only importer of pdf-parse.
 */

export type PdfTextResult =
  { ok: true; document: PdfDocumentText } | { ok: false; error: ExtractionError };

export interface ReadPdfTextOptions {
  /** More pages than this is refused before any page is parsed. */
  maxPages?: number;
  /** Budget for the whole read, in milliseconds. */
  timeoutMs?: number;
}

export const DEFAULT_MAX_PAGES = 40;
export const DEFAULT_TIMEOUT_MS = 20_000;

// The slice of pdf.js that we use. pdf-parse 2.4.5 keeps its loaded pdf.js document behind a
// private `load()`; its public getText() drops positions, which the engine needs.
interface PdfJsTextItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}
interface PdfJsPage {
  getViewport(params: { scale: number }): {
    width: number;
    height: number;
    convertToViewportPoint(x: number, y: number): number[];
  };
  getTextContent(params?: object): Promise<{ items: PdfJsTextItem[] }>;
  getAnnotations(): Promise<{ subtype?: string; url?: string; unsafeUrl?: string }[]>;
  cleanup(): void;
}
interface PdfJsDocument {
  numPages: number;
  getPage(pageNumber: number): Promise<PdfJsPage>;
}
interface PdfParseInternals {
  load(): Promise<PdfJsDocument>;
  destroy(): Promise<void>;
}

class TimeoutSignal extends Error {}

export async function readPdfText(
  bytes: Uint8Array,
  options: ReadPdfTextOptions = {},
): Promise<PdfTextResult> {
  if (!sniffPdf(bytes)) return { ok: false, error: extractionError("not-a-pdf") };
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  // pdf.js takes ownership of (and may detach) the buffer it is given: hand it a copy.
  const parser = new PDFParse({
    data: new Uint8Array(bytes),
    // Text needs no rendering: skip what only painting uses.
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: false,
    maxImageSize: 1,
  }) as unknown as PdfParseInternals;

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutSignal()), timeoutMs);
  });
  try {
    const deadline = Date.now() + timeoutMs;
    return await Promise.race([readDocument(parser, maxPages, deadline), timeout]);
  } catch (error) {
    return { ok: false, error: classify(error) };
  } finally {
    clearTimeout(timer);
    await parser.destroy().catch(() => undefined);
  }
}

async function readDocument(
  parser: PdfParseInternals,
  maxPages: number,
  deadline: number,
): Promise<PdfTextResult> {
  const doc = await parser.load();
  if (doc.numPages === 0) return { ok: false, error: extractionError("empty-pdf") };
  if (doc.numPages > maxPages) {
    return {
      ok: false,
      error: extractionError("too-many-pages", `${doc.numPages} pages; the limit is ${maxPages}`),
    };
  }
  const pages: PdfPageText[] = [];
  const links: string[] = [];
  for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber++) {
    // pdf.js work can run without yielding to timers: check the budget between pages too.
    if (Date.now() > deadline) throw new TimeoutSignal();
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    for (const raw of content.items) {
      if (typeof raw.str !== "string" || raw.str.trim() === "" || !raw.transform) continue;
      const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = raw.transform;
      const [x = 0, y = 0] = viewport.convertToViewportPoint(e, f);
      const size = Math.hypot(c, d) || Math.hypot(a, b) || raw.height || 0;
      items.push({ str: raw.str, x, y, width: raw.width ?? 0, height: size });
    }
    for (const annotation of await page.getAnnotations().catch(() => [])) {
      const url = annotation.url ?? annotation.unsafeUrl;
      if (annotation.subtype === "Link" && typeof url === "string") links.push(url);
    }
    pages.push({ pageNumber, width: viewport.width, height: viewport.height, items });
    page.cleanup();
  }
  return { ok: true, document: { pageCount: doc.numPages, pages, links } };
}

function classify(error: unknown): ExtractionError {
  if (error instanceof TimeoutSignal) return extractionError("timeout");
  if (error instanceof PasswordException) return extractionError("encrypted-pdf");
  if (error instanceof InvalidPDFException || error instanceof FormatError) {
    return extractionError("corrupt-pdf");
  }
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return extractionError("encrypted-pdf");
  // pdf.js reports other structural damage with assorted errors: to a merchant it is all "damaged".
  return extractionError("corrupt-pdf");
}
