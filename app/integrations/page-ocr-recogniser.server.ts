import { createRequire } from "node:module";
import path from "node:path";
import { Worker as NodeWorker } from "node:worker_threads";
import type { Page, Worker as TesseractWorker } from "tesseract.js";
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
