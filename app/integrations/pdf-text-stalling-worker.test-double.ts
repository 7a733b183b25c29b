import { parentPort } from "node:worker_threads";
import type { PdfWorkerReply, PdfWorkerRequest } from "./pdf-text-protocol.server";

/**
 * Stands in for pdf-text-worker.server.ts in tests: a document whose bytes contain "STALL" never
 * finishes (a page that loops forever, as a hostile PDF can make pdf.js do); one containing
 * "BLOAT" allocates until the thread's heap runs out; any other is read as one empty page.
 */

parentPort?.on("message", (request: PdfWorkerRequest) => {
  const text = new TextDecoder().decode(request.bytes);
  if (text.includes("STALL")) {
    for (;;) {
      // Never yields: only ending the thread stops it.
    }
  }
  if (text.includes("BLOAT")) {
    const hoard: string[][] = [];
    for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => `${i}`));
  }
  const reply: PdfWorkerReply = {
    id: request.id,
    ok: true,
    document: {
      pageCount: 1,
      pages: [{ pageNumber: 1, width: 1, height: 1, items: [] }],
      links: [],
    },
  };
  parentPort?.postMessage(reply);
});
