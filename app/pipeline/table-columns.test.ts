import { describe, expect, it } from "vitest";
import { chooseValue, type Candidate } from "./table-columns";
import { parseValue } from "./value-parse";

const cell = (text: string, x: number): Candidate => ({
  parsed: parseValue(text)!,
  x,
  xEnd: x + 30,
});

/** Words read by OCR, which may lose a decimal stop. */
const OCR = { stopsMayBeLost: true };

describe("choosing a result column by the % and mg/g cross-check", () => {
  it("takes the % value that its mg/g column confirms (× 10)", () => {
    const chosen = chooseValue(null, [cell("21.33%", 100), cell("213.3 mg/g", 150)], null);
    expect(chosen).toMatchObject({ parsed: { value: 21.33 }, unit: "%" });
  });

  it("skips a % column the mg/g column contradicts for another that agrees", () => {
    const chosen = chooseValue(
      null,
      [cell("0.05%", 100), cell("1.24%", 150), cell("12.4 mg/g", 200)],
      null,
    );
    expect(chosen).toMatchObject({ parsed: { value: 1.24 }, unit: "%" });
  });

  it("takes nothing when no % value agrees with the mg/g value of its row", () => {
    expect(chooseValue(null, [cell("2.18%", 100), cell("12.4 mg/g", 150)], null)).toBeNull();
  });

  it("takes, from words read by OCR, the % whose mg/g lost its stop, and nothing else", () => {
    const lost = [cell("2.384%", 100), cell("23840 mg/g", 150)];
    expect(chooseValue(null, lost, null)).toBeNull();
    expect(chooseValue(null, lost, null, OCR)).toMatchObject({
      parsed: { value: 2.384 },
      unit: "%",
    });
    expect(chooseValue(null, [cell("0.71%", 100), cell("71 mg/g", 150)], null, OCR)).toMatchObject({
      parsed: { value: 0.71 },
      unit: "%",
    });
    // A % without its stop, other digits, or both figures with their stops: no result.
    for (const pair of [
      ["245%", "24.5 mg/g"],
      ["2.18%", "1240 mg/g"],
      ["2.18%", "22.9 mg/g"],
    ]) {
      const [percent, perGram] = pair as [string, string];
      expect(chooseValue(null, [cell(percent, 100), cell(perGram, 150)], null, OCR)).toBeNull();
    }
  });

  it("takes, from words read by OCR, a column naming no unit for the % of an mg/g without its stop", () => {
    const row = [cell("0.51", 100), cell("51 mg/g", 150)];
    expect(chooseValue(null, row, null)).toMatchObject({ parsed: { value: 51 }, unit: "mg/g" });
    expect(chooseValue(null, row, null, OCR)).toMatchObject({
      parsed: { value: 0.51 },
      unit: "%",
    });
    // Ten times apart, or other digits, or an mg/g with its stop: the mg/g as printed.
    for (const [other, perGram] of [
      ["0.5", "5 mg/g"],
      ["0.52", "51 mg/g"],
      ["0.51", "5.1 mg/g"],
    ] as const) {
      expect(chooseValue(null, [cell(other, 100), cell(perGram, 150)], null, OCR)).toMatchObject({
        unit: "mg/g",
      });
    }
  });

  it("takes, from words read by OCR, two columns naming no unit over an amount per serving", () => {
    const row = [cell("8.804", 100), cell("0.880", 150), cell("8.804 mg/serving", 200)];
    expect(chooseValue(null, row, null)).toMatchObject({ unit: "mg/serving" });
    expect(chooseValue(null, row, null, OCR)).toMatchObject({
      parsed: { value: 0.88 },
      unit: "%",
    });
    const nd = [cell("ND", 100), cell("ND", 150), cell("1.2 mg/serving", 200)];
    expect(chooseValue(null, nd, null, OCR)).toMatchObject({
      parsed: { qualifier: "ND" },
      unit: "%",
    });
    // Not ten times apart: the amount per serving, as without OCR.
    const apart = [cell("8.804", 100), cell("0.980", 150), cell("8.804 mg/serving", 200)];
    expect(chooseValue(null, apart, null, OCR)).toMatchObject({ unit: "mg/serving" });
  });

  it("takes the smaller of two unitless values ten times apart as the %, whichever comes first", () => {
    // No header names a unit (a scan's header lost): mg/g, then %.
    const chosen = chooseValue(
      null,
      [cell("0.008", 60), cell("0.272", 100), cell("0.0272", 150)],
      null,
    );
    expect(chosen).toMatchObject({ parsed: { value: 0.0272 }, unit: "%" });
    const flipped = chooseValue(null, [cell("0.0272", 100), cell("0.272", 150)], null);
    expect(flipped).toMatchObject({ parsed: { value: 0.0272 }, unit: "%" });
  });
});
