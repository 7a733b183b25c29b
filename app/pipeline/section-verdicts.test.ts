import { describe, expect, it } from "vitest";
import { readSafety } from "./safety-panels";
import type { Row } from "./text-layout";

let y = 0;
const row = (...cells: [string, number][]): Row => ({
  page: 1,
  y: (y += 7),
  height: 4,
  cells: cells.map(([text, x]) => ({ text, x, xEnd: x + 16 })),
  text: cells.map(([text]) => text).join("  "),
});

/** A potency section laid out as Sonoma Lab Works prints it: the verdict only in the column. */
function potencySection(verdicts: string[]): Row[] {
  return [
    row(["Potency Test Result", 50], ["Flower (Unpacked)", 194]),
    row(["SOP: [SLW-CC] Method: HPLC", 49], ["Date Tested: 7/8/2021", 117]),
    row(["Target Analyte", 50], ["% Test", 118], ["mg/g", 149], ["Pass/Fail", 233]),
    ...verdicts.map((verdict, i) => row([`Analyte ${i}`, 50], ["0.10", 120], [verdict, 238])),
    row([
      "*All cannabinoid results calculated in accordance with 5724. of CA Code of Regulations",
      50,
    ]),
  ];
}

const cannabinoids = (rows: Row[]) =>
  readSafety(rows).panels.find((p) => p.panel === "cannabinoids")?.status ?? null;

describe("a section judged only in its Pass/Fail column", () => {
  it("passes when the column holds a pass among rows the lab did not judge", () => {
    expect(cannabinoids(potencySection(["N/A", "N/A", "Pass", "N/A"]))).toBe("pass");
  });

  it("fails when any row in the column fails", () => {
    expect(cannabinoids(potencySection(["Pass", "Fail", "N/A"]))).toBe("fail");
  });

  it("gives no verdict when no row was judged", () => {
    expect(cannabinoids(potencySection(["N/A", "N/A"]))).toBeNull();
  });

  it("gives no verdict when the column holds something other than a verdict", () => {
    expect(cannabinoids(potencySection(["Pass", "California Limit", "N/A"]))).toBeNull();
  });
});
