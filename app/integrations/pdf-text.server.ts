import { fork, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, getPriority, setPriority } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PdfDocumentText } from "~/pipeline/pdf-document";
import { extractionError, sniffPdf, type ExtractionError } from "~/pipeline/extraction-error";
import type {
  PdfOcrPage,
  PdfPageImage,
  PdfScanPage,
  PdfWorkerReply,
  PdfWorkerRequest,
} from "./pdf-text-protocol.server";

export type { PdfOcrPage, PdfPageImage, PdfScanPage } from "./pdf-text-protocol.server";

/**
 * Reads a PDF's text with pdf-parse (pdf.js underneath), keeping each text run's position so the
 * pipeline can rebuild rows and columns. pdf.js runs in child processes (pdf-text-worker.server.ts,
 * the only importer of pdf-parse), started on first use and reused, one document at a time each.
 * Every document is bounded there: a heap ceiling, a data-size limit set by the kernel (a
 * decompression bomb's buffers live outside the heap) with its resident memory also watched from
 * here, and limits on its CPU time and on the clock. A child that overruns
 * one is killed, the document gets a typed error, and the next document gets a new child: the web
 * server's own memory and event loop never see the document beyond its first bytes. The same
 * children paint pages to pictures and read them with Tesseract (page-ocr.server.ts).
 */

export type PdfTextResult =
  { ok: true; document: PdfDocumentText } | { ok: false; error: ExtractionError };

export type PdfRenderResult =
  { ok: true; images: PdfPageImage[] } | { ok: false; error: ExtractionError };

export type PdfOcrResult =
  | { ok: true; pages: PdfOcrPage[] }
  | { ok: false; error: ExtractionError | { code: "ocr-failed"; message: string } };

export type PdfScanResult =
  | { ok: true; pages: PdfScanPage[] }
  | { ok: false; error: ExtractionError | { code: "ocr-failed"; message: string } };

export interface RenderPdfPagesOptions {
  /** Counted from 1; pages the document does not have are skipped. */
  pages: number[];
  /** Pixels per PDF point (a very large page is painted smaller: see PdfPageImage.scale). */
  scale: number;
  /** Budget for painting the pages, in milliseconds, from when a child takes them up. */
  timeoutMs?: number;
  /** CPU time the child may spend on them (all its threads), in milliseconds. */
  cpuLimitMs?: number;
}

export interface ReadPdfTextOptions {
  /** More pages than this is refused before any page is parsed. */
  maxPages?: number;
  /** Budget for reading the document, in milliseconds, from when a child takes it up. */
  timeoutMs?: number;
  /** CPU time the child may spend on it (all its threads), in milliseconds. */
  cpuLimitMs?: number;
}

export const DEFAULT_MAX_PAGES = 40;
/**
 * A COA of the corpus reads in under 3 seconds of CPU; a document that needs more than this much
 * is given up. CPU time, not the clock: on a busy machine the clock runs several times faster
 * than a child's work, and a limit on it would fail good documents.
 */
export const DEFAULT_CPU_LIMIT_MS = 15_000;
/** The clock's deadline, for a document that stalls without working (a wait that never ends). */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Resident memory a child may reach (pdf.js, its buffers and the recogniser) before it is ended. */
export const DEFAULT_MEMORY_LIMIT_MB = 900;
/**
 * Reading a document takes seconds of CPU; answering a request takes a millisecond or two. At
 * niceness 10 a child gets about a tenth of the CPU share a request's thread gets when both want
 * the same core (Linux CFS weights 110 vs 1024), so pages, webhooks and the Inngest calls stay
 * quick while a document is read, and the child still has every idle cycle.
 */
export const DEFAULT_READER_NICENESS = 10;

/** What one request cost its child, measured from /proc (Linux); null where unavailable. */
export interface PdfJobCost {
  kind: PdfWorkerRequest["kind"];
  /** The code of a typed failure, or "ok". */
  outcome: string;
  wallMs: number;
  /** CPU time of the child (all its threads) during the request. */
  cpuMs: number | null;
  /** The child's peak resident memory over its life so far (VmHWM), in bytes. */
  peakRssBytes: number | null;
}

