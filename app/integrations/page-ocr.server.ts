import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker as NodeWorker } from "node:worker_threads";
import type { Page, Worker as TesseractWorker } from "tesseract.js";
import type { OcrPage, OcrWord, PageOcr } from "~/pipeline/page-ocr";
import { sharedPdfTextReader, type PdfPageImage, type PdfTextReader } from "./pdf-text.server";

/**
 * Reads the words on a document's pages as a person would: the PDF reader's threads paint each
 * page (pdf-text.server.ts), and Tesseract (tesseract.js: the recogniser compiled to WebAssembly,
 * in a worker thread of its own) reads the picture. Only documents whose text layer cannot be
 * trusted need it, so Tesseract is loaded on first use, then kept for the life of the process.
 * Everything it needs ships in node_modules: it never reaches the network.
 */

export interface PageOcrOptions {
  /** The PDF threads that paint the pages; the process's shared pool by default. */
  reader?: PdfTextReader;
  /** Pixels per PDF point in the pictures read: 2 (144 dpi) reads 7 pt print. */
  scale?: number;
}

export const DEFAULT_OCR_SCALE = 2;

/**
 * A dense A4 page at scale 2 takes 3 to 5 seconds here. Tesseract cannot be interrupted mid-page:
 * a page over this budget costs the whole recogniser, which is started again for the next one.
 */
const PAGE_TIMEOUT_MS = 60_000;

export function createPageOcr(bytes: Uint8Array, options: PageOcrOptions = {}): PageOcr {
  const scale = options.scale ?? DEFAULT_OCR_SCALE;
  return {
    async readPages(pageNumbers) {
      const reader = options.reader ?? sharedPdfTextReader();
      // Each page is painted and read on its own: two pages go to two PDF threads, then to two
      // recognisers, instead of the second waiting for the first at each stage.
      const pages = await Promise.all(
        [...new Set(pageNumbers)].map(async (pageNumber) => {
          const [image] = await paint(reader, bytes, [pageNumber], scale);
          return image ? { pageNumber, words: await recognise(image) } : null;
        }),
      );
      return pages.filter((page): page is OcrPage => page !== null);
    },
  };
}

async function paint(
  reader: PdfTextReader,
  bytes: Uint8Array,
  pages: number[],
  scale: number,
): Promise<PdfPageImage[]> {
  const failure = (why: string, cause?: unknown) =>
    new Error(`Could not paint page(s) ${pages.join(", ")} for OCR: ${why}`, { cause });
  const painted = await reader.render(bytes, { pages, scale }).catch((error: unknown) => {
    throw failure(describe(error), error);
  });
  if (!painted.ok) throw failure(`${painted.error.code} (${painted.error.message})`);
  return painted.images;
}

/** The running recogniser; its thread is Tesseract's own, reached for its exit and error events. */
interface Engine {
  tesseract: TesseractWorker;
  thread: NodeWorker | undefined;
  /** Rejects when the thread ends, whether it failed or was stopped. */
  ended: Promise<never>;
}

/**
 * Recognisers, one per core up to two: a Tesseract worker reads one picture at a time, so each
 * slot queues its own pictures and a new picture goes to the slot with the least waiting.
 */
interface Slot {
  engine: Promise<Engine> | undefined;
  lastTurn: Promise<unknown>;
  waiting: number;
}

const slots: Slot[] = Array.from({ length: Math.min(2, availableParallelism()) }, () => ({
  engine: undefined,
  lastTurn: Promise.resolve(),
  waiting: 0,
}));

function recognise(image: PdfPageImage): Promise<OcrWord[]> {
  const slot = slots.reduce((a, b) => (b.waiting < a.waiting ? b : a));
  slot.waiting++;
  const turn = slot.lastTurn.then(() => recogniseNow(slot, image));
  slot.lastTurn = turn.catch(() => undefined);
  return turn.finally(() => slot.waiting--);
}

