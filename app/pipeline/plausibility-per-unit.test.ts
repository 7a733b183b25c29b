import { describe, expect, it } from "vitest";
import { emptyLabReport, type Analyte, type LabReport, type PerUnitAmounts } from "./lab-report";
import { checkPlausibility, withheldText } from "./plausibility";
import { servingMassInGrams } from "./plausibility-per-unit";

const measure = (value: number, unit: string) => ({
  value,
  unit,
  qualifier: null,
  source: "printed" as const,
});
const row = (analyte: string, value: number, unit: string): Analyte => ({
  analyte,
  label: analyte,
  ...measure(value, unit),
});
const amounts = (
  basis: PerUnitAmounts["basis"],
  thc: number,
  rows: [string, number][] = [],
): PerUnitAmounts => ({
  basis,
  totals: { thc: measure(thc, `mg/${basis}`), cbd: null, cannabinoids: null },
  cannabinoids: rows.map(([key, value]) => row(key, value, `mg/${basis}`)),
});

function edible(build: (r: LabReport) => void): LabReport {
  const r = emptyLabReport();
  r.cannabinoids = [row("d9_thc", 2.5, "mg/g")];
  build(r);
  return r;
}

describe("amounts per serving and per package checked against each other", () => {
  it("keeps a per-package amount that is the per-serving amount times the servings, within printed rounding", () => {
    const { report, withheld } = checkPlausibility(
      edible((r) => {
        r.perUnit = {
          servingSize: null,
          servingsPerPackage: 12,
          // 4.167 × 12 = 50.004; the lab prints 50.00 from unrounded figures.
          amounts: [amounts("serving", 4.167), amounts("package", 50.0)],
        };
      }),
    );
    expect(withheld).toEqual([]);
    expect(report.perUnit?.amounts.map((a) => a.basis)).toEqual(["serving", "package"]);
    expect(report.perUnit?.servingsPerPackage).toBe(12);
  });

  it("withholds the per-package amounts and the servings count when they contradict the per-serving amount", () => {
    const { report, withheld } = checkPlausibility(
      edible((r) => {
        r.perUnit = {
          servingSize: null,
          servingsPerPackage: 4,
          // A package equal to one serving while the COA says four servings: one figure was misread.
          amounts: [
            amounts("serving", 10.2, [["d9_thc", 10.2]]),
            amounts("package", 10.2, [["d9_thc", 10.2]]),
          ],
        };
      }),
    );
    expect(report.perUnit?.amounts.map((a) => a.basis)).toEqual(["serving"]);
    expect(report.perUnit?.amounts[0]?.totals.thc?.value).toBe(10.2);
    expect(report.perUnit?.servingsPerPackage).toBeNull();
    expect(withheld).toEqual(["perUnit.package", "perUnit.servingsPerPackage"]);
    expect(withheldText("withheld:perUnit.package:contradicts-servings")).toMatch(
      /^The amount per package was left out: .*times the servings per package/,
    );
  });

  it("checks a row per analyte too, not only the totals", () => {
    const { withheld } = checkPlausibility(
      edible((r) => {
        r.perUnit = {
          servingSize: null,
          servingsPerPackage: 10,
          amounts: [
            amounts("serving", 5.0, [["cbd", 20.0]]),
            amounts("package", 50.0, [["cbd", 2.0]]),
          ],
        };
      }),
    );
    expect(withheld).toContain("perUnit.package");
  });

  it("keeps a serving size that the concentrations confirm (mg/g × grams = mg per serving)", () => {
    const { report, withheld } = checkPlausibility(
      edible((r) => {
        r.perUnit = {
          servingSize: "1 gummy, 4.0 grams",
          servingsPerPackage: null,
          amounts: [amounts("serving", 10.0, [["d9_thc", 10.0]])],
        };
      }),
    );
    expect(withheld).toEqual([]);
    expect(report.perUnit?.servingSize).toBe("1 gummy, 4.0 grams");
  });

  it("withholds a serving size that is not the one the lab used for its amounts per serving", () => {
    const { report, withheld } = checkPlausibility(
      edible((r) => {
        r.perUnit = {
          servingSize: "20 g",
          servingsPerPackage: null,
          amounts: [amounts("serving", 10.0, [["d9_thc", 10.0]])],
        };
      }),
    );
    expect(report.perUnit?.servingSize).toBeNull();
    expect(report.perUnit?.amounts[0]?.totals.thc?.value).toBe(10.0);
    expect(withheld).toEqual(["perUnit.servingSize"]);
    expect(withheldText("withheld:perUnit.servingSize:contradicts-serving-size")).toMatch(
      /^Serving size was left out/,
    );
  });

  it("reads a serving's mass from how labs print a serving size", () => {
    expect(servingMassInGrams("3.2 g")).toBe(3.2);
    expect(servingMassInGrams("1 gummy, 7.0 grams")).toBe(7);
    expect(servingMassInGrams("500 mg")).toBe(0.5);
    expect(servingMassInGrams("1 gummy")).toBeNull();
    expect(servingMassInGrams("30 ml")).toBeNull();
  });
});
