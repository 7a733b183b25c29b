import { describe, expect, it } from "vitest";
import { extractLabReport } from "./extract-lab-report";
import type { OcrWord, PageOcr } from "./page-ocr";
import type { PdfDocumentText, PdfTextItem } from "./pdf-document";
import { repairTextLayer, UNREADABLE } from "./text-layer-repair";

/**
 * A report printed in a font whose glyph-to-character map is wrong, as file 13 of the corpus is:
 * every character comes out as another one, and one glyph ("H") comes out as a control character
 * the reader drops, splitting its run. The OCR double reads the page as printed, word by word.
 */

const SIZE = 8;
const ADVANCE = SIZE * 0.5;

/** What the page prints: cells of [x, text] per line. */
const PRINTED: [number, string][][] = [
  [[40, "Certificate of Analysis"]],
  [[40, "Laboratory: Northfield Labs"]],
  [[40, "Sample ID: 267805"]],
  [[40, "Batch: 210000003"]],
  [[40, "Date Tested: 03/05/2021"]],
  [[40, "Cannabinoid Analysis"]],
  [
    [40, "Analyte"],
    [200, "Result (%)"],
  ],
  [
    [40, "THCa"],
    [200, "ND"],
  ],
  [
    [40, "Delta-9 THC"],
    [200, "83.27"],
  ],
  [
    [40, "CBD"],
    [200, "ND"],
  ],
  [
    [40, "CBG"],
    [200, "2.269"],
  ],
  [
    [40, "CBN"],
    [200, "0.4994"],
  ],
  [
    [40, "Total THC"],
    [200, "83.27"],
  ],
  [
    [40, "Total Cannabinoids"],
    [200, "86.04"],
  ],
  [[40, "Method: SOP-0123456789, SOP-9876543210, SOP-5647382910"]],
  [[40, "Pesticides: PASS"]],
  [[40, "Heavy Metals: PASS"]],
  [[40, "Overall Result: PASS"]],
];

/** The wrong map: each character to a code of its own, far from its place (file 13's are shifted). */
function cipher(text: string): string {
  return [...text].map((c) => String.fromCharCode(0x2100 + c.charCodeAt(0))).join("");
}
const DROPPED = "H";

function garbledItems(line: [number, string][], y: number, font = "F1"): PdfTextItem[] {
  const items: PdfTextItem[] = [];
  for (const [x, text] of line) {
    // The dropped glyph ends its run; the next run starts after the glyph's width.
    let start = 0;
    text.split(DROPPED).forEach((part, i, parts) => {
      if (part) {
        items.push({
          str: cipher(part),
          x: x + start * ADVANCE,
          y,
          width: part.length * ADVANCE,
          height: SIZE,
          font,
        });
      }
      start += part.length + (i < parts.length - 1 ? 1 : 0);
    });
  }
  return items;
}

function printedWords(line: [number, string][], y: number): OcrWord[] {
  const words: OcrWord[] = [];
  for (const [x, text] of line) {
    let at = 0;
    for (const word of text.split(" ")) {
      words.push({
        text: word,
        left: x + at * ADVANCE,
        top: y - SIZE * 0.75,
        width: word.length * ADVANCE,
        height: SIZE * 0.75,
        confidence: 90,
      });
      at += word.length + 1;
    }
  }
  return words;
}

function garbledDocument(printed = PRINTED): PdfDocumentText {
  const items = printed.flatMap((line, i) => garbledItems(line, 60 + i * 14));
  return {
    pageCount: 1,
    pages: [{ pageNumber: 1, width: 612, height: 792, items }],
    links: [],
  };
}

/** Reads the page as printed, with `misread` applied to each word it returns. */
function ocrDouble(
  printed = PRINTED,
  misread = (word: string) => word,
): PageOcr & { calls: number[][] } {
  const calls: number[][] = [];
  return {
    calls,
    async readPages(pageNumbers) {
      calls.push(pageNumbers);
      const words = printed
        .flatMap((line, i) => printedWords(line, 60 + i * 14))
        .map((word) => ({ ...word, text: misread(word.text) }));
      return pageNumbers.filter((n) => n === 1).map((pageNumber) => ({ pageNumber, words }));
    },
  };
}

