import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { closePageOcr, createPageOcr } from "~/integrations/page-ocr.server";
import { createPdfTextReader } from "~/integrations/pdf-text.server";

/**
 * The whole engine (PDF bytes → LabReport) over every PDF of a folder: the process that
 * bench/extraction-speed.ts times. pdf.js runs in the reader's worker threads (THREADS, default
 * 2); the pipeline runs on the main thread on each document as soon as it has been read. Prints
 * one line per file to stdout, in file-name order.
 */

const dir = process.argv[2] ?? ".";
const threads = Number(process.env.THREADS ?? 2);
const names = (await readdir(dir)).filter((f) => f.endsWith(".pdf")).sort();
const sized = await Promise.all(
  names.map(async (name) => ({ name, size: (await stat(path.join(dir, name))).size })),
);
// Biggest first, so a large file does not start last and leave one thread idle at the end.
const queue = sized.sort((a, b) => b.size - a.size).map((f) => f.name);
const reader = createPdfTextReader({ threads });

// Queue every read at once: the reader hands them to its threads as they free up, in order.
const reads = new Map(
  queue.map((name) => [
    name,
    readFile(path.join(dir, name)).then((bytes) => ({ bytes, read: reader.read(bytes) })),
  ]),
);
// Loaded once the threads are busy, so its start-up overlaps theirs instead of delaying it.
const { readLabReportFromPdf } = await import("~/pipeline/read-lab-report-from-pdf");

const lines = await Promise.all(
  queue.map(async (name) => {
    const { bytes, read } = await reads.get(name)!;
    // The read already queued for these bytes; a garbled text layer is repaired by OCR, its
    // pages painted on the same reader threads.
    const result = await readLabReportFromPdf(bytes, {
      readPdfText: () => read,
      pageOcrFor: (pdf) => createPageOcr(pdf, { reader }),
    });
    return `${name} ${result.ok ? "ok" : result.error.code}`;
  }),
);
process.stdout.write(`${lines.sort().join("\n")}\n`);
await Promise.all([reader.close(), closePageOcr()]);
