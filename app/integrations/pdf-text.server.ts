import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PdfDocumentText } from "~/pipeline/pdf-document";
import { extractionError, sniffPdf, type ExtractionError } from "~/pipeline/extraction-error";
import type { PdfPageImage, PdfWorkerReply, PdfWorkerRequest } from "./pdf-text-protocol.server";

export type { PdfPageImage } from "./pdf-text-protocol.server";

/**
 * Reads a PDF's text with pdf-parse (pdf.js underneath), keeping each text run's position so the
 * pipeline can rebuild rows and columns. pdf.js runs in worker threads (pdf-text-worker.server.ts,
 * the only importer of pdf-parse), started once per process and reused: documents are read in
 * parallel, the main thread stays free, and a document that overruns its budget is stopped by
 * ending its thread, even in the middle of a page. The same threads paint pages to pictures for
 * optical character recognition (page-ocr.server.ts).
 */

export type PdfTextResult =
  { ok: true; document: PdfDocumentText } | { ok: false; error: ExtractionError };

export type PdfRenderResult =
  { ok: true; images: PdfPageImage[] } | { ok: false; error: ExtractionError };

export interface RenderPdfPagesOptions {
  /** Counted from 1; pages the document does not have are skipped. */
  pages: number[];
  /** Pixels per PDF point (a very large page is painted smaller: see PdfPageImage.scale). */
  scale: number;
  /** Budget for painting the pages, in milliseconds, from when a thread takes them up. */
  timeoutMs?: number;
}

export interface ReadPdfTextOptions {
  /** More pages than this is refused before any page is parsed. */
  maxPages?: number;
  /** Budget for reading the document, in milliseconds, from when a thread takes it up. */
  timeoutMs?: number;
}

export const DEFAULT_MAX_PAGES = 40;
export const DEFAULT_TIMEOUT_MS = 20_000;

export interface PdfTextReaderOptions {
  /** Worker threads; the default is one per core, at most 2. */
  threads?: number;
  /** The worker script; tests pass a stand-in that stalls. */
  workerUrl?: URL;
  /** Heap ceiling per thread: a PDF built to exhaust memory fails alone, not the server. */
  memoryLimitMb?: number;
}

export interface PdfTextReader {
  read(bytes: Uint8Array, options?: ReadPdfTextOptions): Promise<PdfTextResult>;
  /** Paints pages to PNG pictures, queued with the reads on the same threads. */
  render(bytes: Uint8Array, options: RenderPdfPagesOptions): Promise<PdfRenderResult>;
  /** Ends the threads; a later read starts new ones. */
  close(): Promise<void>;
}

type Failure = { ok: false; error: ExtractionError };
type WorkerSuccess = Extract<PdfWorkerReply, { ok: true }>;

interface Job {
  request: PdfWorkerRequest;
  timeoutMs: number;
  resolve(outcome: WorkerSuccess | Failure): void;
  reject(error: unknown): void;
}

