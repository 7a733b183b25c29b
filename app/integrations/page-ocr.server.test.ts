import { afterAll, describe, expect, it } from "vitest";
import type { OcrWord } from "~/pipeline/page-ocr";
import { closePageOcr, createPageOcr } from "./page-ocr.server";
import { textPdf } from "../../test/pdf-builder";

// textPdf prints line j of a page in 10 pt Helvetica from x = 40, on the baseline 760 - 14j
// points from the page's bottom: 32 + 14j points from the top of its 792 point high page.
const BASELINE_FROM_TOP = (line: number) => 792 - (760 - 14 * line);
/** Helvetica's capitals and digits rise 0.72 em above the baseline. */
const CAP_HEIGHT = 7.2;
/** "TOTAL THC " in 10 pt Helvetica (advance widths 611 778 611 667 556 278 611 722 722 278). */
const TOTAL_THC_WIDTH = 58.34;

function word(words: OcrWord[], text: string): OcrWord {
  const found = words.find((w) => w.text === text);
  if (!found) throw new Error(`"${text}" not among ${words.map((w) => w.text).join(" ")}`);
  return found;
}

/** A word printed on the given line, starting `x` points right of the line's start. */
function expectPrintedAt(found: OcrWord, line: number, x: number) {
  expect(found.left).toBeGreaterThan(40 + x - 1);
  expect(found.left).toBeLessThan(40 + x + 3);
  expect(found.top + found.height).toBeCloseTo(BASELINE_FROM_TOP(line), 0);
  expect(found.top).toBeGreaterThan(BASELINE_FROM_TOP(line) - CAP_HEIGHT - 1);
  expect(found.top).toBeLessThan(BASELINE_FROM_TOP(line) - CAP_HEIGHT + 1);
}

describe("createPageOcr", () => {
  afterAll(() => closePageOcr());

  it("reads a page's words where they are printed, in PDF points from the top-left", async () => {
    const pdf = textPdf([["TOTAL THC 23.45 %", "BATCH 7781-QX"]]);
    const pages = await createPageOcr(pdf).readPages([1]);
    expect(pages.map((p) => p.pageNumber)).toEqual([1]);
    const words = pages[0]?.words ?? [];
    expect(words.map((w) => w.text)).toEqual(["TOTAL", "THC", "23.45", "%", "BATCH", "7781-QX"]);
    expectPrintedAt(word(words, "TOTAL"), 0, 0);
    expectPrintedAt(word(words, "23.45"), 0, TOTAL_THC_WIDTH);
    expectPrintedAt(word(words, "BATCH"), 1, 0);
    for (const w of words) {
      expect(w.confidence).toBeGreaterThan(70);
      expect(w.confidence).toBeLessThanOrEqual(100);
    }
  });

  it("reads only the pages the document has, with boxes in points whatever the scale", async () => {
    const pdf = textPdf([["first page"], ["TOTAL THC 23.45 %"]]);
    const pages = await createPageOcr(pdf, { scale: 3 }).readPages([2, 7]);
    expect(pages.map((p) => p.pageNumber)).toEqual([2]);
    expectPrintedAt(word(pages[0]?.words ?? [], "23.45"), 0, TOTAL_THC_WIDTH);
  });

  it("gives up a page over its CPU budget with a reason, and reads the next page afresh", async () => {
    const pdf = textPdf([["TOTAL THC 23.45 %"]]);
    // Painted as large as allowed: the picture is capped, and the page's work by its CPU budget.
    const starved = createPageOcr(pdf, { scale: 12, pageCpuLimitMs: 50 });
    await expect(starved.readPages([1])).rejects.toThrow(/OCR of page 1 failed: timeout .*CPU/);
    const pages = await createPageOcr(pdf).readPages([1]);
    expect(pages[0]?.words.map((w) => w.text)).toEqual(["TOTAL", "THC", "23.45", "%"]);
  });

  it("says what failed when a page cannot be painted", async () => {
    const ocr = createPageOcr(new TextEncoder().encode("<html>not a pdf</html>"));
    await expect(ocr.readPages([1])).rejects.toThrow(
      /Could not paint page\(s\) 1 for OCR: not-a-pdf/,
    );
    expect(await ocr.readPages([])).toEqual([]);
  });
});
