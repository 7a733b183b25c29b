import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePageOcr, createPageOcr } from "~/integrations/page-ocr.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import type { LabReport } from "~/pipeline/lab-report";

/**
 * Corpus file 13: its fonts' ToUnicode maps are empty, so its text layer reads plausible, wrong
 * numbers. With the pages read by OCR (tesseract.js, offline), the engine learns its glyphs and
 * must report what the page shows: the values here are the ground truth, read from the rendered
 * page by two people.
 */

const dir = new URL("../fixtures/coa/", import.meta.url);
type Measure = { value: number | string; unit: string };
const truth = (
  JSON.parse(readFileSync(new URL("ground-truth.json", dir), "utf8")) as Record<string, unknown>[]
).find((t) => String(t.file).startsWith("13_")) as Record<string, unknown> & { file: string };
const measure = (field: string): Measure => {
  const { value, unit } = truth[field] as Measure;
  return { value, unit };
};

let report: LabReport;

beforeAll(async () => {
  const bytes = new Uint8Array(readFileSync(new URL(truth.file, dir)));
  const result = await readLabReportFromPdf(bytes, {
    readPdfText: (pdf) => readPdfText(pdf),
    pageOcrFor: (pdf) => createPageOcr(pdf),
  });
  if (!result.ok) throw new Error(result.error.message);
  report = result.report;
}, 90_000);

afterAll(() => closePageOcr());

describe("a COA whose text layer is garbled, repaired from its pages read by OCR", () => {
  it("says it was repaired, so a merchant checks it before it is published", () => {
    expect(report.warnings).toContain("text-layer-repaired");
    expect(report.warnings).not.toContain("garbled-text-layer");
  });

  it("reports the totals the page prints, not the shifted digits of its text layer", () => {
    expect(report.totals.thc).toMatchObject({ ...measure("total_thc"), source: "printed" });
    expect(report.totals.cannabinoids).toMatchObject(measure("total_cannabinoids"));
    expect(report.totals.terpenes).toMatchObject(measure("total_terpenes"));
  });

  it("reads the cannabinoid and terpene rows", () => {
    const row = (key: string) =>
      [...report.cannabinoids, ...report.terpenes].find((a) => a.analyte === key);
    expect(row("d9_thc")).toMatchObject(measure("delta9_thc"));
    expect(row("cbg")).toMatchObject(measure("cbg"));
    expect(row("thca")).toMatchObject({ value: null, qualifier: "ND" });
    const terpenes = truth.terpenes_named as Record<string, number>;
    for (const [key, value] of Object.entries(terpenes)) {
      expect(row(key)?.value, key).toBe(value);
    }
  });

  it("reads the batch, the dates and every safety verdict", () => {
    expect(report.sample.batch).toBe(truth.batch);
    expect(report.sample.dateTested).toBe(truth.date_tested);
    expect(report.sample.dateIssued).toBe(truth.date_issued);
    expect(report.safety.overall).toBe("pass");
    expect(report.safety.panels.length).toBeGreaterThanOrEqual(6);
    expect(report.safety.panels.every((p) => p.status === "pass")).toBe(true);
  });
});
