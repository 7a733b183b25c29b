import { describe, expect, it } from "vitest";
import { warningText } from "./warning-text";

describe("warningText", () => {
  it("tells a merchant what a repaired text layer means and what to do", () => {
    expect(warningText("text-layer-repaired")).toMatch(/page images.*check the figures/i);
  });

  it("names the total a contradicted-total warning is about", () => {
    expect(warningText("total-cannabinoids-contradicted")).toContain("total cannabinoids");
  });

  it("shows an unknown code as its words", () => {
    expect(warningText("hemp-d8-thc-present")).toBe("Hemp d8 thc present");
  });
});
