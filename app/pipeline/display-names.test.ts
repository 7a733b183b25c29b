import { describe, expect, it } from "vitest";
import { ANALYTE_KEYS } from "./analyte-dictionary";
import {
  analyteDisplayName,
  fieldDisplayName,
  hasAnalyteDisplayName,
  panelDisplayName,
} from "./display-names";
import { PANEL_KEYS } from "./lab-report";

describe("display names", () => {
  it("has a name for every analyte key the dictionary can give a row", () => {
    const keys = [...ANALYTE_KEYS.cannabinoid, ...ANALYTE_KEYS.terpene];
    expect(keys.filter((key) => !hasAnalyteDisplayName(key))).toEqual([]);
  });

  it("writes Greek prefixes, deltas and acids the way shops do, whatever the lab printed", () => {
    expect(analyteDisplayName("beta-myrcene", "BETA-MYRCENE")).toBe("β-Myrcene");
    expect(analyteDisplayName("d9_thc", "d9-THC")).toBe("Δ9-THC");
    expect(analyteDisplayName("thca", "THCA-A")).toBe("THCa");
  });

  it("reads an analyte the table does not know as its printed label", () => {
    expect(analyteDisplayName("cbe", "  CBE  ")).toBe("CBE");
  });

  it("names panels in sentence case, known or not", () => {
    for (const key of PANEL_KEYS) expect(panelDisplayName(key)).not.toMatch(/_|^[a-z]/);
    expect(panelDisplayName("vitamin_e_acetate")).toBe("Vitamin E acetate");
    expect(panelDisplayName("radon_screen")).toBe("Radon screen");
  });

  it("names the fields extraction was unsure of", () => {
    expect(fieldDisplayName("totals.thc")).toBe("Total THC");
    expect(fieldDisplayName("cannabinoids.thca")).toBe("THCa");
    expect(fieldDisplayName("lab.name")).toBe("Lab name");
  });
});
