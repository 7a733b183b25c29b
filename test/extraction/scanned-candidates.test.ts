import { describe, expect, it } from "vitest";
import { scanEvidence } from "~/pipeline/ocr-figures";
import { inverseTwin, otherColumn } from "~/pipeline/other-column";
import { withScannedPages, type ScannedPage } from "~/pipeline/scanned-pages";
import { scannedPage, type Line } from "./scanned-page-words";

/** What a withheld OCR figure is offered with: the reading, and what the row's other column says. */

function table(rows: Line["cells"][]): ScannedPage {
  return scannedPage(1, [
    { y: 40, cells: [[40, "Certificate of Analysis"]] },
    { y: 60, cells: [[40, "Example Testing Laboratory"]] },
    { y: 80, cells: [[40, "Batch: AB-1234"]] },
    {
      y: 120,
      cells: [
        [40, "Analyte"],
        [200, "Result (mg/g)"],
        [300, "Result (%)"],
      ],
    },
    ...rows.map((cells, i): Line => ({ y: 140 + 15 * i, cells })),
    {
      y: 400,
      cells: [
        [40, "Pesticides"],
        [300, "PASS"],
      ],
    },
  ]);
}

/** The place OCR read `value` beside `analyte`, and the evidence of the page. */
function sighting(page: ScannedPage, analyte: string, value: number) {
  const document = withScannedPages(
    { pageCount: 1, links: [], pages: [{ pageNumber: 1, width: 612, height: 792, items: [] }] },
    [page],
  );
  const evidence = scanEvidence(document, [page]);
  const found = evidence.sightings({ analyte }, value)[0];
  if (!found) throw new Error(`${value} was not read beside ${analyte}`);
  return { found, evidence };
}

describe("candidates offered for a scanned figure", () => {
  it("offers the figure a lost decimal stop hides, where the other column has its digits", () => {
    const page = table([
      [
        [40, "CBDa"],
        [200, "73"],
        [300, "0.73"],
      ],
    ]);
    const { found, evidence } = sighting(page, "cbda", 73);
    expect(otherColumn(found, "mg/g", evidence)).toBe("7.3");
  });

  it("offers nothing more beside a reading that has its stop, or other digits", () => {
    const page = table([
      [
        [40, "CBDa"],
        [200, "7.3"],
        [300, "73"],
      ],
      [
        [40, "CBG"],
        [200, "58"],
        [300, "0.61"],
      ],
    ]);
    const cbda = sighting(page, "cbda", 7.3);
    expect(otherColumn(cbda.found, "mg/g", cbda.evidence)).toBeNull();
    const cbg = sighting(page, "cbg", 58);
    expect(otherColumn(cbg.found, "mg/g", cbg.evidence)).toBeNull();
  });

  it("offers the other column's figure beside one that differs from it by a misread digit", () => {
    const page = table([
      [
        [40, "THCa"],
        [200, "23.45"],
        [300, "2.445"],
      ],
    ]);
    const { found, evidence } = sighting(page, "thca", 23.45);
    expect(otherColumn(found, "mg/g", evidence)).toBe("24.45");
  });

  it("finds the tenth of a figure read in %: the pair's % is the other one, and this the mg/g", () => {
    const page = table([
      [
        [40, "THCa"],
        [200, "11.006"],
        [300, "1.1006"],
      ],
    ]);
    const misread = sighting(page, "thca", 11.006);
    expect(inverseTwin(misread.found, "%", misread.evidence.wordsOn(misread.found.row))).toBe(
      "1.1006",
    );
    const right = sighting(page, "thca", 1.1006);
    expect(inverseTwin(right.found, "%", right.evidence.wordsOn(right.found.row))).toBeNull();
    expect(
      inverseTwin(misread.found, "mg/g", misread.evidence.wordsOn(misread.found.row)),
    ).toBeNull();
  });
});
