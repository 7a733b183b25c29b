import { createRequire } from "node:module";
import path from "node:path";
import { Worker as NodeWorker } from "node:worker_threads";
import type { Line, Page, PSM, Worker as TesseractWorker } from "tesseract.js";
import type { OcrWord } from "~/pipeline/page-ocr";

/**
 * The recogniser of a PDF reader's child process (pdf-text-worker.server.ts): Tesseract
 * (tesseract.js, the recogniser compiled to WebAssembly, in a thread of the child) reads the
 * pictures the child painted. It starts on the child's first page to read and then stays, shared
 * by every later page; a page that overruns its budget ends the whole child (the parent's deadline),
 * and with it the recogniser, since Tesseract cannot be interrupted mid-page. Everything it needs
 * ships in node_modules: it never reaches the network.
 *
 * Loaded by the child with plain Node's type stripping: erasable syntax only, type-only imports
 * for anything of ours.
 */

let engine: Promise<TesseractWorker> | undefined;

/** The words on a picture painted at `scale` pixels per point, in PDF points from the top-left. */
export async function recognisePicture(png: Uint8Array, scale: number): Promise<OcrWord[]> {
  const tesseract = await startedEngine();
  // Told the resolution, Tesseract sizes its expectations of the print; left to guess, it guesses
  // from the characters it finds, and warns on stderr.
  await tesseract.setParameters({ user_defined_dpi: String(Math.round(72 * scale)) });
  const picture = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const result = await tesseract.recognize(picture, {}, { blocks: true, text: false });
  return wordsOf(result.data, scale);
}

/**
 * The words on a scanned page's picture, painted at `scale` pixels per point. A scan is seldom
 * level: Tesseract measures the slant of its lines and turns the picture straight before reading
 * (tesseract.js's rotateAuto), so the words of one printed row share a baseline; the boxes are in
 * the turned picture, which for the degree or two of a scanner differs from the page by a few
 * points at its edges. Each word keeps its line's baseline and height.
 */
export async function recogniseScan(
  png: Uint8Array,
  scale: number,
): Promise<{ words: OcrWord[]; rotation: number }> {
  const tesseract = await startedEngine();
  // Sparse text (page segmentation mode 11): every piece of print is found and read where it
  // stands, with no page layout to fit it into. The engine places words by their positions, not
  // by Tesseract's reading order; the layout analysis, on a table under a watermark or between
  // grey bands, took the table for a picture and left it unread.
  await tesseract.setParameters({
    user_defined_dpi: String(Math.round(72 * scale)),
    tessedit_pageseg_mode: SPARSE_TEXT,
  });
  const picture = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  let result;
  try {
    // The picture's paper was evened out before (scan-contrast.server.ts): shaded rows are white
    // paper, and the default global threshold (Otsu) reads their print.
    result = await tesseract.recognize(
      picture,
      { rotateAuto: true },
      { blocks: true, text: false },
    );
  } finally {
    // The recogniser is shared with the garbled-text repair, which reads whole paintings.
    await tesseract.setParameters({ tessedit_pageseg_mode: AUTOMATIC_LAYOUT });
  }
  const lines = (result.data.blocks ?? []).flatMap((block) =>
    block.paragraphs.flatMap((paragraph) => paragraph.lines),
  );
  const words = lines.flatMap((line) => lineWords(line, scale));
  const rotation = ((result.data.rotateRadians ?? 0) * 180) / Math.PI;
  return { words, rotation };
}

/** Tesseract's page segmentation modes (as strings, as its parameters are set). */
const SPARSE_TEXT = "11" as PSM;
const AUTOMATIC_LAYOUT = "3" as PSM;

function lineWords(line: Line, scale: number): OcrWord[] {
  const { x0, y0, x1, y1 } = line.baseline;
  const slope = x1 !== x0 ? (y1 - y0) / (x1 - x0) : 0;
  // tesseract.js declares rowHeight; its JSON has carried row_height: either is taken.
  const attributes = line.rowAttributes as { rowHeight?: number; row_height?: number } | undefined;
  const rowHeight = attributes?.rowHeight ?? attributes?.row_height;
  const lineHeight = (rowHeight && rowHeight > 0 ? rowHeight : line.bbox.y1 - line.bbox.y0) / scale;
  return line.words
    .filter((word) => word.text.trim() !== "")
    .map(({ text, confidence, bbox }) => {
      const centre = (bbox.x0 + bbox.x1) / 2;
      // A baseline Tesseract could not fit lies outside the line: the word's own bottom then.
      const fitted = y0 + slope * (centre - x0);
      const baseline = fitted > line.bbox.y0 && fitted <= line.bbox.y1 + 2 ? fitted : bbox.y1;
      return {
        text: text.trim(),
        left: bbox.x0 / scale,
        top: bbox.y0 / scale,
        width: (bbox.x1 - bbox.x0) / scale,
        height: (bbox.y1 - bbox.y0) / scale,
        confidence,
        baseline: baseline / scale,
        lineHeight,
      };
    });
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

function startedEngine(): Promise<TesseractWorker> {
  engine ??= startEngine().catch((error: unknown) => {
    // A recogniser that failed to start is forgotten: the next page tries again.
    engine = undefined;
    throw error;
  });
  return engine;
}

async function startEngine(): Promise<TesseractWorker> {
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
  // tesseract.js keeps its Node thread as `worker` without declaring it and listens to none of its
  // events: an error there would end the child without a word. Say why instead (the parent turns
  // the child's end into the request's failure).
  const thread = (tesseract as unknown as { worker?: unknown }).worker;
  if (thread instanceof NodeWorker) {
    thread.on("error", (error) => {
      process.stderr.write(`recogniser failed: ${error.message}\n`);
      process.exit(70);
    });
  }
  return tesseract;
}

/**
 * The English LSTM model ("best_int": integer weights, faster than "best"), found where npm
 * installed it.
 */
function englishModelDir(): string {
  const manifest = createRequire(import.meta.url).resolve("@tesseract.js-data/eng/package.json");
  return path.join(path.dirname(manifest), "4.0.0_best_int");
}
