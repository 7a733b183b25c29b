import { describe, expect, it } from "vitest";
import { readAnalyteTables } from "./analyte-tables";
import { learnMangledGreek } from "./analyte-dictionary";
import { selectTotals } from "./coa-totals";
import type { PdfTextItem } from "./pdf-document";
import { buildRows } from "./text-layout";
import { parseValue } from "./value-parse";

/**
 * A page from lines of runs: [text, x, size, rise] on a baseline; 8 pt type by default, about
 * 4.5 pt per character; a rise lifts a run above the baseline (a superscript).
 */
function page(
  lines: [number, [string, number, number?, number?][]][],
): ReturnType<typeof buildRows> {
  const items: PdfTextItem[] = lines.flatMap(([y, runs]) =>
    runs.map(([str, x, height = 8, rise = 0]) => ({
      str,
      x,
      y: y - rise,
      width: str.length * 4.5,
      height,
    })),
  );
  return buildRows({
    pageCount: 1,
    links: [],
    pages: [{ pageNumber: 1, width: 612, height: 792, items }],
  });
}

describe("readAnalyteTables", () => {
  it("reads no analyte from a label with an unreadable glyph, rather than a shorter name", () => {
    const rows = page([
      [
        110,
        [
          ["Analyte", 40],
          ["Result (%)", 150],
        ],
      ],
      [
        122,
        [
          ["CBD\uFFFD", 40],
          ["0.4994", 150],
        ],
      ],
    ]);
    expect(readAnalyteTables(rows).cannabinoids).toEqual([]);
  });

  it("takes only a qualifier, never a number, from a column whose unit is printed nowhere, when units must be printed", () => {
    const rows = page([
      [
        110,
        [
          ["Analyte", 40],
          ["Result", 150],
        ],
      ],
      [
        122,
        [
          ["THCa", 40],
          ["25.91", 150],
        ],
      ],
      [
        134,
        [
          ["CBD", 40],
          ["ND", 150],
        ],
      ],
    ]);
    const strict = readAnalyteTables(rows, { unitsMustBePrinted: true }).cannabinoids;
    expect(strict.find((a) => a.analyte === "thca")).toBeUndefined();
    expect(strict.find((a) => a.analyte === "cbd")).toMatchObject({ qualifier: "ND" });
    // Read as usual, the first value cell of an intact table is its result.
    const usual = readAnalyteTables(rows).cannabinoids;
    expect(usual.find((a) => a.analyte === "thca")).toMatchObject({ value: 25.91 });
  });

  it("takes no value from a column whose header has unreadable glyphs", () => {
    // A repaired text layer: the LOQ header lost its glyphs, the unit line above names mg/g.
    const rows = page([
      [
        96,
        [
          ["UNIT OF MEASUREMENT:", 40],
          ["Milligrams per Gram(mg/g)", 150],
        ],
      ],
      [
        110,
        [
          ["ANALYTE", 40],
          ["RESULT", 100],
          ["LOD", 170],
          ["\uFFFDO\uFFFD", 220],
        ],
      ],
      [
        122,
        [
          ["Borneol", 40],
          ["ND", 100],
          ["1.000", 170],
          ["2.500", 220],
        ],
      ],
    ]);
    const borneol = readAnalyteTables(rows).terpenes.find((a) => a.analyte === "borneol");
    expect(borneol).toMatchObject({ value: null, qualifier: "ND" });
  });

  it("takes the result column, not the LOD column, when prose sits above the header", () => {
    const rows = page([
      [90, [["Terpenes were measured using a gas chromatograph with mass spectrometry.", 40]]],
      [
        110,
        [
          ["Terpenes", 40],
          ["LOD (%)", 150],
          ["Result (%)", 230],
        ],
      ],
      [
        122,
        [
          ["beta-Myrcene", 40],
          ["0.0006", 152],
          ["1.2318", 234],
        ],
      ],
      [
        134,
        [
          ["Limonene", 40],
          ["0.0005", 152],
          ["0.1792", 234],
        ],
      ],
      [
        146,
        [
          ["Total Terpenes", 40],
          ["-", 160],
          ["2.6044", 234],
        ],
      ],
    ]);
    const tables = readAnalyteTables(rows);
    expect(tables.terpenes.map((t) => [t.analyte, t.value, t.unit])).toEqual([
      ["beta-myrcene", 1.2318, "%"],
      ["limonene", 0.1792, "%"],
    ]);
    expect(selectTotals(rows, tables.totals).terpenes).toMatchObject({ value: 2.6044, unit: "%" });
  });

  it("gives each column under a header cell naming two units the unit above it", () => {
    const rows = page([
      [
        110,
        [
          ["Terpenes", 40],
          ["LOD", 120],
          ["mg/unit %", 160],
        ],
      ],
      [
        122,
        [
          ["BETA-MYRCENE", 40],
          ["0.007", 120],
          ["23.17", 160],
          ["0.662", 195],
        ],
      ],
      [
        134,
        [
          ["LINALOOL", 40],
          ["0.007", 120],
          ["0.875", 160],
          ["0.025", 195],
        ],
      ],
    ]);
    const myrcene = readAnalyteTables(rows).terpenes.find((t) => t.analyte === "beta-myrcene");
    expect(myrcene).toMatchObject({ value: 0.662, unit: "%" });
  });

  it("reads a table laid out across the page, skipping its LOD row", () => {
    const rows = page([
      [
        100,
        [
          ["D9-THC", 60],
          ["THCA", 100],
          ["CBD", 140],
          ["CBG", 180],
        ],
      ],
      [
        110,
        [
          ["%", 20],
          ["0.627", 60],
          ["21.459", 100],
          ["ND", 140],
          ["0.098", 180],
        ],
      ],
      [
        120,
        [
          ["mg/unit", 20],
          ["21.945", 60],
          ["751.065", 100],
          ["ND", 140],
          ["3.43", 180],
        ],
      ],
      [
        130,
        [
          ["LOD", 20],
          ["0.001", 60],
          ["0.001", 100],
          ["0.001", 140],
          ["0.001", 180],
        ],
      ],
    ]);
    const found = readAnalyteTables(rows).cannabinoids.map((a) => [
      a.analyte,
      a.value ?? a.qualifier,
      a.unit,
    ]);
    expect(found).toEqual([
      ["d9_thc", 0.627, "%"],
      ["thca", 21.459, "%"],
      ["cbd", "ND", "%"],
      ["cbg", 0.098, "%"],
    ]);
  });

  it("drops a raised footnote marker but keeps the raised digit of a delta", () => {
    const rows = page([
      [
        100,
        [
          ["Analyte", 20],
          ["%", 120],
        ],
      ],
      [
        112,
        [
          ["\u0394", 20],
          ["9", 24.5, 6, 1.2],
          ["-THC", 30],
          ["0.51", 120],
        ],
      ],
      [
        124,
        [
          ["total terpenes", 20],
          ["3", 86, 6, 1.2],
          ["3.7", 120],
        ],
      ],
    ]);
    const tables = readAnalyteTables(rows);
    expect(tables.cannabinoids[0]).toMatchObject({ analyte: "d9_thc", value: 0.51 });
    expect(selectTotals(rows, tables.totals).terpenes).toMatchObject({ value: 3.7 });
  });
});

