import { extractLabReport, type ExtractionResult } from "./extract-lab-report";
import {
  confirmScannedReport,
  type SecondReader,
  type WithheldReadings,
} from "./confirm-scanned-report";
import type { LanguageModel } from "./language-model";
import { scanEvidence } from "./ocr-figures";
import type { PdfDocumentText } from "./pdf-document";
import { pagesWithoutText, withScannedPages, type PageScanner } from "./scanned-pages";

/**
 * A COA whose pages carry no text layer (a scan, a photo saved as PDF) read by OCR: the pages are
 * read as pictures, their words go through the same layout engine and plausibility gate as any
 * text layer, and then every value must be confirmed by a second reading or wait for the merchant
 * (confirm-scanned-report.ts). See docs/decisions/017-scanned-coas.md.
 */

export interface ReadScannedReportDeps {
  pageScanner: PageScanner;
  /** Pages read by OCR at most, first pages first (default 6). */
  maxScanPages?: number;
  secondReader?: SecondReader;
  languageModel?: LanguageModel;
}

export const DEFAULT_MAX_SCAN_PAGES = 6;

/** Null when the document has no page without text, or when its pages could not be read. */
export async function readScannedReport(
  document: PdfDocumentText,
  deps: ReadScannedReportDeps,
): Promise<ExtractionResult | null> {
  const budget = Math.max(1, deps.maxScanPages ?? DEFAULT_MAX_SCAN_PAGES);
  const pageNumbers = pagesWithoutText(document).slice(0, budget);
  if (pageNumbers.length === 0) return null;
  let scanned;
  try {
    scanned = await deps.pageScanner.scanPages(pageNumbers);
  } catch {
    // OCR failed or ran out of time: the document is refused as it was, nothing half-read.
    return null;
  }
  if (scanned.length === 0) return null;
  const merged = withScannedPages(document, scanned);
  let withheld: WithheldReadings | undefined;
  const result = await extractLabReport(merged, {
    ...(deps.languageModel ? { languageModel: deps.languageModel } : {}),
    readByOcr: true,
    onWithheld: (report, fields) => {
      withheld = { report, fields };
    },
  });
  if (!result.ok) return result;
  const pictures = scanned.map((page) => page.picture);
  // The engine takes a QR code's link, as on a text layer, only when the page prints none. A code
  // is read exactly, but a lab may encode another address than the one it prints, or a shop's:
  // a link from a code alone stands only when it names the sample the page names, and otherwise
  // waits for the merchant (scanned-claims.ts).
  const evidence = scanEvidence(merged, scanned);
  const report = await confirmScannedReport(result.report, evidence, {
    ...(deps.secondReader ? { secondReader: deps.secondReader } : {}),
    pictures,
    ...(withheld ? { withheld } : {}),
  });
  const waiting = (report.review ?? []).map((item) => item.field);
  return {
    ok: true,
    report,
    uncertainFields: [...new Set([...result.uncertainFields, ...waiting])],
    pageImages: pictures,
  };
}
