import { fileURLToPath } from "node:url";
import { PDFParse, PasswordException, InvalidPDFException, FormatError } from "pdf-parse";
import jsQR from "jsqr";
import type { PdfPageText, PdfQrCode, PdfTextItem } from "~/pipeline/pdf-document";
import type {
  PdfOcrPage,
  PdfOcrRequest,
  PdfPageImage,
  PdfRenderRequest,
  PdfScanPage,
  PdfScanRequest,
  PdfTextRequest,
  PdfWorkerReply,
  PdfWorkerRequest,
} from "./pdf-text-protocol.server";

/**
 * The child process that runs pdf.js (through pdf-parse) and the page recogniser for
 * pdf-text.server.ts, which caps its memory and time and ends it when a document overruns either:
 * a hostile document costs this process, never the web server's. It is started by plain Node,
 * without the TypeScript loader the CLI and benchmarks run under: pdf.js is 3 MB of JavaScript,
 * and transforming it on every start cost seconds of CPU and hundreds of MB. So this file must
 * stay runnable by Node's own type stripping: erasable syntax only, type-only imports for anything
 * of ours, and pdf-parse, jsqr and tesseract.js (plain JavaScript) as its only runtime dependencies
 * (the recogniser's file is loaded by its URL).
 */

// The slice of pdf.js that we use. pdf-parse 2.4.5 keeps its loaded pdf.js document behind a
// private `load()`; its public getText() drops positions, which the engine needs.
interface PdfJsTextItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
  fontName?: string;
}
interface PdfJsViewport {
  width: number;
  height: number;
  convertToViewportPoint(x: number, y: number): number[];
}
interface PdfJsPage {
  getViewport(params: { scale: number }): PdfJsViewport;
  getTextContent(params?: object): Promise<{ items: PdfJsTextItem[] }>;
  render(params: {
    canvasContext: PdfJsCanvasContext;
    canvas: PdfJsCanvas;
    viewport: PdfJsViewport;
  }): { promise: Promise<void> };
  getAnnotations(): Promise<{ subtype?: string; url?: string; unsafeUrl?: string }[]>;
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
  objs: PdfJsObjects;
  commonObjs: PdfJsObjects;
  cleanup(): void;
}
interface PdfJsImage {
  width: number;
  height: number;
  /** pdf.js ImageKind: 1 = 1 bit grey, 2 = RGB, 3 = RGBA. */
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}
interface PdfJsObjects {
  get(name: string, callback: (data: PdfJsImage | null) => void): void;
}
interface PdfJsDocument {
  numPages: number;
  getPage(pageNumber: number): Promise<PdfJsPage>;
  /** In Node, pdf.js paints on @napi-rs/canvas canvases made by this factory. */
  canvasFactory: {
    create(width: number, height: number): { canvas: PdfJsCanvas; context: PdfJsCanvasContext };
    destroy(canvasAndContext: { canvas: PdfJsCanvas; context: PdfJsCanvasContext }): void;
  };
}
interface PdfJsCanvas {
  width: number;
  height: number;
  toBuffer(mime: "image/png"): Uint8Array;
}
interface PdfJsCanvasContext {
  fillStyle: string;
  fillRect(x: number, y: number, width: number, height: number): void;
  getImageData(x: number, y: number, width: number, height: number): PdfJsImageData;
  putImageData(data: PdfJsImageData, x: number, y: number): void;
  drawImage(image: PdfJsCanvas, x: number, y: number, width: number, height: number): void;
}
interface PdfJsImageData {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}
interface PdfParseInternals {
  load(): Promise<PdfJsDocument>;
  destroy(): Promise<void>;
}