export interface PdfTextReaderOptions {
  /** Child processes; the default is one per core, at most 2. */
  threads?: number;
  /** The child's script; tests pass a stand-in that stalls or bloats. */
  workerUrl?: URL;
  /** V8 heap ceiling per child (--max-old-space-size), in MB. */
  heapLimitMb?: number;
  /** Resident memory ceiling per child, in MB, including buffers outside the V8 heap. */
  memoryLimitMb?: number;
  /** CPU time a request may take unless it says otherwise, in milliseconds. */
  cpuLimitMs?: number;
  /** Called after each request with what it cost (benchmarks, metrics). */
  onCost?: (cost: PdfJobCost) => void;
  /**
   * How much nicer than the server the children are scheduled (0 the same; niceness stops at 19),
   * default DEFAULT_READER_NICENESS: documents are background work, and a request should not wait for a CPU
   * behind one being read.
   */
  niceness?: number;
}

export interface PdfTextReader {
  read(bytes: Uint8Array, options?: ReadPdfTextOptions): Promise<PdfTextResult>;
  /** Paints pages to PNG pictures, queued with the reads on the same children. */
  render(bytes: Uint8Array, options: RenderPdfPagesOptions): Promise<PdfRenderResult>;
  /** Paints pages and reads their words with the child's recogniser, started once per child. */
  ocr(bytes: Uint8Array, options: RenderPdfPagesOptions): Promise<PdfOcrResult>;
  /**
   * Reads pages that have no text layer: painted with their images, turned level and read with the
   * child's recogniser; each comes back with a picture no wider than `keepWidth` pixels.
   */
  scan(
    bytes: Uint8Array,
    options: RenderPdfPagesOptions & { keepWidth: number },
  ): Promise<PdfScanResult>;
  /** Ends the children; a later request starts new ones. */
  close(): Promise<void>;
}

type OcrFailure = { code: "ocr-failed"; message: string };
type Failure = { ok: false; error: ExtractionError | OcrFailure };
type WorkerSuccess = Extract<PdfWorkerReply, { ok: true }>;

interface Job {
  request: PdfWorkerRequest;
  timeoutMs: number;
  cpuLimitMs: number;
  resolve(outcome: WorkerSuccess | Failure): void;
}

/** How often a busy child's resident memory is read. */
const WATCH_INTERVAL_MS = 20;

