import { describe, expect, it } from "vitest";
import type { Analyte } from "./lab-report";
import type { PdfTextItem } from "./pdf-document";
import { concentrationBasis, readBasis } from "./report-basis";
import { buildRows } from "./text-layout";
import { analyte, flowerReport, hempGummyReport, measure } from "../../test/writer-test-reports";

/** Rows of a one-page report, one text line each. */
function rows(lines: string[]): ReturnType<typeof buildRows> {
  const items: PdfTextItem[] = lines.map((str, i) => ({
    str,
    x: 40,
    y: 60 + i * 14,
    width: str.length * 4.5,
    height: 8,
  }));
  return buildRows({
    pageCount: 1,
    links: [],
    pages: [{ pageNumber: 1, width: 612, height: 792, items }],
  });
}

const mgPerGram: Analyte[] = [
  analyte("cbd", "CBD", 4.3373, "mg/g"),
  analyte("d9_thc", "Δ9-THC", 0.9723, "mg/g"),
];

describe("the basis a COA states", () => {
  it("is as received where the lab tested the sample as-is or as received", () => {
    const tested = ["R&D Sample Only. Tested as-is/received from client."];
    expect(readBasis(rows(tested), mgPerGram)).toBe("as-received");
    expect(readBasis(rows(["Results reported as received"]), mgPerGram)).toBe("as-received");
  });

  it("is not read from the word received alone", () => {
    const lines = ["Date Received: 09/17/2021", "This sample was received by the lab sealed."];
    expect(readBasis(rows(lines), mgPerGram)).toBeNull();
  });

  it("is dry weight where the results are corrected for moisture", () => {
    expect(readBasis(rows(["Results corrected for moisture"]), mgPerGram)).toBe("dry-weight");
  });

  it("is never per serving for mg/g rows, whatever the COA says of servings", () => {
    const lines = [
      "Results mg/g  Results mg/serving",
      "1 serving = 1 gummy, 7.0 grams; 20.0 servings per package",
    ];
    expect(readBasis(rows(lines), mgPerGram)).toBeNull();
  });

  it("is per serving or per unit where the results table holds only amounts", () => {
    const perServing = [analyte("cbd", "CBD", 30.36, "mg/serving")];
    expect(readBasis(rows(["Results mg/serving"]), perServing)).toBe("per-serving");
    const perUnit = [analyte("cbd", "CBD", 25.3, "mg/unit")];
    expect(readBasis(rows(["Results mg/unit"]), perUnit)).toBe("per-unit");
  });
});

describe("the basis of the concentrations shown", () => {
  it("is the report's own for concentrations on a stated basis", () => {
    expect(concentrationBasis(flowerReport())).toBe("dry-weight");
  });

  it("is not per serving beside an mg/g table, as a report stored earlier may say", () => {
    const report = flowerReport();
    report.basis = "per-serving";
    report.totals.thc = measure(0.9723, "mg/g");
    expect(concentrationBasis(report)).toBeNull();
  });

  it("stays per unit for a report that shows amounts only", () => {
    expect(concentrationBasis(hempGummyReport())).toBe("per-unit");
  });
});