export function createPdfTextReader(options: PdfTextReaderOptions = {}): PdfTextReader {
  const threads = Math.max(1, options.threads ?? Math.min(2, availableParallelism()));
  const workerUrl = options.workerUrl ?? locateWorker();
  const memoryLimitMb = options.memoryLimitMb ?? 512;
  const idle: Worker[] = [];
  const busy = new Set<Worker>();
  const queue: Job[] = [];
  let nextId = 1;

  function spawn(): Worker {
    // Not the parent's execArgv: the worker runs as plain Node with type stripping (built in from
    // Node 22.18, flagged before), not under the TypeScript loader the CLI and benchmarks use.
    const worker = new Worker(workerUrl, {
      execArgv: ["--experimental-strip-types"],
      resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb },
    });
    worker.unref();
    // A thread that dies while idle must not be handed the next document.
    worker.on("exit", () => {
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
    });
    return worker;
  }

  function pump(): void {
    while (queue.length > 0 && (idle.length > 0 || busy.size < threads)) {
      const job = queue.shift();
      if (job) run(idle.pop() ?? spawn(), job);
    }
  }

  function run(worker: Worker, job: Job): void {
    busy.add(worker);
    worker.ref();
    const finish = (result: WorkerSuccess | Failure | Error, keepWorker: boolean) => {
      clearTimeout(timer);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      busy.delete(worker);
      if (keepWorker) {
        worker.unref();
        idle.push(worker);
      } else {
        void worker.terminate();
      }
      if (result instanceof Error) job.reject(result);
      else job.resolve(result);
      pump();
    };
    const onMessage = (reply: PdfWorkerReply) => {
      if (reply.id !== job.request.id) return;
      finish(
        reply.ok ? reply : { ok: false, error: extractionError(reply.code, reply.detail) },
        true,
      );
    };
    const onError = (error: Error & { code?: string }) => {
      // A document that exhausts the thread's heap is the document's fault; anything else is ours.
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        finish({ ok: false, error: extractionError("corrupt-pdf", "too large to read") }, false);
      } else {
        finish(error, false);
      }
    };
    const onExit = (code: number) => finish(new Error(`PDF reader thread exited (${code})`), false);
    const timer = setTimeout(
      () => finish({ ok: false, error: extractionError("timeout") }, false),
      job.timeoutMs,
    );
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    const deadline = Date.now() + job.timeoutMs;
    worker.postMessage({ ...job.request, deadline }, [job.request.bytes]);
  }

  /** Queues a request for the next free thread; the id and deadline are set here. */
  function submit(
    request: DistributiveOmit<PdfWorkerRequest, "id" | "deadline">,
    timeoutMs: number,
  ): Promise<WorkerSuccess | Failure> {
    return new Promise((resolve, reject) => {
      queue.push({
        request: { ...request, id: nextId++, deadline: 0 },
        timeoutMs,
        resolve,
        reject,
      });
      pump();
    });
  }

  return {
    async read(bytes, readOptions = {}) {
      if (!sniffPdf(bytes)) return { ok: false, error: extractionError("not-a-pdf") };
      const outcome = await submit(
        {
          kind: "text",
          bytes: transferableCopy(bytes),
          maxPages: readOptions.maxPages ?? DEFAULT_MAX_PAGES,
        },
        readOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
      if (!outcome.ok) return outcome;
      if (!("document" in outcome)) throw new Error("PDF reader thread answered without text");
      return { ok: true, document: outcome.document };
    },
    async render(bytes, renderOptions) {
      const { pages, scale } = renderOptions;
      if (!(scale > 0 && Number.isFinite(scale))) {
        throw new RangeError(`A page's scale must be a positive number, not ${scale}`);
      }
      if (!sniffPdf(bytes)) return { ok: false, error: extractionError("not-a-pdf") };
      const outcome = await submit(
        { kind: "render", bytes: transferableCopy(bytes), pages, scale },
        renderOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
      if (!outcome.ok) return outcome;
      if (!("images" in outcome)) throw new Error("PDF reader thread answered without pictures");
      return { ok: true, images: outcome.images };
    },
    async close() {
      const all = [...idle, ...busy];
      idle.length = 0;
      await Promise.all(all.map((worker) => worker.terminate()));
    },
  };
}

/** Omit applied to each member of a union, keeping the union discriminated. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The copy is transferred (moved) to the worker: the caller's bytes stay untouched. A real copy:
 * a Node Buffer's slice() is a view of the same memory (often a pool shared with other Buffers),
 * and transferring that would empty the caller's bytes and its neighbours'.
 */
function transferableCopy(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

const WORKER_FILE = "pdf-text-worker.server.ts";

/**
 * Beside this file when run from source (CLI, tests, benchmarks). The server bundle
 * (build/server) does not carry worker files along, so there it is found from the app's root,
 * where the server is started.
 */
function locateWorker(): URL {
  const besideUs = new URL(`./${WORKER_FILE}`, import.meta.url);
  if (besideUs.protocol === "file:" && existsSync(fileURLToPath(besideUs))) return besideUs;
  const fromRoot = path.resolve(process.cwd(), "app/integrations", WORKER_FILE);
  if (existsSync(fromRoot)) return pathToFileURL(fromRoot);
  throw new Error(`The PDF reader's worker script ${WORKER_FILE} is missing`);
}

let sharedReader: PdfTextReader | undefined;

/** The process's shared pool of PDF threads, started on first use. */
export function sharedPdfTextReader(): PdfTextReader {
  sharedReader ??= createPdfTextReader();
  return sharedReader;
}

/** Reads with the process's shared pool of PDF threads. */
export function readPdfText(
  bytes: Uint8Array,
  options: ReadPdfTextOptions = {},
): Promise<PdfTextResult> {
  return sharedPdfTextReader().read(bytes, options);
}
