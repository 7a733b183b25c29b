import { parentPort } from "node:worker_threads";
import { PDFParse, PasswordException, InvalidPDFException, FormatError } from "pdf-parse";
import type { PdfPageText, PdfTextItem } from "~/pipeline/pdf-document";
import type { PdfWorkerReply, PdfWorkerRequest } from "./pdf-text-protocol.server";

/**
 * The worker thread that runs pdf.js (through pdf-parse) for pdf-text.server.ts. It is started
 * by plain Node, without the TypeScript loader the CLI and benchmarks run under: pdf.js is 3 MB
 * of JavaScript, and transforming it on every start cost seconds of CPU and hundreds of MB.
 * So this file must stay runnable by Node's own type stripping: erasable syntax only, type-only
 * imports for anything of ours, and pdf-parse as its only runtime dependency.
 */

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

async function read(request: PdfWorkerRequest): Promise<PdfWorkerReply> {
  const parser = new PDFParse({
    data: new Uint8Array(request.bytes),
    // Text needs no rendering: skip what only painting uses.
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: false,
    maxImageSize: 1,
  }) as unknown as PdfParseInternals;
  try {
    const doc = await parser.load();
    if (doc.numPages === 0) return { id: request.id, ok: false, code: "empty-pdf" };
    if (doc.numPages > request.maxPages) {
      const detail = `${doc.numPages} pages; the limit is ${request.maxPages}`;
      return { id: request.id, ok: false, code: "too-many-pages", detail };
    }
    const pages: PdfPageText[] = [];
    const links: string[] = [];
    for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber++) {
      // The caller also stops this thread at the deadline; checking here ends cleanly when it can.
      if (Date.now() > request.deadline) return { id: request.id, ok: false, code: "timeout" };
      const page = await doc.getPage(pageNumber);
      pages.push(await readPage(page, pageNumber, links));
      page.cleanup();
    }
    const document = { pageCount: doc.numPages, pages, links };
    return { id: request.id, ok: true, document };
  } catch (error) {
    return { id: request.id, ok: false, code: classify(error) };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

async function readPage(page: PdfJsPage, pageNumber: number, links: string[]) {
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
  return { pageNumber, width: viewport.width, height: viewport.height, items };
}

function classify(error: unknown): "encrypted-pdf" | "corrupt-pdf" {
  if (error instanceof PasswordException) return "encrypted-pdf";
  if (error instanceof InvalidPDFException || error instanceof FormatError) return "corrupt-pdf";
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return "encrypted-pdf";
  // pdf.js reports other structural damage with assorted errors: to a merchant it is all "damaged".
  return "corrupt-pdf";
}

// One document at a time: the caller queues, so a slow file never slows another one's pages.
parentPort?.on("message", (request: PdfWorkerRequest) => {
  void read(request).then((reply) => parentPort?.postMessage(reply));
});
