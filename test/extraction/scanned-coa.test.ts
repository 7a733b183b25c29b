import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { createPageScanner } from "~/integrations/page-scan.server";
import { createPdfTextReader } from "~/integrations/pdf-text.server";
import type { ExtractionResult } from "~/pipeline/extract-lab-report";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import { scoreReport } from "../../bench/coa-scoring";
import { withCandidate } from "../../bench/review-candidates";

/**
 * Corpus file 23 as a scanner would make it (bench/scanned-corpus.ts: painted at 150 dpi in grey,
 * put back as JPEG pictures only): no text layer at all. Read through real OCR, its report must
 * not hold one wrong value, and what it holds or offers for review must match the ground truth.
 */

const fixtures = new URL("../fixtures/", import.meta.url);
const truth = (
  JSON.parse(readFileSync(new URL("coa/ground-truth.json", fixtures), "utf8")) as Record<
    string,
    unknown
  >[]
).find((t) => String(t.file).startsWith("23_")) as Record<string, unknown>;
const bytes = new Uint8Array(
  readFileSync(
    new URL("scanned/23_belcosta-labs-tagleaf_cannazip__150dpi_rot0_noise0_q85.pdf", fixtures),
  ),
);
const reader = createPdfTextReader({ threads: 1 });
let result: ExtractionResult;

beforeAll(async () => {
  result = await readLabReportFromPdf(bytes, {
    readPdfText: (pdf) => reader.read(pdf),
    // The first page holds the results; the clock is widened for a busy machine, CPU still bounds it.
    pageScannerFor: (pdf) =>
      createPageScanner(pdf, { reader, pageTimeoutMs: 600_000, documentTimeoutMs: 600_000 }),
    maxScanPages: 1,
  });
}, 620_000);

afterAll(() => reader.close());

describe("a scanned COA (no text layer) read by OCR", () => {
  it("is read instead of refused, marked as read by OCR", () => {
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.warnings).toContain("ocr-text-layer");
  });

  it("reports no value that the ground truth contradicts", () => {
    if (!result.ok) throw new Error(result.error.code);
    const scores = scoreReport(result.report, truth);
    expect(scores.filter((s) => s.outcome === "wrong")).toEqual([]);
    expect(scores.filter((s) => s.outcome === "correct").length).toBeGreaterThanOrEqual(3);
  });

  it("offers the right value for review where it withholds one", () => {
    if (!result.ok) throw new Error(result.error.code);
    const review = result.report.review ?? [];
    expect(review.length).toBeGreaterThan(0);
    const offered = scoreReport(withCandidate(result.report, 0), truth);
    const read = scoreReport(result.report, truth);
    const rightOnReview = offered.filter(
      (s) =>
        s.outcome === "correct" && read.find((r) => r.field === s.field)?.outcome !== "correct",
    );
    expect(rightOnReview.length).toBeGreaterThan(0);
    for (const item of review) {
      expect(item.page).toBe(1);
      // A link read from the page's QR code alone has no printed place to box.
      if (item.field !== "verificationUrl") expect(item.box?.width).toBeGreaterThan(0);
    }
  });

  it("returns the page it read, as a PNG no wider than 1600 pixels", () => {
    if (!result.ok) throw new Error(result.error.code);
    const [page] = result.pageImages ?? [];
    expect(page?.page).toBe(1);
    const png = PNG.sync.read(Buffer.from(page?.png ?? new Uint8Array()));
    expect(png.width).toBe(page?.width);
    expect(png.width).toBeLessThanOrEqual(1600);
  });
});
