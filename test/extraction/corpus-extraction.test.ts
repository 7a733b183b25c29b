import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import { extractLabReport, type ExtractionResult } from "~/pipeline/extract-lab-report";
import type { LabReport } from "~/pipeline/lab-report";

const dir = new URL("../fixtures/coa/", import.meta.url);
type Truth = Record<string, { value: number | string; unit: string; printed?: boolean } | unknown>;
const truths = JSON.parse(readFileSync(new URL("ground-truth.json", dir), "utf8")) as (Truth & {
  file: string;
})[];
const truthFor = (prefix: string) => truths.find((t) => t.file.startsWith(prefix))!;
const results = new Map<string, ExtractionResult>();

async function extract(prefix: string): Promise<LabReport> {
  const truth = truthFor(prefix);
  let result = results.get(prefix);
  if (!result) {
    result = await readLabReportFromPdf(new Uint8Array(readFileSync(new URL(truth.file, dir))), {
      readPdfText: (pdf) => readPdfText(pdf),
    });
    results.set(prefix, result);
  }
  if (!result.ok) throw new Error(result.error.message);
  return result.report;
}

function expectedNumber(prefix: string, field: string): { value: number; unit: string } {
  const measure = truthFor(prefix)[field] as { value: number; unit: string };
  return { value: measure.value, unit: measure.unit };
}

beforeAll(async () => {
  for (const prefix of ["01", "13", "15", "19"]) await extract(prefix).catch(() => undefined);
}, 60_000);

describe("extractLabReport on real COAs", () => {
  it("reads the totals printed on a two-column SC Labs page, not the 'sum of cannabinoids'", async () => {
    const report = await extract("01");
    for (const [key, field] of [
      ["thc", "total_thc"],
      ["cbd", "total_cbd"],
      ["cannabinoids", "total_cannabinoids"],
    ] as const) {
      const expected = expectedNumber("01", field);
      expect(report.totals[key]).toMatchObject({
        value: expected.value,
        unit: expected.unit,
        source: "printed",
      });
    }
  });

  it("reads cannabinoid rows whose label spells delta as a Greek letter", async () => {
    const report = await extract("01");
    const d9 = report.cannabinoids.find((a) => a.analyte === "d9_thc");
    expect(d9?.value).toBe(expectedNumber("01", "delta9_thc").value);
    expect(report.cannabinoids.find((a) => a.analyte === "thca")?.value).toBe(
      expectedNumber("01", "thca").value,
    );
  });

  it("computes total THC when the lab does not print it, and says so", async () => {
    const report = await extract("15");
    const expected = expectedNumber("15", "total_thc");
    expect(report.totals.thc?.source).toBe("computed");
    expect(report.totals.thc?.value).toBeCloseTo(expected.value, 1);
    expect(report.warnings).toContain("total-thc-computed");
  });

  it("reads 'NOT DETECTED' spelled out as ND", async () => {
    const report = await extract("15");
    expect(report.cannabinoids.find((a) => a.analyte === "cbn")?.qualifier).toBe("ND");
  });

  it("never reports the numbers of a garbled text layer as printed", async () => {
    const report = await extract("13");
    expect(report.warnings).toContain("garbled-text-layer");
    expect(report.totals.thc).toBeNull();
    expect(report.cannabinoids).toEqual([]);
  });

  it("keeps no number and no string holding a digit from a garbled text layer", async () => {
    const report = await extract("13");
    // The verification URL may come from a link or the QR code, outside the text layer.
    // The contract's version is the one number that is not read from the document.
    const { verificationUrl: _url, version: _version, ...facts } = report;
    const numbers: number[] = [];
    const digitStrings: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === "number") numbers.push(value);
      else if (typeof value === "string" && /\d/.test(value)) digitStrings.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") Object.values(value).forEach(walk);
    };
    walk(facts);
    expect({ numbers, digitStrings }).toEqual({ numbers: [], digitStrings: [] });
    expect(report.sample.dateTested).toBeNull();
    expect(report.sample.batch).toBeNull();
    expect(report.lab.license).toBeNull();
  });

  it("reads a hemp isolate's CBD value", async () => {
    const report = await extract("19");
    expect(report.cannabinoids.find((a) => a.analyte === "cbd")?.value).toBe(
      expectedNumber("19", "cbd").value,
    );
  });

  it("warns that an R&D report is not a compliance COA", async () => {
    const report = await extract("14");
    expect(report.warnings).toContain("not-a-compliance-coa");
  });

  it("warns that a QA-only report is not a compliance COA", async () => {
    const report = await extract("23");
    expect(report.warnings).toContain("not-a-compliance-coa");
  });
});

describe("extractLabReport on documents without results", () => {
  it("says a document without a text layer has none", async () => {
    const result = await extractLabReport({
      pageCount: 1,
      links: [],
      pages: [{ pageNumber: 1, width: 612, height: 792, items: [] }],
    });
    expect(result.ok ? null : result.error.code).toBe("no-text-layer");
  });

  it("does not call a short document with real words a scan: it is not a COA", async () => {
    const line = (str: string, y: number) => ({ str, x: 72, y, width: 200, height: 12 });
    const result = await extractLabReport({
      pageCount: 1,
      links: [],
      pages: [
        {
          pageNumber: 1,
          width: 612,
          height: 792,
          items: [
            line("INVOICE 1042", 700),
            line("Lab testing services", 680),
            line("Total due $150", 660),
          ],
        },
      ],
    });
    expect(result.ok ? null : result.error.code).toBe("unreadable-layout");
    expect(result.ok ? "" : result.error.message).toMatch(/not an invoice/);
  });
});