async function read(request: PdfTextRequest): Promise<PdfWorkerReply> {
  const bytes = new Uint8Array(request.bytes);
  // Building a page's operator list costs about as much as reading its text: only a file that
  // holds an image shaped like a code is searched, and only until each such image was tried.
  // Counted before pdf.js takes the bytes.
  const untried = qrCandidates(bytes);
  const parser = new PDFParse({
    data: bytes,
    // Text needs no rendering: skip what only painting uses.
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: false,
    // Images are decoded only to look for QR codes: one larger than the file's largest candidate
    // (a photo, a full-page background scan) is skipped unread, as decoding it would cost more
    // than the whole text layer.
    maxImageSize: largestCandidate(untried),
    ...(OPENJPEG_WASM_DIR ? { wasmUrl: OPENJPEG_WASM_DIR } : {}),
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
    const qrCodes: PdfQrCode[] = [];
    let printsUrl = false;
    let runs = 0;
    const tried = new Set<string>();
    for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber++) {
      // The caller also stops this thread at the deadline; checking here ends cleanly when it can.
      if (Date.now() > request.deadline) return { id: request.id, ok: false, code: "timeout" };
      const page = await doc.getPage(pageNumber);
      pages.push(await readPage(page, pageNumber, links));
      runs += pages.at(-1)?.items.length ?? 0;
      if (runs > MAX_TEXT_RUNS) {
        const detail = `over ${MAX_TEXT_RUNS} text runs by page ${pageNumber}`;
        return { id: request.id, ok: false, code: "too-complex", detail };
      }
      printsUrl ||= pages.at(-1)?.items.some((item) => PRINTED_URL.test(item.str)) === true;
      printsUrl ||= links.some((link) => PRINTED_URL.test(link));
      // Decoding images costs more than reading the text, and the codes only matter when the
      // report prints no link; labs repeat their code on every page, near the start.
      const searching = untried === null || untried.size > 0;
      if (qrCodes.length === 0 && !printsUrl && pageNumber <= MAX_QR_PAGES && searching) {
        qrCodes.push(...(await readQrCodes(page, pageNumber, tried, untried)));
      }
      page.cleanup();
    }
    const document = { pageCount: doc.numPages, pages, links, qrCodes };
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
    const item: PdfTextItem = { str: raw.str, x, y, width: raw.width ?? 0, height: size };
    if (typeof raw.fontName === "string") item.font = raw.fontName;
    items.push(item);
  }
  for (const annotation of await page.getAnnotations().catch(() => [])) {
    const url = annotation.url ?? annotation.unsafeUrl;
    if (annotation.subtype === "Link" && typeof url === "string") links.push(url);
  }
  return { pageNumber, width: viewport.width, height: viewport.height, items };
}

/**
 * Paints the requested pages (pages the document lacks are skipped) to PNG pictures, for optical
 * character recognition of pages whose text layer cannot be trusted.
 */
async function render(request: PdfRenderRequest): Promise<PdfWorkerReply> {
  const painted = await paint(request, MAX_RENDER_PIXELS);
  return { id: request.id, ...painted };
}

/**
 * Paints the pages, then reads each picture with the child's recogniser. The pictures get a
 * smaller pixel budget than painting alone: Tesseract's time grows with the pixels, and a page of
 * dense garbage at a large size took a minute.
 */