async function recogniseNow(slot: Slot, image: PdfPageImage): Promise<OcrWord[]> {
  let timer: NodeJS.Timeout | undefined;
  let overran = false;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      overran = true;
      reject(new Error(`took over ${PAGE_TIMEOUT_MS} ms`));
    }, PAGE_TIMEOUT_MS);
  });
  let running: Engine | undefined;
  try {
    running = await Promise.race([startedEngine(slot), overrun]);
    running.thread?.ref();
    const page = await Promise.race([read(running.tesseract, image), running.ended, overrun]);
    return wordsOf(page, image.scale);
  } catch (error) {
    // A recogniser that overran is still busy with the page: only ending it frees it.
    if (overran) await stop(slot);
    throw new Error(`OCR of page ${image.pageNumber} failed: ${describe(error)}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    // Idle, the recogniser's thread must not keep a command-line run from exiting.
    running?.thread?.unref();
  }
}

async function read(tesseract: TesseractWorker, image: PdfPageImage): Promise<Page> {
  // Told the resolution, Tesseract sizes its expectations of the print; left to guess, it guesses
  // from the characters it finds, and warns on stderr.
  await tesseract.setParameters({ user_defined_dpi: String(Math.round(72 * image.scale)) });
  const png = Buffer.from(image.png.buffer, image.png.byteOffset, image.png.byteLength);
  const result = await tesseract.recognize(png, {}, { blocks: true, text: false });
  return result.data;
}

/** Word boxes come in the picture's pixels; the engine works in the page's points. */
function wordsOf(page: Page, scale: number): OcrWord[] {
  const words = (page.blocks ?? []).flatMap((block) =>
    block.paragraphs.flatMap((paragraph) => paragraph.lines.flatMap((line) => line.words)),
  );
  return words
    .filter((word) => word.text.trim() !== "")
    .map(({ text, confidence, bbox }) => ({
      text: text.trim(),
      left: bbox.x0 / scale,
      top: bbox.y0 / scale,
      width: (bbox.x1 - bbox.x0) / scale,
      height: (bbox.y1 - bbox.y0) / scale,
      confidence,
    }));
}

function startedEngine(slot: Slot): Promise<Engine> {
  if (slot.engine) return slot.engine;
  // A recogniser that failed to start, or whose thread ended, is forgotten: the next page starts
  // a fresh one.
  const starting = startEngine(() => {
    if (slot.engine === starting) slot.engine = undefined;
  });
  slot.engine = starting;
  return starting;
}

async function startEngine(forget: () => void): Promise<Engine> {
  try {
    const { createWorker, OEM } = (await import("tesseract.js")).default;
    const tesseract = await createWorker("eng", OEM.LSTM_ONLY, {
      langPath: englishModelDir(),
      // The model is read from node_modules on every start, never fetched or copied elsewhere.
      cacheMethod: "none",
      gzip: true,
      // Without a handler, tesseract.js throws a failed job's error from its message listener,
      // where nothing can catch it; the job's own promise is rejected either way. (Its logger
      // must stay a function: it is called with progress whether or not anyone listens.)
      errorHandler: () => undefined,
    });
    const thread = threadOf(tesseract);
    const ended = new Promise<never>((_, reject) => {
      thread?.once("error", (error) => reject(new Error(`recogniser failed: ${error.message}`)));
      thread?.once("exit", (code) => reject(new Error(`recogniser stopped (exit ${code})`)));
    });
    ended.catch(forget);
    thread?.unref();
    return { tesseract, thread, ended };
  } catch (error) {
    forget();
    throw new Error(`Could not start the OCR engine: ${describe(error)}`, { cause: error });
  }
}

/**
 * tesseract.js keeps its Node worker thread as `worker` without declaring it, and listens to
 * none of its events: an uncaught error there would otherwise end the process.
 */
function threadOf(tesseract: TesseractWorker): NodeWorker | undefined {
  const thread = (tesseract as unknown as { worker?: unknown }).worker;
  return thread instanceof NodeWorker ? thread : undefined;
}

async function stop(slot: Slot): Promise<void> {
  const current = slot.engine;
  slot.engine = undefined;
  const running = await current?.catch(() => undefined);
  await running?.tesseract.terminate();
}

/**
 * Ends the recognisers' threads (a later page starts new ones). Command-line runs and benchmarks
 * call it when done; a page being read fails.
 */
export function closePageOcr(): Promise<void> {
  return Promise.all(slots.map(stop)).then(() => undefined);
}

/**
 * The English LSTM model ("best_int": integer weights, faster than "best"), found where npm
 * installed it; looked up when the recogniser starts, so a missing model fails that start only.
 */
function englishModelDir(): string {
  const manifest = createRequire(import.meta.url).resolve("@tesseract.js-data/eng/package.json");
  return path.join(path.dirname(manifest), "4.0.0_best_int");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
