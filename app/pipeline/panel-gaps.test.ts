import { describe, expect, it } from "vitest";
import { readSafety } from "./safety-panels";
import type { Row } from "./text-layout";

const row = (...cells: [string, number][]): Row => ({
  page: 1,
  y: 0,
  height: 8,
  cells: cells.map(([text, x]) => ({ text, x, xEnd: x + 100 })),
  text: cells.map(([text]) => text).join("  "),
});

describe("a summary row that gives a panel NA as its verdict", () => {
  it("reads the panel as not tested when NA follows its name and ends the row", () => {
    const safety = readSafety([
      row(["License: C11-0000000-LIC", 30], ["Moisture Content", 240], ["NA", 540]),
      row(["Water Activity", 240], ["PASS", 540]),
    ]);
    expect(safety.panels).toEqual(
      expect.arrayContaining([
        { panel: "moisture", status: "not-tested" },
        { panel: "water_activity", status: "pass" },
      ]),
    );
  });

  it("reads no verdict from N/A in an analyte table's action-level column", () => {
    const safety = readSafety([
      row(["Moisture", 30], ["11.58 %", 103], ["0.0", 156], ["N/A", 265]),
    ]);
    expect(safety.panels.find((p) => p.panel === "moisture")).toBeUndefined();
  });
});
