import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { availableParallelism } from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { fileURLToPath } from "node:url";

/**
 * The whole engine (PDF text → LabReport) over every PDF of a folder, spread over worker threads:
 * the process that bench/extraction-speed.ts times. Prints one line per file to stdout.
 */

async function extractFile(file: string): Promise<string> {
  const { readPdfText } = await import("~/integrations/pdf-text.server");
  const { extractLabReport } = await import("~/pipeline/extract-lab-report");
  const read = await readPdfText(await readFile(file));
  const result = read.ok ? await extractLabReport(read.document) : read;
  return `${path.basename(file)} ${result.ok ? "ok" : result.error.code}`;
}

if (isMainThread) {
  const dir = process.argv[2] ?? ".";
  const files = (await readdir(dir))
    .filter((f) => f.endsWith(".pdf"))
    .sort()
    .map((f) => path.join(dir, f));
  const threads = Math.min(availableParallelism(), files.length, Number(process.env.THREADS ?? 2));
  const queue = [...files];
  const self = fileURLToPath(import.meta.url);
  await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(self, { execArgv: ["--import", "tsx"], workerData: null });
      for (let file = queue.shift(); file; file = queue.shift()) {
        const line = await new Promise<string>((resolve) => {
          worker.once("message", resolve);
          worker.postMessage(file);
        });
        process.stdout.write(`${line}\n`);
      }
      await worker.terminate();
    }),
  );
} else {
  void workerData;
  parentPort?.on("message", (file: string) => {
    void extractFile(file).then((line) => parentPort?.postMessage(line));
  });
}
