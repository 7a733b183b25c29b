import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * Checkpoints of the SQLite write-ahead log, made by a thread of their own.
 *
 * By default the connection that commits the 1,000th page of the log copies the log into the
 * database and syncs the file, there and then: on the web server's main thread, for tens to
 * hundreds of milliseconds, every 300 or so webhooks, with every request waiting behind it
 * (`bench:load` showed the webhooks' p99 fall from 251 to 102 ms with automatic checkpoints off).
 * Here the app's connection makes none, and a worker thread with its own connection runs a PASSIVE
 * checkpoint (it never waits for readers or writers) every `intervalMs`, so the log stays small
 * and its sync happens off the main thread.
 */

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.file, { timeout: 1000 });
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy or locked this time: the next interval tries again.
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
  db.close();
  parentPort.close();
});
parentPort.postMessage("ready");
`;

export interface WalCheckpoints {
  stop(): Promise<void>;
}

/** The file a `file:` URL names, or null for an in-memory database (no log to checkpoint). */
export function sqliteFile(url: string): string | null {
  const file = url.replace(/^file:/, "").split("?")[0] ?? "";
  if (file === "" || file === ":memory:") return null;
  return path.resolve(file);
}

/** Starts the checkpoint thread; resolves once its connection is open, rejects if it cannot open. */
export function startWalCheckpoints(file: string, intervalMs = 1_000): Promise<WalCheckpoints> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      intervalMs,
      module: createRequire(import.meta.url).resolve("better-sqlite3"),
    },
  });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", () => {
      worker.off("error", reject);
      // An idle checkpoint thread must not keep a command-line run from exiting.
      worker.unref();
      worker.on("error", () => undefined);
      resolve({
        // Held while stopping, so a process ending right after still sees the thread finish.
        stop: () =>
          new Promise<void>((done) => {
            const force = setTimeout(() => void worker.terminate(), 2_000);
            worker.once("exit", () => {
              clearTimeout(force);
              done();
            });
            worker.ref();
            worker.postMessage("stop");
          }),
      });
    });
  });
}
