import { describe, expect, it } from "vitest";
import { computeTotal, withholdContradictedTotals } from "./coa-totals";
import type { Analyte, LabReport, Measure } from "./lab-report";

const analyte = (key: string, value: number | null, unit = "%"): Analyte => ({
  analyte: key,
  label: key,
  value,
  unit,
  qualifier: value === null ? "ND" : null,
  source: "printed",
});
const printed = (value: number, unit = "%"): Measure => ({
  value,
  unit,
  qualifier: null,
  source: "printed",
});

describe("withholdContradictedTotals", () => {
  const parts = [analyte("thca", 29.56), analyte("d9_thc", 0.656), analyte("cbd", null)];

  it("keeps printed totals their table agrees with, whatever the unit", () => {
    const totals: LabReport["totals"] = {
      thc: printed(265.8, "mg/g"),
      cbd: null,
      cannabinoids: printed(26.99),
      terpenes: null,
    };
    expect(withholdContradictedTotals(totals, parts)).toEqual([]);
    expect(totals.cannabinoids?.value).toBe(26.99);
  });

  it("withholds a total below the decarboxylated acid it includes (a limit read as a result)", () => {
    const totals: LabReport["totals"] = {
      thc: printed(26.58),
      cbd: null,
      cannabinoids: printed(0.26),
      terpenes: null,
    };
    expect(withholdContradictedTotals(totals, parts)).toEqual(["cannabinoids"]);
    expect(totals.cannabinoids).toBeNull();
    expect(totals.thc?.value).toBe(26.58);
  });
});

describe("computeTotal", () => {
  it("adds 0.877 × the acid to the neutral form and says it computed it", () => {
    expect(computeTotal(analyte("thca", 20.15), analyte("d9_thc", 1.02))).toEqual({
      value: 18.69,
      unit: "%",
      qualifier: null,
      source: "computed",
    });
  });

  it("gives a computed total no more digits than its printed parts (not 216.8593)", () => {
    expect(computeTotal(analyte("thca", 23.81), analyte("d9_thc", 0.45))?.value).toBe(21.33);
    expect(computeTotal(analyte("thca", 0.0311), analyte("d9_thc", 0.2))?.value).toBe(0.2273);
  });

  it("computes nothing from parts printed in different units", () => {
    expect(computeTotal(analyte("thca", 20), analyte("d9_thc", 1, "mg/serving"))).toBeNull();
  });
});
