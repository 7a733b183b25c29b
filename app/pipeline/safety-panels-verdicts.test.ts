import { describe, expect, it } from "vitest";
import { readSafety } from "./safety-panels";
import type { Row } from "./text-layout";

const row = (y: number, ...cells: [text: string, x: number, width: number][]): Row => ({
  page: 1,
  y,
  height: 8,
  cells: cells.map(([text, x, width]) => ({ text, x, xEnd: x + width })),
  text: cells.map(([text]) => text).join("  "),
});

describe("safety tiles whose name wraps onto the next tile's verdict row", () => {
  // Three tiles side by side: a wrapped name on the left, whose second line a scan's rows join to
  // the middle tile's verdict; the left tile's own verdict just below.
  const tiles = [
    row(
      645,
      ["FILTH & FOREIGN MATERIAL", 48, 95],
      ["HOMOGENEITY", 186, 50],
      ["MYCOTOXIN", 295, 55],
    ),
    row(655, ["ANALYSIS", 70, 40], ["NOT TESTED", 176, 70], ["PASS", 314, 25]),
    row(664, ["PASS", 76, 25]),
  ];

  it("gives the wrapped name the verdict below it, not the next tile's beside its second line", () => {
    const safety = readSafety(tiles);
    expect(safety.panels).toEqual(
      expect.arrayContaining([
        { panel: "foreign_matter", status: "pass" },
        { panel: "mycotoxins", status: "pass" },
      ]),
    );
  });
});

describe("a panel found tested in one place and judged in another", () => {
  it("takes the verdict over 'tested', whichever is read first", () => {
    const safety = readSafety([
      row(509, ["Water Activity", 37, 60]),
      row(
        583,
        ["Water Activity", 40, 60],
        ["0.447", 242, 20],
        ["0.65", 369, 20],
        ["Tested", 485, 30],
      ),
      row(606, ["Water Activity", 125, 60]),
      row(617, ["All Results", 80, 45], ["Pass", 215, 20]),
    ]);
    expect(safety.panels).toContainEqual({ panel: "water_activity", status: "pass" });
  });
});