describe("repairTextLayer", () => {
  it("learns each glyph's character and decodes the numbers from the glyphs", async () => {
    const repair = await repairTextLayer(garbledDocument(), ocrDouble());
    expect(repair).not.toBeNull();
    const text = repair?.document.pages[0]?.items.map((i) => i.str) ?? [];
    expect(text).toContain("83.27");
    expect(text).toContain("2.269");
    expect(text).toContain("0.4994");
    expect(text).toContain("Sample ID: 267805");
    expect(repair?.coverage).toBeGreaterThan(0.9);
  });

  it("joins the runs a dropped glyph split when one read word spans them", async () => {
    const repair = await repairTextLayer(garbledDocument(), ocrDouble());
    const text = repair?.document.pages[0]?.items.map((i) => i.str) ?? [];
    expect(text).toContain("THCa");
    expect(text).toContain("Delta-9 THC");
  });

  it("keeps the glyphs' number where the recogniser misreads it", async () => {
    // The recogniser reads one value wrong every time; the glyphs of its digits appear elsewhere too.
    const repair = await repairTextLayer(
      garbledDocument(),
      ocrDouble(PRINTED, (word) => (word === "2.269" ? "2.289" : word)),
    );
    const text = repair?.document.pages[0]?.items.map((i) => i.str) ?? [];
    expect(text).toContain("2.269");
    expect(text.join(" ")).not.toContain("2.289");
  });

  it("makes a number unreadable whole when one of its glyphs was never learned", async () => {
    // "#" is printed once only, inside a value: too few readings to learn it.
    const printed = PRINTED.map((line) =>
      line.map(([x, text]) => [x, text === "0.4994" ? "0.49#4" : text] as [number, string]),
    );
    const repair = await repairTextLayer(garbledDocument(printed), ocrDouble(printed));
    const text = repair?.document.pages[0]?.items.map((i) => i.str) ?? [];
    expect(text).toContain(UNREADABLE);
    expect(text.some((t) => /0\.49|\b4\b/.test(t))).toBe(false);
  });

  it("gives a character to one glyph only: the better attested, when the recogniser confuses two", async () => {
    // The recogniser reads every "o" as a zero; the zero's own glyph is read as one far more often.
    const repair = await repairTextLayer(
      garbledDocument(),
      ocrDouble(PRINTED, (word) => word.replace(/o/g, "0")),
    );
    const text = repair?.document.pages[0]?.items.map((i) => i.str) ?? [];
    expect(text).toContain("Batch: 210000003");
    expect(text).toContain("0.4994");
    expect(text.join(" ")).not.toMatch(/T0tal|Lab0ratory/);
  });

  it("gives up when too few glyphs could be learned", async () => {
    const repair = await repairTextLayer(garbledDocument(), {
      readPages: async (pages) => pages.map((pageNumber) => ({ pageNumber, words: [] })),
    });
    expect(repair).toBeNull();
  });

  it("reads the first two pages as pictures, and no more by default", async () => {
    const document = garbledDocument();
    const page = document.pages[0];
    if (!page) throw new Error("no page");
    const pages = [1, 2, 3, 4, 5].map((pageNumber) => ({ ...page, pageNumber }));
    const ocr = ocrDouble();
    await repairTextLayer({ ...document, pageCount: 5, pages }, ocr);
    expect(ocr.calls).toEqual([[1, 2]]);
  });

  it("reads further pages, up to the limit, while too few glyphs are learned", async () => {
    const document = garbledDocument();
    const page = document.pages[0];
    if (!page) throw new Error("no page");
    const pages = [1, 2, 3, 4, 5].map((pageNumber) => ({ ...page, pageNumber }));
    // The pictures teach nothing: every page read comes back without words.
    const calls: number[][] = [];
    const blank: PageOcr = {
      readPages: async (numbers) => {
        calls.push(numbers);
        return numbers.map((pageNumber) => ({ pageNumber, words: [] }));
      },
    };
    const repair = await repairTextLayer({ ...document, pageCount: 5, pages }, blank, {
      maxOcrPages: 4,
    });
    expect(calls).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(repair).toBeNull();
  });

  it("reports the repaired layer's values, marked as repaired", async () => {
    const result = await extractLabReport(garbledDocument(), { pageOcr: ocrDouble() });
    if (!result.ok) throw new Error(result.error.code);
    const { report } = result;
    expect(report.warnings).toContain("text-layer-repaired");
    expect(report.warnings).not.toContain("garbled-text-layer");
    const value = (key: string) => report.cannabinoids.find((a) => a.analyte === key);
    expect(value("d9_thc")).toMatchObject({ value: 83.27, unit: "%" });
    expect(value("cbg")).toMatchObject({ value: 2.269 });
    expect(value("thca")).toMatchObject({ value: null, qualifier: "ND" });
    expect(report.totals.thc).toMatchObject({ value: 83.27, source: "printed" });
    expect(report.totals.cannabinoids).toMatchObject({ value: 86.04 });
    expect(report.sample.batch).toBe("210000003");
  });

  it("leaves out a name with a glyph that could not be learned", async () => {
    // "Q" is printed once only, in a word the recogniser does not read: its glyph stays unknown.
    const printed: [number, string][][] = [[[40, "Product Name: Qanta Haze"]], ...PRINTED];
    const result = await extractLabReport(garbledDocument(printed), {
      pageOcr: ocrDouble(printed, (word) => (word === "Qanta" ? "" : word)),
    });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.report.sample.productName).toBeNull();
    expect(result.report.sample.batch).toBe("210000003");
  });

  it("stays a garbled report, numbers withheld, when the pictures cannot be read", async () => {
    const result = await extractLabReport(garbledDocument(), {
      pageOcr: { readPages: () => Promise.reject(new Error("recogniser crashed")) },
    });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.report.warnings).toEqual(
      expect.arrayContaining(["garbled-text-layer", "text-layer-repair-failed"]),
    );
    expect(result.report.cannabinoids).toEqual([]);
    expect(result.report.totals.thc).toBeNull();
  });

  it("stays a garbled report without a page reader", async () => {
    const result = await extractLabReport(garbledDocument());
    if (!result.ok) throw new Error(result.error.code);
    expect(result.report.warnings).toContain("garbled-text-layer");
    expect(result.report.cannabinoids).toEqual([]);
  });
});
