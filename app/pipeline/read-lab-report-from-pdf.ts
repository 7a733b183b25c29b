import { extractLabReport, type ExtractionResult } from "./extract-lab-report";
import type { ExtractionError } from "./extraction-error";
import type { LanguageModel } from "./language-model";
import type { PageOcr } from "./page-ocr";
import type { PdfDocumentText } from "./pdf-document";

/** The PDF reader and page OCR behind readLabReportFromPdf (app/integrations in the app). */
export interface ReadLabReportFromPdfDeps {
  /** PDF bytes → text by page; bad input (encrypted, damaged, too long) is a value. */
  readPdfText(
    bytes: Uint8Array,
  ): Promise<{ ok: true; document: PdfDocumentText } | { ok: false; error: ExtractionError }>;
  /** Pages as pictures, read by OCR: a report whose text layer is garbled is repaired from them. */
  pageOcrFor?(bytes: Uint8Array): PageOcr;
  /** Rescues a layout the rules cannot read (and nothing else). */
  languageModel?: LanguageModel;
}

/**
 * A COA's bytes → its lab report: read the text, extract, and repair a garbled text layer by OCR.
 * The one path every reader takes: the `lab` CLI, the queue's extract step, benchmarks and tests.
 */
export async function readLabReportFromPdf(
  bytes: Uint8Array,
  deps: ReadLabReportFromPdfDeps,
): Promise<ExtractionResult> {
  const read = await deps.readPdfText(bytes);
  if (!read.ok) return read;
  return extractLabReport(read.document, {
    ...(deps.languageModel ? { languageModel: deps.languageModel } : {}),
    ...(deps.pageOcrFor ? { pageOcr: deps.pageOcrFor(bytes) } : {}),
  });
}
