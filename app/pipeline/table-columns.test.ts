import { describe, expect, it } from "vitest";
import { chooseValue, type Candidate } from "./table-columns";
import { parseValue } from "./value-parse";

const cell = (text: string, x: number): Candidate => ({
  parsed: parseValue(text)!,
  x,
  xEnd: x + 30,
});

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
