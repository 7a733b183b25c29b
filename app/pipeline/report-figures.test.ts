import { describe, expect, it } from "vitest";
import type { Measure } from "./lab-report";
import { amountFigure, findFigures, formatForCopy, isReportFigure } from "./report-figures";

const printed = [{ value: 6.8059, unit: "mg/serving" }];

function accepted(copy: string, figures = printed): boolean {
  const [figure] = findFigures(copy);
  if (!figure) throw new Error(`no figure in ${copy}`);
  return isReportFigure(figure, figures);
}

function amount(value: number, unit = "mg/serving"): Measure {
  return { value, unit, qualifier: null, source: "printed" };
}

describe("a figure in copy against the report's figures", () => {
  it.each(["6.8059 mg", "6.81 mg", "6.8 mg", "6.806 mg per serving", "6.81 mg/serving"])(
    "accepts %j for a printed 6.8059 mg/serving: the value, or it rounded to the copy's precision",
    (copy) => {
      expect(accepted(copy)).toBe(true);
    },
  );

  it.each([
    ["rounded the wrong way", "6.9 mg"],
    ["off by a digit", "7.81 mg"],
    ["cut instead of rounded", "6.80 mg"],
    ["with more digits than printed", "6.80591 mg"],
    ["to a single significant digit", "7 mg"],
    ["in another unit", "6.81%"],
  ])("refuses a figure %s (%j)", (_how, copy) => {
    expect(accepted(copy)).toBe(false);
  });

  it("refuses an invented figure and a printed one rounded to tens", () => {
    expect(accepted("12.5 mg")).toBe(false);
    expect(accepted("140 mg", [{ value: 136.117, unit: "mg/package" }])).toBe(false);
    expect(accepted("136 mg", [{ value: 136.117, unit: "mg/package" }])).toBe(true);
  });

  it("rounds half up as the figure is written, not as binary stores it", () => {
    // 1.005 is stored just below itself: toFixed(2) says 1.00, a person says 1.01.
    expect(accepted("1.01 mg", [{ value: 1.005, unit: "mg" }])).toBe(true);
    expect(accepted("1.00 mg", [{ value: 1.005, unit: "mg" }])).toBe(false);
    expect(amountFigure(1.005)).toBe("1.01");
  });

  it("keeps a figure as printed when asked to, rounded or not", () => {
    const [rounded] = findFigures("6.81 mg");
    expect(rounded && isReportFigure(rounded, printed, "as-printed")).toBe(false);
  });
});

describe("figures as a description states them", () => {
  it("states an amount at three significant figures, a concentration as printed", () => {
    expect(formatForCopy(amount(6.8059))).toBe("6.81 mg/serving");
    expect(formatForCopy(amount(136.117, "mg/package"))).toBe("136 mg/package");
    expect(formatForCopy(amount(2.5, "mg/unit"))).toBe("2.5 mg/unit");
    expect(formatForCopy(amount(0.9723, "mg/g"))).toBe("0.9723 mg/g");
    expect(
      formatForCopy({ value: null, unit: "mg/serving", qualifier: "ND", source: "printed" }),
    ).toBe("ND");
  });
});
