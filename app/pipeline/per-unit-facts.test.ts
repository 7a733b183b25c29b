import { describe, expect, it } from "vitest";
import { readAnalyteTables } from "./analyte-tables";
import type { PdfTextItem } from "./pdf-document";
import { readPerUnitFacts } from "./per-unit-facts";
import { buildRows } from "./text-layout";

/** A page from lines of runs: [text, x] on a baseline, 8 pt type, about 4.5 pt per character. */
function page(lines: [number, [string, number][]][]): ReturnType<typeof buildRows> {
  const items: PdfTextItem[] = lines.flatMap(([y, runs]) =>
    runs.map(([str, x]) => ({ str, x, y, width: str.length * 4.5, height: 8 })),
  );
  return buildRows({
    pageCount: 1,
    links: [],
    pages: [{ pageNumber: 1, width: 612, height: 792, items }],
  });
}

const facts = (rows: ReturnType<typeof page>) =>
  readPerUnitFacts(rows, readAnalyteTables(rows).totals);

describe("servings and packages read from an edible's COA", () => {
  it("reads the serving, the servings per package and the package totals from a sentence that wraps", () => {
    const rows = page([
      [500, [["1 serving = 2 chews, 5.0 grams; 12.0 servings per package; 120.48", 25]]],
      [511, [["mg/package Total THC; 6.12 mg/package Total CBD;", 25]]],
    ]);
    const read = facts(rows);
    expect(read.servingSize).toBe("2 chews, 5.0 grams");
    expect(read.servingsPerPackage).toBe(12);
    expect(read.totals).toEqual([
      { basis: "package", key: "thc", measure: expect.objectContaining({ value: 120.48 }) },
      { basis: "package", key: "cbd", measure: expect.objectContaining({ value: 6.12 }) },
    ]);
    expect(read.totals.every((t) => t.measure.unit === "mg/package")).toBe(true);
  });

  it("reads a serving size printed under its label in a header table", () => {
    const rows = page([
      [100, [["Serving size", 600]]],
      [106, [["Sample Name", 200]]],
      [112, [["weight", 614]]],
      [
        124,
        [
          ["Gummy - Example", 200],
          ["2.5 g", 620],
        ],
      ],
    ]);
    expect(facts(rows).servingSize).toBe("2.5 g");
  });

  it("takes the unit from a label like 'Serving Size (g):' and reads 'NA' as not printed", () => {
    const sized = page([
      [
        100,
        [
          ["Serving Size (g):", 60],
          ["2.0", 200],
        ],
      ],
    ]);
    expect(facts(sized).servingSize).toBe("2.0 g");
    const flower = page([
      [
        100,
        [
          ["Serving Size (g):", 60],
          ["NA", 200],
        ],
      ],
    ]);
    expect(facts(flower).servingSize).toBeNull();
  });

  it("reads servings per package from a label printed on two lines with its value between them", () => {
    const rows = page([
      [
        260,
        [
          ["Lab Metrc Id", 47],
          ["Servings", 318],
        ],
      ],
      [266, [["6", 440]]],
      [
        273,
        [
          ["Client Metrc Id", 47],
          ["Per package", 318],
        ],
      ],
    ]);
    expect(facts(rows).servingsPerPackage).toBe(6);
  });

  it("reads an amount per package written after a total, and gives it to that total only", () => {
    const rows = page([
      [
        185,
        [
          ["TOTAL THC:", 30],
          ["180.0 mg/g (18.00 %), 630.0 mg per package", 160],
        ],
      ],
      [
        196,
        [
          ["TOTAL CBD:", 30],
          ["ND", 160],
        ],
      ],
    ]);
    const read = facts(rows);
    expect(read.totals).toEqual([
      {
        basis: "package",
        key: "thc",
        measure: { value: 630, unit: "mg/package", qualifier: null, source: "printed" },
      },
    ]);
  });
});

describe("amounts read from the columns of a results table", () => {
  it("reads per-serving and per-package columns headed by one cell over both", () => {
    const rows = page([
      [
        330,
        [
          ["Per", 215],
          ["Per", 255],
        ],
      ],
      [
        340,
        [
          ["Analyte", 45],
          ["Results", 160],
          ["Serving Package", 208],
        ],
      ],
      [
        350,
        [
          ["mg/g", 140],
          ["%", 180],
          ["mg", 218],
          ["mg", 262],
        ],
      ],
      [
        362,
        [
          ["THCA", 45],
          ["6.120", 135],
          ["0.612", 175],
          ["12.240", 212],
          ["36.720", 256],
        ],
      ],
      [
        372,
        [
          ["Δ9 THC", 45],
          ["0.500", 135],
          ["0.050", 175],
          ["1.000", 212],
          ["3.000", 256],
        ],
      ],
    ]);
    const tables = readAnalyteTables(rows);
    expect(tables.cannabinoids.map((a) => [a.analyte, a.value, a.unit])).toEqual([
      ["thca", 0.612, "%"],
      ["d9_thc", 0.05, "%"],
    ]);
    expect(tables.amounts.serving.map((a) => [a.analyte, a.value, a.unit])).toEqual([
      ["thca", 12.24, "mg/serving"],
      ["d9_thc", 1, "mg/serving"],
    ]);
    expect(tables.amounts.package.map((a) => [a.analyte, a.value, a.unit])).toEqual([
      ["thca", 36.72, "mg/package"],
      ["d9_thc", 3, "mg/package"],
    ]);
  });

  it("reads rows whose limits are printed in scientific notation, under a header sharing its line with another table", () => {
    const cells = (texts: string[]): [string, number][] => {
      const xs = [40, 100, 140, 180, 220, 260, 330, 400];
      return texts.map((t, i): [string, number] => [t, xs[i] ?? 0]).filter(([t]) => t !== "");
    };
    const rows = page([
      [376, cells(["", "Dilution", "LOD", "LOQ", "Result"])],
      [387, cells(["Analyte", "(1:n)", "(%)", "(%)", "(mg/g)", "(%)", "18.250%", "640.100mg"])],
      [396, cells(["THCA", "150.000", "3.20E-5", "0.001", "198.400", "19.840"])],
      [403, cells(["Delta-9 THC", "150.000", "1.30E-5", "0.001", "8.100", "0.810"])],
      [410, cells(["CBGA", "150.000", "8.00E-5", "0.001", "6.300", "0.630"])],
      [417, cells(["CBD", "150.000", "5.40E-5", "0.001", "", "<LOQ"])],
    ]);
    expect(
      readAnalyteTables(rows).cannabinoids.map((a) => [a.analyte, a.value ?? a.qualifier, a.unit]),
    ).toEqual([
      ["thca", 19.84, "%"],
      ["d9_thc", 0.81, "%"],
      ["cbga", 0.63, "%"],
      ["cbd", "<LOQ", "%"],
    ]);
  });
});
