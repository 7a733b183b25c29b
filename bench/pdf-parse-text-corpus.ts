import { once } from "node:events";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { Worker, isMainThread, parentPort } from "node:worker_threads";
import { PDFParse } from "pdf-parse";

/**
 * The reference point of bench/extraction-speed.ts: pdf-parse's own getText() over every PDF of a
 * folder, in THREADS worker threads (default 2), with nothing of ours around it: no positions
 * kept, no QR codes, no pipeline. It is the least the engine's reader can cost, since the engine
 * reads every document through pdf-parse too. Run by plain Node (type stripping), like the
 * engine's reader thread. Prints one line per file: its name and the number of characters read.
 */

if (isMainThread) {
  const dir = process.argv[2] ?? ".";
  const threads = Number(process.env.THREADS ?? 2);
  const names = (await readdir(dir)).filter((f) => f.endsWith(".pdf")).sort();
  const queue = [...names];
  const lines: string[] = [];
  await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(new URL(import.meta.url));
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const bytes = await readFile(path.join(dir, name));
        const reply = once(worker, "message");
        worker.postMessage(bytes.buffer, [bytes.buffer]);
        const [characters] = (await reply) as [number];
        lines.push(`${name} ${characters}`);
      }
      await worker.terminate();
    }),
  );
  process.stdout.write(`${lines.sort().join("\n")}\n`);
} else {
  parentPort?.on("message", async (bytes: ArrayBuffer) => {
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    try {
      parentPort?.postMessage((await parser.getText()).text.length);
    } finally {
      await parser.destroy();
    }
  });
}
