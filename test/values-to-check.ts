import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PNG } from "pngjs";
import { readPdfText } from "~/integrations/pdf-text.server";
import type { ExtractLabReportResult } from "~/inngest/process-lab-report-ports";
import type { LabReport } from "~/pipeline/lab-report";
import type { PdfDocumentText } from "~/pipeline/pdf-document";
import type { ReviewItem, ReviewPageImage, ReviewReason } from "~/pipeline/review-items";

/**
 * A scanned COA's result, made in tests from a real COA's reading: the chosen values are withheld
 * from their fields and listed as values to check, each with the page and box where the document
 * prints it (found in its text layer), as the OCR reader leaves them; the pages come as pictures.
 */

export interface ValueToCheck {
  field:
    | "totals.thc"
    | "totals.cbd"
    | `cannabinoids.${string}`
    | "sample.batch"
    | "perUnit.unit.totals.thc"
    | "verificationUrl";
  reason: ReviewReason;
  label: string;
}

/** A look-alike of a reading, as OCR confuses digits (5 ↔ 6, 1 ↔ 7, 0 ↔ 8), for the candidates. */
function lookalike(text: string): string {
  const swaps: Record<string, string> = { "5": "6", "6": "5", "1": "7", "7": "1", "0": "8" };
  const at = [...text].findLastIndex((c) => c in swaps);
  return at < 0 ? text : `${text.slice(0, at)}${swaps[text[at] ?? ""]}${text.slice(at + 1)}`;
}

const perUnitThc = (report: LabReport) =>
  report.perUnit?.amounts.find((a) => a.basis === "unit")?.totals;

function printedText(report: LabReport, field: ValueToCheck["field"]): string | null {
  if (field === "sample.batch") return report.sample.batch;
  if (field === "verificationUrl") return report.verificationUrl;
  if (field === "perUnit.unit.totals.thc")
    return perUnitThc(report)?.thc?.value?.toString() ?? null;
  const [group, key = ""] = field.split(".");
  const measure =
    group === "totals"
      ? report.totals[key as "thc" | "cbd"]
      : report.cannabinoids.find((a) => a.analyte === key);
  return measure?.value?.toString() ?? null;
}

function withhold(report: LabReport, field: ValueToCheck["field"]): void {
  if (field === "sample.batch") report.sample.batch = null;
  else if (field === "verificationUrl") report.verificationUrl = null;
  else if (field === "perUnit.unit.totals.thc") {
    const totals = perUnitThc(report);
    if (totals) totals.thc = null;
  } else if (field === "totals.thc") report.totals.thc = null;
  else if (field === "totals.cbd") report.totals.cbd = null;
  else
    report.cannabinoids = report.cannabinoids.filter((a) => `cannabinoids.${a.analyte}` !== field);
}

function printedIn(document: PdfDocumentText, text: string): boolean {
  return document.pages.some((page) => page.items.some((item) => item.str.includes(text)));
}

/** Where the document prints `text` (a number compared as a number), as a page and a box. */
function locate(document: PdfDocumentText, text: string, numeric: boolean) {
  for (const page of document.pages) {
    for (const item of page.items) {
      const str = item.str.trim();
      const same = numeric
        ? Number(/^([\d.]+)\s*(?:%|mg\/\w+)?$/.exec(str)?.[1]) === Number(text)
        : str.includes(text);
      if (!same || str === "") continue;
      const pad = item.height * 0.3;
      return {
        page: page.pageNumber,
        box: {
          x: Math.max(0, (item.x - pad) / page.width),
          y: Math.max(0, (item.y - item.height - pad) / page.height),
          width: Math.min(1, (item.width + 2 * pad) / page.width),
          height: Math.min(1, (item.height * 1.25 + 2 * pad) / page.height),
        },
      };
    }
  }
  throw new Error(`"${text}" is not printed in the document's text layer`);
}

/** The reading of `pdf` with `values` withheld into `report.review`, and its pages as pictures. */
export async function withValuesToCheck(
  result: ExtractLabReportResult,
  pdf: Uint8Array,
  values: ValueToCheck[],
  paint: (page: number, size: { width: number; height: number }) => ReviewPageImage,
): Promise<ExtractLabReportResult> {
  if (!result.ok) throw new Error(`The COA was not read: ${result.error.code}`);
  const read = await readPdfText(pdf, {});
  if (!read.ok) throw new Error(`The COA has no text layer: ${read.error.code}`);
  const report = structuredClone(result.extraction.report);
  const review: ReviewItem[] = values.map(({ field, reason, label }) => {
    const reading = printedText(report, field);
    if (reading === null) throw new Error(`The reading has no ${field}`);
    const text = field === "sample.batch" || field === "verificationUrl";
    // A link may be only encoded (a link annotation, a QR code): its page, without a box.
    const at =
      field === "verificationUrl" && !printedIn(read.document, reading)
        ? { page: 1, box: null }
        : locate(read.document, reading, !text);
    withhold(report, field);
    return {
      field,
      label,
      reading,
      unit: text ? null : field.startsWith("perUnit.") ? "mg/unit" : "%",
      candidates: text ? [] : [reading, lookalike(reading)],
      reason,
      confidence: 0.62,
      ...at,
      resolution: null,
    };
  });
  report.review = review;
  const pages = [...new Set(review.map((item) => item.page ?? 1))];
  return {
    ok: true,
    extraction: { ...result.extraction, report },
    pageImages: pages.map((page) => {
      const size = read.document.pages.find((p) => p.pageNumber === page);
      return paint(page, { width: size?.width ?? 612, height: size?.height ?? 792 });
    }),
  };
}

/** A blank page picture of the page's shape (2 px a point), for tests that look at no pixels. */
export function blankPage(page: number, size: { width: number; height: number }): ReviewPageImage {
  const png = new PNG({ width: Math.round(size.width * 2), height: Math.round(size.height * 2) });
  png.data.fill(255);
  const bytes = PNG.sync.write(png);
  return { page, width: png.width, height: png.height, png: new Uint8Array(bytes) };
}

/** The page painted by poppler's pdftoppm at 144 dpi (2 px a point), as the OCR reader paints it. */
export function pdftoppmPage(pdfPath: string) {
  return (page: number): ReviewPageImage => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "heady-page-"));
    try {
      const out = path.join(dir, "page");
      execFileSync("pdftoppm", [
        "-r",
        "144",
        "-gray",
        "-png",
        "-singlefile",
        "-f",
        `${page}`,
        "-l",
        `${page}`,
        pdfPath,
        out,
      ]);
      const bytes = readFileSync(`${out}.png`);
      const { width, height } = PNG.sync.read(bytes);
      return { page, width, height, png: new Uint8Array(bytes) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