export function createPdfTextReader(options: PdfTextReaderOptions = {}): PdfTextReader {
  const threads = Math.max(1, options.threads ?? Math.min(2, availableParallelism()));
  const workerUrl = options.workerUrl ?? locateWorker();
  const memoryLimitBytes = (options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB) * 1024 * 1024;
  const heapLimitMb = options.heapLimitMb ?? Math.min(512, options.memoryLimitMb ?? 512);
  const idle: ChildProcess[] = [];
  const busy = new Set<ChildProcess>();
  const queue: Job[] = [];
  /** The end of each child's stderr: why it died, when it did. */
  const lastWords = new WeakMap<ChildProcess, string>();
  let nextId = 1;

  function spawn(): ChildProcess {
    // Plain Node with type stripping, not the parent's flags: not the TypeScript loader the CLI
    // and benchmarks use, nor a debugger's or test runner's options.
    const nodeFlags = [
      "--experimental-strip-types",
      "--disable-warning=ExperimentalWarning",
      `--max-old-space-size=${heapLimitMb}`,
    ];
    // The kernel's own cap where util-linux's prlimit is at hand: RLIMIT_DATA counts every
    // writable private mapping (the V8 heap, ArrayBuffers, WebAssembly memory once used) but not
    // address space merely reserved, so an allocation past it fails in the child, at once.
    const child = fork(fileURLToPath(workerUrl), [], {
      ...(PRLIMIT
        ? {
            execPath: PRLIMIT,
            execArgv: [`--data=${memoryLimitBytes}`, process.execPath, ...nodeFlags],
          }
        : { execArgv: nodeFlags }),
      serialization: "advanced",
      // pdf.js warns about damaged files on stdout; a crash's last words are kept from stderr.
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      // Nothing of the server's environment (keys, database URL) reaches the process that parses
      // untrusted files: it needs only to find programs.
      env: { PATH: process.env.PATH ?? "", NODE_ENV: process.env.NODE_ENV ?? "production" },
    });
    lowerPriority(child, options.niceness ?? DEFAULT_READER_NICENESS);
    child.stderr?.on("data", (chunk: Buffer) => {
      lastWords.set(child, ((lastWords.get(child) ?? "") + chunk.toString()).slice(-2_000));
    });
    // A child that ends while idle must not be handed the next document.
    child.on("exit", () => {
      const at = idle.indexOf(child);
      if (at >= 0) idle.splice(at, 1);
    });
    child.on("error", () => undefined);
    release(child);
    return child;
  }

  /** Raising niceness needs no privilege; where the platform refuses, the child runs as it is. */
  function lowerPriority(child: ChildProcess, niceness: number): void {
    if (!child.pid || niceness <= 0) return;
    try {
      setPriority(child.pid, Math.min(19, getPriority() + niceness));
    } catch {
      // Not Linux-like, or the process already gone: nothing to lower.
    }
  }

  /** An idle child must not keep a command-line run from exiting. */
  function release(child: ChildProcess): void {
    child.unref();
    child.channel?.unref();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
  }
  function hold(child: ChildProcess): void {
    child.ref();
    child.channel?.ref();
    (child.stderr as { ref?: () => void } | null)?.ref?.();
  }

  function pump(): void {
    while (queue.length > 0 && (idle.length > 0 || busy.size < threads)) {
      const job = queue.shift();
      if (job) run(idle.pop() ?? spawn(), job);
    }
  }

  function run(child: ChildProcess, job: Job): void {
    busy.add(child);
    hold(child);
    const started = Date.now();
    const cpuBefore = cpuTimeMs(child.pid);
    let settled = false;
    const finish = (result: WorkerSuccess | Failure, keepChild: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      child.off("message", onMessage).off("exit", onExit);
      const cpuAfter = cpuTimeMs(child.pid);
      const peakRssBytes = peakRss(child.pid);
      busy.delete(child);
      // A child that grew past half its ceiling keeps that memory: start the next one afresh.
      const bloated = residentBytes(child.pid) > memoryLimitBytes / 2;
      if (keepChild && !bloated && child.exitCode === null && child.connected) {
        release(child);
        idle.push(child);
      } else {
        child.kill("SIGKILL");
      }
      options.onCost?.({
        kind: job.request.kind,
        outcome: result.ok ? "ok" : result.error.code,
        wallMs: Date.now() - started,
        cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
        peakRssBytes,
      });
      job.resolve(result);
      pump();
    };
    const onMessage = (reply: PdfWorkerReply) => {
      if (reply.id !== job.request.id) return;
      if (reply.ok) return finish(reply, true);
      const error =
        reply.code === "ocr-failed"
          ? { code: "ocr-failed" as const, message: reply.detail ?? "the recogniser failed" }
          : extractionError(reply.code, reply.detail);
      finish({ ok: false, error }, true);
    };
    const onExit = (code: number | null, signal: string | null) => {
      // pdf.js in its own process: whatever ended it (a heap exhausted, a native crash) was the
      // document's doing, not the server's.
      const error = /heap out of memory|Allocation failed/i.test(lastWords.get(child) ?? "")
        ? extractionError("too-complex", "too large to read")
        : extractionError("corrupt-pdf", `the reader stopped (${signal ?? `exit ${code}`})`);
      finish({ ok: false, error }, false);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: extractionError("timeout") }, false),
      job.timeoutMs,
    );
    const watch = setInterval(() => {
      const rss = residentBytes(child.pid);
      if (rss > memoryLimitBytes) {
        const detail = `over ${Math.round(memoryLimitBytes / 1024 / 1024)} MB to read`;
        finish({ ok: false, error: extractionError("too-complex", detail) }, false);
        return;
      }
      const cpu = cpuTimeMs(child.pid);
      if (cpu !== null && cpuBefore !== null && cpu - cpuBefore > job.cpuLimitMs) {
        const detail = `over ${job.cpuLimitMs / 1000} s of CPU`;
        finish({ ok: false, error: extractionError("timeout", detail) }, false);
      }
    }, WATCH_INTERVAL_MS);
    child.on("message", onMessage).on("exit", onExit);
    const deadline = Date.now() + job.timeoutMs;
    child.send({ ...job.request, deadline }, (error) => {
      if (error) onExit(child.exitCode, null);
    });
  }

  /** Queues a request for the next free child; the id and deadline are set here. */
  function submit(
    request: DistributiveOmit<PdfWorkerRequest, "id" | "deadline">,
    limits: { timeoutMs?: number; cpuLimitMs?: number },
  ): Promise<WorkerSuccess | Failure> {
    return new Promise((resolve) => {
      queue.push({
        request: { ...request, id: nextId++, deadline: 0 },
        timeoutMs: limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        cpuLimitMs: limits.cpuLimitMs ?? options.cpuLimitMs ?? DEFAULT_CPU_LIMIT_MS,
        resolve,
      });
      pump();
    });
  }

  function pagesAndScale(renderOptions: RenderPdfPagesOptions) {
    const { pages, scale } = renderOptions;
    if (!(scale > 0 && Number.isFinite(scale))) {
      throw new RangeError(`A page's scale must be a positive number, not ${scale}`);
    }
    return { pages, scale };
  }

  return {
    async read(bytes, readOptions = {}) {
      if (!sniffPdf(bytes)) return { ok: false, error: extractionError("not-a-pdf") };
      const outcome = await submit(
        { kind: "text", bytes: copyOf(bytes), maxPages: readOptions.maxPages ?? DEFAULT_MAX_PAGES },
        readOptions,
      );
      if (!outcome.ok) return narrow(outcome);
      if (!("document" in outcome)) throw new Error("PDF reader answered without text");
      return { ok: true, document: outcome.document };
    },
    async render(bytes, renderOptions) {
      const { pages, scale } = pagesAndScale(renderOptions);
      if (!sniffPdf(bytes)) return { ok: false, error: extractionError("not-a-pdf") };
      const outcome = await submit(
        { kind: "render", bytes: copyOf(bytes), pages, scale },
        renderOptions,
      );
      if (!outcome.ok) return narrow(outcome);
      if (!("images" in outcome)) throw new Error("PDF reader answered without pictures");
      return { ok: true, images: outcome.images };
    },
    async ocr(bytes, ocrOptions) {
      const { pages, scale } = pagesAndScale(ocrOptions);
      if (!sniffPdf(bytes)) return { ok: false, error: extractionError("not-a-pdf") };
      const outcome = await submit({ kind: "ocr", bytes: copyOf(bytes), pages, scale }, ocrOptions);
      if (!outcome.ok) return outcome;
      if (!("ocrPages" in outcome)) throw new Error("PDF reader answered without words");
      return { ok: true, pages: outcome.ocrPages };
    },
    async scan(bytes, scanOptions) {
      const { pages, scale } = pagesAndScale(scanOptions);
      if (!sniffPdf(bytes)) return { ok: false, error: extractionError("not-a-pdf") };
      const keepWidth = Math.max(1, Math.round(scanOptions.keepWidth));
      const request = { kind: "scan" as const, bytes: copyOf(bytes), pages, scale, keepWidth };
      const outcome = await submit(request, scanOptions);
      if (!outcome.ok) return outcome;
      if (!("scanPages" in outcome)) throw new Error("PDF reader answered without scanned pages");
      return { ok: true, pages: outcome.scanPages };
    },
    async close() {
      const all = [...idle, ...busy];
      idle.length = 0;
      await Promise.all(
        all.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              // Held until it is gone, so that a last close() is not cut short by the loop ending.
              hold(child);
              child.once("exit", () => resolve());
              child.kill("SIGKILL");
            }),
        ),
      );
    },
  };
}

