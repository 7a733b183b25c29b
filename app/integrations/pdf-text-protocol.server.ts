import type { PdfDocumentText } from "~/pipeline/pdf-document";

/** Messages between pdf-text.server.ts and its worker threads (pdf-text-worker.server.ts). */

export interface PdfWorkerRequest {
  id: number;
  /** Transferred to the worker: the caller keeps its own copy. */
  bytes: ArrayBuffer;
  maxPages: number;
  /** Epoch milliseconds after which the worker stops between pages. */
  deadline: number;
}

export type PdfWorkerReply =
  | { id: number; ok: true; document: PdfDocumentText }
  | {
      id: number;
      ok: false;
      code: "corrupt-pdf" | "encrypted-pdf" | "empty-pdf" | "too-many-pages" | "timeout";
      detail?: string;
    };