describe("readAnalyteTables on names that run over or carry numbers", () => {
  it("reads no result from an isomer number printed after a name", () => {
    const rows = page([
      [
        100,
        [
          ["Terpene", 20],
          ["%", 120],
        ],
      ],
      [
        112,
        [
          ["Nerolidol 1", 20],
          ["ND", 120],
        ],
      ],
      [
        124,
        [
          ["Nerolidol 2", 20],
          ["0.0487", 120],
        ],
      ],
    ]);
    expect(readAnalyteTables(rows).terpenes.filter((t) => t.value !== null)).toEqual([]);
  });

  it("keeps the column header across a name wrapped onto a second line", () => {
    const rows = page([
      [
        40,
        [
          ["Compound", 20],
          ["(mg/g)", 120],
          ["(%)", 170],
        ],
      ],
      [
        52,
        [
          ["Limonene", 20],
          ["4.896", 120],
          ["0.4896", 170],
        ],
      ],
      [
        64,
        [
          ["Myrcene", 20],
          ["2.026", 120],
          ["0.2026", 170],
        ],
      ],
      [
        76,
        [
          ["Linalool", 20],
          ["0.482", 120],
          ["0.0482", 170],
        ],
      ],
      [
        88,
        [
          ["Fenchol", 20],
          ["0.694", 120],
          ["0.0694", 170],
        ],
      ],
      [
        100,
        [
          ["Caryophyllene", 20],
          ["0.342", 120],
          ["0.0342", 170],
        ],
      ],
      [108, [["Oxide", 20]]],
      [
        118,
        [
          ["Nerolidol", 20],
          ["0.272", 120],
          ["0.0272", 170],
        ],
      ],
    ]);
    const nerolidol = readAnalyteTables(rows).terpenes.find((t) => t.analyte === "nerolidol");
    expect(nerolidol).toMatchObject({ value: 0.0272, unit: "%" });
  });
});

