import { extractLabReport, type ExtractionResult } from "./extract-lab-report";
import type { ExtractionError } from "./extraction-error";
import type { LanguageModel } from "./language-model";
import type { PageOcr } from "./page-ocr";
import type { PdfDocumentText } from "./pdf-document";
import type { SecondReader } from "./confirm-scanned-report";
import { readScannedReport } from "./read-scanned-report";
import { pagesWithoutText, type PageScanner } from "./scanned-pages";

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
  /** Pages without a text layer read by OCR: a scanned COA is read instead of refused. */
  pageScannerFor?(bytes: Uint8Array): PageScanner;
  /** Pages a scanned COA may have read by OCR (read-scanned-report.ts's default when unset). */
  maxScanPages?: number;
  /** Confirms OCR readings from the pages' pictures (a vision model). */
  secondReader?: SecondReader;
}

/**
 * A COA's bytes → its lab report: read the text, extract, repair a garbled text layer by OCR, and
 * read pages without a text layer by OCR (read-scanned-report.ts).
 * The one path every reader takes: the `lab` CLI, the queue's extract step, benchmarks and tests.
 */
export async function readLabReportFromPdf(
  bytes: Uint8Array,
  deps: ReadLabReportFromPdfDeps,
): Promise<ExtractionResult> {
  const read = await deps.readPdfText(bytes);
  if (!read.ok) return read;
  const result = await extractLabReport(read.document, {
    ...(deps.languageModel ? { languageModel: deps.languageModel } : {}),
    ...(deps.pageOcrFor ? { pageOcr: deps.pageOcrFor(bytes) } : {}),
  });
  // Pages without text are read by OCR only when the text layer alone gave no report: a COA
  // whose last page is a scanned chain-of-custody form reads as it always did.
  if (result.ok || !deps.pageScannerFor || pagesWithoutText(read.document).length === 0) {
    return result;
  }
  const scanned = await readScannedReport(read.document, {
    pageScanner: deps.pageScannerFor(bytes),
    ...(deps.maxScanPages !== undefined ? { maxScanPages: deps.maxScanPages } : {}),
    ...(deps.secondReader ? { secondReader: deps.secondReader } : {}),
    ...(deps.languageModel ? { languageModel: deps.languageModel } : {}),
  });
  return scanned ?? result;
}