/** A text or painting request never fails as OCR does. */
function narrow(failure: Failure): { ok: false; error: ExtractionError } {
  if (failure.error.code === "ocr-failed") throw new Error(failure.error.message);
  return { ok: false, error: failure.error };
}

/** The child gets its own copy (sent over IPC); the caller's bytes stay untouched. */
function copyOf(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

const PAGE_SIZE = 4096;

const PRLIMIT = ["/usr/bin/prlimit", "/bin/prlimit"].find((candidate) => existsSync(candidate));

/** Resident memory of a process, from /proc (0 where it cannot be read). */
function residentBytes(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, "latin1").split(" ")[1]);
    return Number.isFinite(pages) ? pages * PAGE_SIZE : 0;
  } catch {
    return 0;
  }
}

/** A process's peak resident memory (VmHWM), in bytes. */
function peakRss(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "latin1"))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** User plus system CPU time of a process and its threads, in milliseconds (clock ticks of 10 ms). */
function cpuTimeMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    // Fields after the command name (which may hold spaces) are counted from its closing bracket.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Omit applied to each member of a union, keeping the union discriminated. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const WORKER_FILE = "pdf-text-worker.server.ts";

/**
 * Beside this file when run from source (CLI, tests, benchmarks). The server bundle
 * (build/server) does not carry the child's files along, so there it is found from the app's root,
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

/** The process's shared pool of PDF children, started on first use. */
export function sharedPdfTextReader(): PdfTextReader {
  sharedReader ??= createPdfTextReader();
  return sharedReader;
}

/** Reads with the process's shared pool of PDF children. */
export function readPdfText(
  bytes: Uint8Array,
  options: ReadPdfTextOptions = {},
): Promise<PdfTextResult> {
  return sharedPdfTextReader().read(bytes, options);
}