describe("selectTotals on tiles", () => {
  it("prefers the percentage when a tile prints it beside an amount in mg", () => {
    const rows = page([
      [
        100,
        [
          ["Total THC", 160],
          ["Total CBD", 300],
        ],
      ],
      [
        112,
        [
          ["88.130%", 130],
          ["945.930mg", 190],
          ["None Detected", 300],
        ],
      ],
    ]);
    const totals = selectTotals(rows, readAnalyteTables(rows).totals);
    expect(totals.thc).toMatchObject({ value: 88.13, unit: "%", source: "printed" });
    expect(totals.cbd).toMatchObject({ qualifier: "ND", source: "printed" });
  });

  it("takes the unit printed on its own line between the number and the label", () => {
    const rows = page([
      [100, [["47.0696", 160]]],
      [112, [["mg/serving", 155]]],
      [124, [["Total Cannabinoids", 150]]],
    ]);
    const totals = selectTotals(rows, readAnalyteTables(rows).totals);
    expect(totals.cannabinoids).toMatchObject({ value: 47.0696, unit: "mg/serving" });
  });
});

describe("learnMangledGreek", () => {
  it("spells a stray prefix out once a name with one Greek reading shows which letter it is", () => {
    const relabel = learnMangledGreek([
      "s-Myrcene",
      "\u017e-Humulene",
      "s-Pinene",
      "\u017e-Pinene",
    ]);
    expect(relabel("s-Pinene")).toBe("beta-Pinene");
    expect(relabel("\u017e-Pinene")).toBe("alpha-Pinene");
  });

  it("leaves a prefix alone when the document gives it two readings", () => {
    const relabel = learnMangledGreek(["s-Myrcene", "s-Humulene", "s-Pinene"]);
    expect(relabel("s-Pinene")).toBe("s-Pinene");
  });
});

describe("parseValue", () => {
  it("reads letter-spaced results", () => {
    expect(parseValue("N D")).toMatchObject({ qualifier: "ND" });
    expect(parseValue("1 . 6 5 2 4 0 %")).toMatchObject({ value: 1.6524, unit: "%" });
  });

  it("reads no result from a total's formula, where 0.877 follows an acid's name", () => {
    const rows = page([
      [
        100,
        [
          ["Total Δ9-THC", 40],
          ["Δ9-THCA", 120],
          ["0.877", 170],
          ["Δ9-THC; Total CBD", 210],
          ["CBDA", 320],
          ["0.877", 350],
          ["CBD;", 390],
        ],
      ],
      [
        110,
        [
          ["*Total THC", 40],
          ["THCA-A", 120],
          ["0.877", 170],
          ["Delta", 210],
        ],
      ],
      [
        120,
        [
          ["THCV", 40],
          ["0.877", 200],
          ["8.77", 260],
        ],
      ],
    ]);
    const { cannabinoids } = readAnalyteTables(rows);
    expect(cannabinoids.find((a) => a.analyte === "thca")).toBeUndefined();
    expect(cannabinoids.find((a) => a.analyte === "cbda")).toBeUndefined();
    // A result of 0.877 in a table row is a result like any other.
    expect(cannabinoids.find((a) => a.analyte === "thcv")).toMatchObject({ value: 0.877 });
  });
});