async function ocr(request: PdfOcrRequest): Promise<PdfWorkerReply> {
  const painted = await paint(request, MAX_OCR_PIXELS);
  if ("code" in painted) return { id: request.id, ...painted };
  const { recognisePicture } = (await import(
    RECOGNISER_URL
  )) as typeof import("./page-ocr-recogniser.server");
  const ocrPages: PdfOcrPage[] = [];
  for (const image of painted.images) {
    if (Date.now() > request.deadline) return { id: request.id, ok: false, code: "timeout" };
    try {
      ocrPages.push({
        pageNumber: image.pageNumber,
        words: await recognisePicture(image.png, image.scale),
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { id: request.id, ok: false, code: "ocr-failed", detail };
    }
  }
  return { id: request.id, ok: true, ocrPages };
}

/**
 * Reads pages without a text layer: painted with their images (the scan is the page), within the
 * child's memory cap, turned level and read by the recogniser; a smaller copy of each picture is
 * kept for the merchant to check the readings against.
 */
async function scan(request: PdfScanRequest): Promise<PdfWorkerReply> {
  const painted = await paint(request, MAX_SCAN_PIXELS, {
    images: true,
    keepWidth: request.keepWidth,
  });
  if ("code" in painted) return { id: request.id, ...painted };
  const { recogniseScan } = (await import(
    RECOGNISER_URL
  )) as typeof import("./page-ocr-recogniser.server");
  const scanPages: PdfScanPage[] = [];
  for (const image of painted.images) {
    if (Date.now() > request.deadline) return { id: request.id, ok: false, code: "timeout" };
    try {
      const { words, rotation } = await recogniseScan(image.png, image.scale);
      const { kept, qrCode, ...painted } = image;
      scanPages.push({
        pageNumber: image.pageNumber,
        width: image.width / image.scale,
        height: image.height / image.scale,
        words,
        rotation,
        picture: kept ?? painted,
        ...(qrCode ? { qrCodes: [qrCode] } : {}),
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { id: request.id, ok: false, code: "ocr-failed", detail };
    }
  }
  return { id: request.id, ok: true, scanPages };
}

/** A painted page, with the smaller copy kept for the merchant and the QR code read on a scan. */
type Painting = PdfPageImage & { kept?: PdfPageImage; qrCode?: string };

type Painted =
  | { ok: true; images: Painting[] }
  | { ok: false; code: "corrupt-pdf" | "encrypted-pdf" | "empty-pdf" | "timeout" };

async function paint(
  request: PdfRenderRequest | PdfOcrRequest | PdfScanRequest,
  pixelBudget: number,
  scanned: { images: true; keepWidth: number } | null = null,
): Promise<Painted> {
  const parser = new PDFParse({
    data: new Uint8Array(request.bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: false,
    // The pictures are painted for OCR to read their print: images (photos, logos, a background
    // scan) are left out, which makes painting about four times faster on file 13 and changes no
    // word read. Print on an image is then lost to OCR, not to the engine: its glyphs are decoded
    // with the map learned from the rest. Painting print needs the standard fonts a file names
    // without embedding them and the character maps of CJK fonts, read from pdfjs-dist's folders.
    // A scan is the opposite: its one image is the page, decoded within the child's memory cap.
    maxImageSize: scanned ? MAX_SCAN_IMAGE_PIXELS : 0,
    ...(STANDARD_FONTS_DIR ? { standardFontDataUrl: STANDARD_FONTS_DIR } : {}),
    ...(CMAPS_DIR ? { cMapUrl: CMAPS_DIR, cMapPacked: true } : {}),
  }) as unknown as PdfParseInternals;
  try {
    const doc = await parser.load();
    if (doc.numPages === 0) return { ok: false, code: "empty-pdf" };
    const images: Painting[] = [];
    for (const pageNumber of new Set(request.pages)) {
      if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > doc.numPages) continue;
      if (Date.now() > request.deadline) return { ok: false, code: "timeout" };
      const keepWidth = scanned?.keepWidth ?? null;
      const flatten = scanned ? await paperFlattener() : null;
      images.push(
        await renderPage(doc, pageNumber, request.scale, pixelBudget, keepWidth, flatten),
      );
    }
    return { ok: true, images };
  } catch (error) {
    return { ok: false, code: classify(error) };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

async function renderPage(
  doc: PdfJsDocument,
  pageNumber: number,
  requestedScale: number,
  pixelBudget: number,
  keepWidth: number | null = null,
  flatten: ((pixels: PdfJsImageData, scale: number) => void) | null = null,
): Promise<Painting> {
  const page = await doc.getPage(pageNumber);
  try {
    const scale = affordableScale(page.getViewport({ scale: 1 }), requestedScale, pixelBudget);
    const viewport = page.getViewport({ scale });
    // Whole pixels, rounded up: the last row and column hold the page's edge, not nothing.
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    const target = doc.canvasFactory.create(width, height);
    try {
      // White paper whatever pdf.js's default background: to the recogniser, transparent pixels
      // are black, and dark text on them unreadable.
      target.context.fillStyle = "#ffffff";
      target.context.fillRect(0, 0, width, height);
      const { canvas, context } = target;
      await page.render({ canvasContext: context, canvas, viewport }).promise;
      // The merchant is shown the page as scanned; OCR reads it with its paper evened out.
      const kept = keepWidth ? keptCopy(doc, canvas, keepWidth, pageNumber, scale) : undefined;
      let qrCode: string | null = null;
      if (flatten) {
        const pixels = context.getImageData(0, 0, width, height);
        // A scan's QR code is part of its picture: read from the page as scanned, as a phone would.
        if (pageNumber <= MAX_QR_PAGES) qrCode = decodeQrPixels(pixels);
        flatten(pixels, scale);
        context.putImageData(pixels, 0, 0);
      }
      // Copied into a buffer of its own, which can be transferred to the caller.
      const png = new Uint8Array(canvas.toBuffer("image/png"));
      return {
        pageNumber,
        png,
        width,
        height,
        scale,
        ...(kept ? { kept } : {}),
        ...(qrCode ? { qrCode } : {}),
      };
    } finally {
      doc.canvasFactory.destroy(target);
    }
  } finally {
    page.cleanup();
  }
}

/** The painted picture drawn smaller (never larger), for keeping with the report. */
function keptCopy(
  doc: PdfJsDocument,
  canvas: PdfJsCanvas,
  keepWidth: number,
  pageNumber: number,
  scale: number,
): PdfPageImage {
  const ratio = Math.min(1, keepWidth / canvas.width);
  const width = Math.max(1, Math.round(canvas.width * ratio));
  const height = Math.max(1, Math.round(canvas.height * ratio));
  const target = doc.canvasFactory.create(width, height);
  try {
    target.context.drawImage(canvas, 0, 0, width, height);
    const png = new Uint8Array(target.canvas.toBuffer("image/png"));
    return { pageNumber, png, width, height, scale: scale * ratio };
  } finally {
    doc.canvasFactory.destroy(target);
  }
}

/** The scale asked for, lowered for a page so large that its picture would exceed the budget. */
function affordableScale(
  page: { width: number; height: number },
  scale: number,
  pixelBudget: number,
): number {
  const pixels = page.width * page.height * scale * scale;
  if (pixels <= pixelBudget) return scale;
  return scale * Math.sqrt(pixelBudget / pixels);
}

/**
 * Pixels in one page's picture (4 bytes each while painting). An A4 page at 4 pixels per point
 * is 8 M; a page built to be metres wide is painted smaller rather than exhausting the thread.
 */
const MAX_RENDER_PIXELS = 16_000_000;
/**
 * Pixels in a picture read by OCR: a US Letter page at 3 pixels a point (4.4 M) is read at its
 * size; a larger one is painted smaller, which bounds the recogniser's time on a page of garbage.
 */
const MAX_OCR_PIXELS = 4_500_000;
/**
 * Pixels in a scanned page's picture read by OCR: a US Letter page at 300 dpi (8.4 M). Scans come
 * at 150 to 300 dpi; painting them at 300 gives small print the height Tesseract reads best.
 */
const MAX_SCAN_PIXELS = 9_000_000;
/**
 * The largest image decoded on a scanned page (4 bytes a pixel while decoding): a page scanned at
 * 600 dpi is 34 M; anything larger is not a page.
 */
const MAX_SCAN_IMAGE_PIXELS = 40_000_000;
/**
 * Text runs in one document: the densest COA of the corpus and of the 48 unlabelled ones holds
 * about 2,100 (under 900 on a page); a document with tens of thousands is built to exhaust the
 * reader, and the engine after it in the server's process (about 1 s per 25,000 runs), not a COA.
 */
const MAX_TEXT_RUNS = 25_000;
const RECOGNISER_URL = new URL("./page-ocr-recogniser.server.ts", import.meta.url).href;
const CONTRAST_URL = new URL("./scan-contrast.server.ts", import.meta.url).href;

/**
 * Evens out a scanned page's paper (scan-contrast.server.ts) within a window of 4 points each way:
 * wider than the strokes of a bold heading, narrower than a shaded row.
 */
async function paperFlattener(): Promise<(pixels: PdfJsImageData, scale: number) => void> {
  const { flattenBackground } = (await import(
    CONTRAST_URL
  )) as typeof import("./scan-contrast.server");
  return (pixels, scale) => flattenBackground(pixels, Math.max(2, Math.round(4 * scale)));
}
/** Images with more pixels than this are not decoded at all (pdf.js's maxImageSize). */
const MAX_IMAGE_PIXELS = 512 * 512;
/** Pages searched for a QR code (one lab prints its code on the third page only). */
const MAX_QR_PAGES = 3;
/**
 * A printed link to something numbered (a sample, a report): the report names its own address and
 * no code need be read. A site's terms or home page, which carry no number, do not count.
 */
const PRINTED_URL = /https?:\/\/[^\s/]+\/\S*\d/i;
/**
 * A QR code is square, and labs store it as a square image (every code the corpus holds is
 * within 3% of it): images further from square are not offered to the decoder, and a file
 * holding none is not searched at all.
 */
const MAX_QR_ASPECT = 1.1;
/** Fewer pixels a side than a version 1 code (21 modules) needs: an icon, not a code. */
const MIN_QR_SIDE = 21;
const IMAGE_WAIT_MS = 2_000;
// pdf.js OPS codes (stable across pdf.js versions; pdf-parse does not re-export OPS).
const OPS_PAINT_IMAGE = 85;
const OPS_PAINT_INLINE_IMAGE = 86;
// Some labs store the QR code as JPEG 2000, which pdf.js decodes with its OpenJPEG wasm module;
// without it those images are skipped, the rest still read.
const OPENJPEG_WASM_DIR = locatePdfJsFolder("wasm");
// Painting only: without them pdf.js paints fallbacks for non-embedded fonts, or no glyphs at all.
const STANDARD_FONTS_DIR = locatePdfJsFolder("standard_fonts");
const CMAPS_DIR = locatePdfJsFolder("cmaps");

/** A data folder that pdfjs-dist ships beside its build, as a path ending in a slash. */
function locatePdfJsFolder(name: string): string | undefined {
  try {
    return fileURLToPath(
      new URL(`../../${name}/`, import.meta.resolve("pdfjs-dist/legacy/build/pdf.mjs")),
    );
  } catch {
    return undefined;
  }
}

/**
 * How many image XObjects of each size ("WxH") could hold a code, read from the file's own bytes
 * without decoding: an image's dictionary is never compressed (a stream cannot sit in an object
 * stream). Soft masks and stencil masks are not painted as images. Null when a size cannot be
 * read: then every page in reach is searched. Inline images, rare and tiny, are not counted.
 */
function qrCandidates(bytes: Uint8Array): Map<string, number> | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const masks = new Set([...text.matchAll(/\/SMask\s+(\d+)\s+\d+\s+R/g)].map((m) => m[1]));
  const counts = new Map<string, number>();
  for (const hit of text.matchAll(/\/Subtype\s*\/Image\b/g)) {
    const start = text.lastIndexOf("obj", hit.index);
    const end = text.indexOf("stream", hit.index);
    if (start < 0 || end < 0 || end - start > 4_000) return null;
    const number = /(\d+)\s+\d+\s+$/.exec(text.slice(Math.max(0, start - 24), start))?.[1];
    const dict = text.slice(start, end);
    if ((number && masks.has(number)) || /\/ImageMask\s*true/.test(dict)) continue;
    const width = /\/Width\s+(\d+)(\s+\d+\s+R)?/.exec(dict);
    const height = /\/Height\s+(\d+)(\s+\d+\s+R)?/.exec(dict);
    if (!width?.[1] || !height?.[1] || width[2] || height[2]) return null;
    const size = { width: Number(width[1]), height: Number(height[1]) };
    if (!plausibleQr(size) || size.width * size.height > MAX_IMAGE_PIXELS) continue;
    const key = `${size.width}x${size.height}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** pdf.js's maxImageSize for a file: the pixel count of its largest QR candidate. */
function largestCandidate(candidates: Map<string, number> | null): number {
  if (candidates === null) return MAX_IMAGE_PIXELS;
  let largest = 0;
  for (const key of candidates.keys()) {
    const [width = 0, height = 0] = key.split("x").map(Number);
    largest = Math.max(largest, width * height);
  }
  return largest;
}

/**
 * The texts of the QR codes drawn as images on a page (a code drawn with vector paths is not seen).
 * Each image decoded is struck off `untried` once, however many pages paint it.
 */
async function readQrCodes(
  page: PdfJsPage,
  pageNumber: number,
  tried: Set<string>,
  untried: Map<string, number> | null,
): Promise<PdfQrCode[]> {
  const found: PdfQrCode[] = [];
  const ops = await page.getOperatorList().catch(() => ({ fnArray: [], argsArray: [] }));
  const seen = new Set<string>();
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    if (fn !== OPS_PAINT_IMAGE && fn !== OPS_PAINT_INLINE_IMAGE) continue;
    const arg = ops.argsArray[i]?.[0];
    if (typeof arg === "string" && seen.has(arg)) continue;
    const image = typeof arg === "string" ? await resolveImage(page, arg) : (arg as PdfJsImage);
    if (typeof arg === "string") seen.add(arg);
    if (!image?.data || !plausibleQr(image)) continue;
    const key = `${image.width}x${image.height}`;
    const print = `${key}:${fingerprint(image.data)}`;
    if (tried.has(print)) continue;
    tried.add(print);
    const left = (untried?.get(key) ?? 0) - 1;
    if (left > 0) untried?.set(key, left);
    else untried?.delete(key);
    const text = decodeQr(image);
    if (text && !found.some((code) => code.text === text)) found.push({ page: pageNumber, text });
  }
  return found;
}

/** Tells images of one size apart: a few hundred pixels sampled along the data. */
function fingerprint(data: Uint8Array | Uint8ClampedArray): number {
  let hash = 2166136261;
  const step = Math.max(1, Math.floor(data.length / 509));
  for (let i = 0; i < data.length; i += step) hash = Math.imul(hash ^ (data[i] ?? 0), 16777619);
  return hash >>> 0;
}

function resolveImage(page: PdfJsPage, name: string): Promise<PdfJsImage | null> {
  // pdf.js keeps images shared between pages ("g_" names) with the document, the rest per page.
  const objects = name.startsWith("g_") ? page.commonObjs : page.objs;
  // An image pdf.js never delivers must not hold up the document's text: give up on it.
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), IMAGE_WAIT_MS);
    objects.get(name, (data) => {
      clearTimeout(timer);
      resolve(data ?? null);
    });
  });
}

function plausibleQr({ width, height }: { width: number; height: number }): boolean {
  if (Math.min(width, height) < MIN_QR_SIDE) return false;
  return Math.max(width, height) / Math.min(width, height) <= MAX_QR_ASPECT;
}

function decodeQr(image: PdfJsImage): string | null {
  const rgba = toRgba(image);
  if (!rgba) return null;
  const code = jsQR(rgba, image.width, image.height, { inversionAttempts: "dontInvert" });
  return code?.data.trim() || null;
}

/** The text of a QR code anywhere on a painted page (opaque RGBA), if one can be read. */
function decodeQrPixels({ data, width, height }: PdfJsImageData): string | null {
  const code = jsQR(data, width, height, { inversionAttempts: "dontInvert" });
  return code?.data.trim() || null;
}

/** jsQR reads opaque RGBA; transparent pixels are laid on white paper, as a viewer shows them. */
function toRgba({ width, height, kind, data }: PdfJsImage): Uint8ClampedArray | null {
  if (!data) return null;
  const pixels = width * height;
  const out = new Uint8ClampedArray(pixels * 4);
  if (kind === 3 && data.length >= pixels * 4) {
    for (let k = 0; k < out.length; k += 4) {
      const alpha = (data[k + 3] ?? 255) / 255;
      for (let c = 0; c < 3; c++) out[k + c] = (data[k + c] ?? 0) * alpha + 255 * (1 - alpha);
      out[k + 3] = 255;
    }
  } else if (kind === 2 && data.length >= pixels * 3) {
    for (let i = 0, k = 0; k < out.length; i += 3, k += 4) {
      out[k] = data[i] ?? 0;
      out[k + 1] = data[i + 1] ?? 0;
      out[k + 2] = data[i + 2] ?? 0;
      out[k + 3] = 255;
    }
  } else if (kind === 1) {
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = ((data[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
        const k = (y * width + x) * 4;
        out[k] = out[k + 1] = out[k + 2] = bit ? 255 : 0;
        out[k + 3] = 255;
      }
    }
  } else {
    return null;
  }
  return out;
}

function classify(error: unknown): "encrypted-pdf" | "corrupt-pdf" {
  if (error instanceof PasswordException) return "encrypted-pdf";
  if (error instanceof InvalidPDFException || error instanceof FormatError) return "corrupt-pdf";
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return "encrypted-pdf";
  // pdf.js reports other structural damage with assorted errors: to a merchant it is all "damaged".
  return "corrupt-pdf";
}

// One document at a time: the parent queues, so a slow file never slows another one's pages.
process.on("message", (request: PdfWorkerRequest) => {
  const work =
    request.kind === "render"
      ? render(request)
      : request.kind === "ocr"
        ? ocr(request)
        : request.kind === "scan"
          ? scan(request)
          : read(request);
  void work.then((reply) => process.send?.(reply));
});
// The parent gone, nothing is left to answer: end rather than linger.
process.on("disconnect", () => process.exit(0));
