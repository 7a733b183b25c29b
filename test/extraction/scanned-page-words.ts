import type { LabReport } from "~/pipeline/lab-report";
import type { OcrWord } from "~/pipeline/page-ocr";
import type { PdfDocumentText } from "~/pipeline/pdf-document";
import { readScannedReport } from "~/pipeline/read-scanned-report";
import type { ScannedPage } from "~/pipeline/scanned-pages";

/**
 * A scanned page as OCR would read it, built from lines of cells: each cell's words get boxes as a
 * 9 pt font would print them (about 5 points a character), on the line's baseline.
 */
export type Line = { y: number; cells: [x: number, text: string][] };

export function scannedPage(pageNumber: number, lines: Line[], confidence = 90): ScannedPage {
  const words: OcrWord[] = [];
  for (const line of lines) {
    for (const [x, text] of line.cells) {
      let left = x;
      for (const word of text.split(" ")) {
        const width = word.length * 5;
        words.push({
          text: word,
          left,
          top: line.y - 7,
          width,
          height: 7,
          confidence,
          baseline: line.y,
          lineHeight: 10,
        });
        left += width + 2.5;
      }
    }
  }
  return {
    pageNumber,
    width: 612,
    height: 792,
    words,
    picture: {
      page: pageNumber,
      width: 1224,
      height: 1584,
      png: new Uint8Array([137, 80, 78, 71]),
    },
  };
}

/** The header lines of a COA, so the document reads as one. */
export function coaHeader(batch: string): Line[] {
  return [
    { y: 40, cells: [[40, "Certificate of Analysis"]] },
    { y: 60, cells: [[40, "Example Testing Laboratory"]] },
    {
      y: 80,
      cells: [
        [40, `Batch: ${batch}`],
        [300, "Matrix: Flower"],
      ],
    },
    { y: 100, cells: [[40, "Cannabinoid Potency"]] },
    {
      y: 120,
      cells: [
        [40, "Analyte"],
        [200, "LOQ"],
        [300, "Result (%)"],
        [400, "Result (mg/g)"],
      ],
    },
  ];
}

/** A document of empty pages (no text layer), read through a scanner that returns `pages`. */
export async function readScan(pages: ScannedPage[]): Promise<LabReport> {
  const document: PdfDocumentText = {
    pageCount: pages.length,
    links: [],
    pages: pages.map(({ pageNumber }) => ({ pageNumber, width: 612, height: 792, items: [] })),
  };
  const result = await readScannedReport(document, {
    pageScanner: {
      scanPages: async (numbers) => pages.filter((p) => numbers.includes(p.pageNumber)),
    },
  });
  if (!result?.ok) throw new Error("the scan was not read");
  return result.report;
}
