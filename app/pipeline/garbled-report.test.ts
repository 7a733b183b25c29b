import { describe, expect, it } from "vitest";
import { readGarbledReport } from "./garbled-report";
import { emptyLabReport, type LabReport } from "./lab-report";
import type { Row } from "./text-layout";

const row = (page: number, ...cells: string[]): Row => ({
  page,
  y: 0,
  height: 8,
  cells: cells.map((text, i) => ({ text, x: i * 200, xEnd: i * 200 + 150 })),
  text: cells.join("  "),
});

const summaryPage: Row[] = [
  row(1, "Certificate of Analysis"),
  row(1, "Analysis by Northfield Labs"),
  row(1, "Lab License: C8-0000017-LIC"),
  row(1, "Sample Name: Sour Haze", "Batch: 2310B-7"),
  row(1, "Matrix: Flower", "Date Tested: 03/05/2021"),
  row(1, "Pesticides: PASS", "Heavy Metals: PASS"),
  row(1, "Microbials: FAIL", "Mycotoxins: PASS"),
  row(1, "Overall Batch Result: FAIL"),
];
// Digits and letters both mapped to the font's glyph order: "Total THC: 832.7 mg/g".
const garbledPage: Row[] = Array.from({ length: 14 }, () =>
  row(2, "\u0014\u000f\u0014\u0002 \u0001\u0014 \u0004;", "943>8 #\u001e?\u001e @94>38 DA"),
);

function digitBearingStrings(report: LabReport): string[] {
  const { verificationUrl: _url, warnings: _warnings, ...facts } = report;
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(facts);
  return strings.filter((s) => /\d/.test(s));
}

describe("readGarbledReport", () => {
  const base = { ...emptyLabReport(), warnings: ["garbled-text-layer"] };

  it("keeps the words of a page that reads as words: the lab, the product, the verdicts", () => {
    const report = readGarbledReport([...summaryPage, ...garbledPage], [], base);
    expect(report.lab.name).toBe("Northfield Labs");
    expect(report.sample.productName).toBe("Sour Haze");
    expect(report.sample.matrix).toBe("Flower");
    expect(report.safety.overall).toBe("fail");
    expect(report.safety.panels).toEqual(
      expect.arrayContaining([
        { panel: "pesticides", status: "pass" },
        { panel: "microbials", status: "fail" },
      ]),
    );
    expect(report.warnings).toContain("garbled-text-layer");
  });

  it("withholds every number, date, id and license, even from the page that reads as words", () => {
    const report = readGarbledReport([...summaryPage, ...garbledPage], [], base);
    expect(report.lab.license).toBeNull();
    expect(report.sample.batch).toBeNull();
    expect(report.sample.sampleId).toBeNull();
    expect(report.sample.dateTested).toBeNull();
    expect(report.sample.dateIssued).toBeNull();
    expect(report.totals).toEqual({ thc: null, cbd: null, cannabinoids: null, terpenes: null });
    expect(report.cannabinoids).toEqual([]);
    expect(report.terpenes).toEqual([]);
    expect(report.basis).toBeNull();
    expect(digitBearingStrings(report)).toEqual([]);
  });

  it("drops a product name that carries digits", () => {
    const page = summaryPage.map((r) =>
      r.text.startsWith("Sample Name") ? row(1, "Sample Name: Gummies 30mg", "Batch: 2310B-7") : r,
    );
    const report = readGarbledReport([...page, ...garbledPage], [], base);
    expect(report.sample.productName).toBeNull();
  });

  it("reads no words at all when every page's letters are garbled too", () => {
    const report = readGarbledReport(garbledPage, [], base);
    expect(report.lab.name).toBeNull();
    expect(report.safety).toEqual({ overall: null, panels: [] });
    expect(report.sample).toEqual(emptyLabReport().sample);
  });

  it("withholds a verification URL read from the text, but keeps one from a link annotation", () => {
    const printed = "https://lab.example/verify/2310B-7";
    const rows = [...summaryPage, row(1, `Verify: ${printed}`), ...garbledPage];
    expect(
      readGarbledReport(rows, [], { ...base, verificationUrl: printed }).verificationUrl,
    ).toBeNull();
    expect(
      readGarbledReport(rows, [printed], { ...base, verificationUrl: printed }).verificationUrl,
    ).toBe(printed);
  });
});
