/** Why a PDF could not be turned into a lab report: a typed value, with a message a merchant understands. */

export type ExtractionErrorCode =
  | "not-a-pdf"
  | "corrupt-pdf"
  | "encrypted-pdf"
  | "empty-pdf"
  | "no-text-layer"
  | "too-many-pages"
  | "too-complex"
  | "timeout"
  | "unreadable-layout"
  | "not-a-coa"
  | "unsupported-language";

export interface ExtractionError {
  code: ExtractionErrorCode;
  message: string;
}

const MESSAGES: Record<ExtractionErrorCode, string> = {
  "not-a-pdf": "This file is not a PDF. Upload the Certificate of Analysis as a PDF file.",
  "corrupt-pdf":
    "This PDF is damaged or incomplete and cannot be read. Download the COA from your lab again and upload that copy.",
  "encrypted-pdf": "This PDF is password-protected. Upload the unlocked COA from your lab.",
  "empty-pdf": "This PDF has no pages. Upload the complete COA from your lab.",
  "no-text-layer":
    "This PDF contains only images (for example a scan), so its results cannot be read. Upload the original digital COA from your lab.",
  "too-many-pages":
    "This PDF has more pages than a Certificate of Analysis should. Upload only the COA for this product.",
  "too-complex":
    "This PDF holds far more than a Certificate of Analysis does (too much text or data to read safely). Upload only the COA for this product.",
  timeout:
    "This PDF took too long to read. Upload the original COA from your lab; if it keeps happening, contact support.",
  "not-a-coa":
    "This PDF is not a Certificate of Analysis (it looks like an instrument printout or a web page). Upload the COA the lab issued for this product.",
  "unsupported-language":
    "This COA is not in English, and only English COAs can be read for now. Ask your lab for the English version of the COA.",
  "unreadable-layout":
    "We could not find lab results in this PDF. Check that it is the Certificate of Analysis itself (not an invoice or a summary) and upload it again.",
};

export function extractionError(code: ExtractionErrorCode, detail?: string): ExtractionError {
  const message = detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code];
  return { code, message };
}

/** A PDF starts with "%PDF-" within its first 1024 bytes (ISO 32000-1, 7.5.2; readers tolerate leading junk). */
export function sniffPdf(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length, 1024) - 5;
  for (let i = 0; i <= limit; i++) {
    if (
      bytes[i] === 0x25 &&
      bytes[i + 1] === 0x50 &&
      bytes[i + 2] === 0x44 &&
      bytes[i + 3] === 0x46 &&
      bytes[i + 4] === 0x2d
    ) {
      return true;
    }
  }
  return false;
}
