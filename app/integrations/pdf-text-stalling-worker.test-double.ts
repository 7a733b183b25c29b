import { getPriority } from "node:os";
import type { PdfWorkerReply, PdfWorkerRequest } from "./pdf-text-protocol.server";

/**
 * Stands in for pdf-text-worker.server.ts in tests, as a child process: a document whose bytes
 * contain "STALL" never finishes (a page that loops forever, as a hostile PDF can make pdf.js do);
 * "BLOAT" allocates until the V8 heap runs out; "BOMB" fills buffers outside the heap, as a
 * decompression bomb's inflated streams do; "CRASH" ends the process; "ENV" answers with the names
 * of its environment variables as links; "NICE" with its scheduling niceness as a link; any other is read as one empty page.
 */

const hoard: unknown[] = [];

process.on("message", (request: PdfWorkerRequest) => {
  const text = new TextDecoder().decode(request.bytes);
  if (text.includes("STALL")) {
    for (;;) {
      // Never yields: only ending the process stops it.
    }
  }
  if (text.includes("BLOAT")) {
    for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => `${i}`));
  }
  if (text.includes("BOMB")) {
    for (;;) hoard.push(Buffer.alloc(16 * 1024 * 1024, 1));
  }
  if (text.includes("CRASH")) process.abort();
  const reply: PdfWorkerReply = {
    id: request.id,
    ok: true,
    document: {
      pageCount: 1,
      pages: [{ pageNumber: 1, width: 1, height: 1, items: [] }],
      links: text.includes("ENV")
        ? Object.keys(process.env)
        : text.includes("NICE")
          ? [`niceness ${getPriority()}`]
          : [],
    },
  };
  process.send?.(reply);
});
process.on("disconnect", () => process.exit(0));
