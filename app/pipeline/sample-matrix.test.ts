import { describe, expect, it } from "vitest";
import { readSample } from "./coa-fields";
import type { PdfTextItem } from "./pdf-document";
import { buildRows } from "./text-layout";

/** Rows of a one-page report: each line is a list of [x, text] cells. */
function rows(lines: [number, string][][]): ReturnType<typeof buildRows> {
  const items: PdfTextItem[] = lines.flatMap((cells, i) =>
    cells.map(([x, str]) => ({ str, x, y: 60 + i * 14, width: str.length * 4.5, height: 8 })),
  );
  return buildRows({
    pageCount: 1,
    links: [],
    pages: [{ pageNumber: 1, width: 612, height: 792, items }],
  });
}

describe("the sample's matrix", () => {
  it("is not a section heading that starts with a label word", () => {
    const sample = readSample(
      rows([
        [[40, "SAMPLE NAME: Cherry Punch 1/2 oz."]],
        [[40, "CATEGORY 1 PESTICIDE TEST RESULTS - 11/17/2021"]],
      ]),
    );
    expect(sample.matrix).toBeNull();
  });

  it("is read unlabelled where a lab prints the form as a line of its own", () => {
    const sample = readSample(
      rows([[[40, "SAMPLE NAME: Cherry Punch 1/2 oz."]], [[40, "Flower, Inhalable"]]]),
    );
    expect(sample.matrix).toBe("Flower, Inhalable");
  });

  it("is the value under its label, not the next label of a header row", () => {
    const sample = readSample(
      rows([
        [
          [40, "Type:"],
          [120, "QA #:"],
          [220, "Date of Testing:"],
        ],
        [
          [40, "Flower"],
          [120, "13232582566688421"],
          [220, "2022-10-17"],
        ],
      ]),
    );
    expect(sample.matrix).toBe("Flower");
  });

  it("prefers the matrix to a sample type, and reads a two-word label whole", () => {
    const both = readSample(
      rows([
        [
          [40, "Sample Type:"],
          [140, "Inhalable"],
        ],
        [
          [40, "Sample Matrix:"],
          [140, "Flower (Unpacked)"],
        ],
      ]),
    );
    expect(both.matrix).toBe("Flower (Unpacked)");
    const twoWords = readSample(
      rows([
        [
          [40, "Matrix Type"],
          [140, "Pre-Rolls (Inhaled)"],
        ],
      ]),
    );
    expect(twoWords.matrix).toBe("Pre-Rolls (Inhaled)");
  });
});
