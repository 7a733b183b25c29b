import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { createPdfTextReader } from "~/integrations/pdf-text.server";

/**
 * The whole engine (PDF bytes → LabReport) over every PDF of a folder: the process that
 * bench/extraction-speed.ts times. pdf.js runs in the reader's worker threads (THREADS, default
 * 2); the pipeline runs on the main thread while the threads read the next files. Prints one line
 * per file to stdout.
 */

const dir = process.argv[2] ?? ".";
const threads = Number(process.env.THREADS ?? 2);
const files = (await readdir(dir))
  .filter((f) => f.endsWith(".pdf"))
  .sort()
  .map((f) => path.join(dir, f));
const reader = createPdfTextReader({ threads });

// Queue every read at once: the reader hands them to its threads as they free up, in order.
const reads = files.map(async (file) => reader.read(await readFile(file)));
// Loaded once the threads are busy, so its start-up overlaps theirs instead of delaying it.
const { extractLabReport } = await import("~/pipeline/extract-lab-report");
for (const [index, file] of files.entries()) {
  const read = await reads[index];
  if (!read) continue;
  const result = read.ok ? await extractLabReport(read.document) : read;
  process.stdout.write(`${path.basename(file)} ${result.ok ? "ok" : result.error.code}\n`);
}
await reader.close();
