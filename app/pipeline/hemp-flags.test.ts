import { describe, expect, it } from "vitest";
import { hempFlags } from "./hemp-flags";
import { analyte, flowerReport, hempGummyReport, measure } from "../../test/writer-test-reports";

function hempFlower() {
  const report = flowerReport();
  report.totals.thc = measure(0.25);
  report.cannabinoids = [
    analyte("thca", "THCa", 0.1),
    analyte("d9_thc", "Δ9-THC", 0.2),
    analyte("d8_thc", "Δ8-THC", null, "%", "ND"),
  ];
  return report;
}

const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

describe("hemp flags", () => {
  it("stay quiet for hemp flower within every limit", () => {
    expect(hempFlags(hempFlower(), "hemp", "flower")).toEqual([]);
  });

  it("flag Δ9-THC above 0.3% dry weight, and read mg/g as tenths of a percent", () => {
    const report = hempFlower();
    report.cannabinoids[1] = analyte("d9_thc", "Δ9-THC", 3.4, "mg/g");
    expect(codes(hempFlags(report, "hemp", "flower"))).toContain("hemp-d9-thc-over-limit");
  });

  it("flag total THC over 0.3% computed as THCa × 0.877 + Δ9-THC when the lab's total is under", () => {
    const report = hempFlower();
    report.cannabinoids[0] = analyte("thca", "THCa", 18.2);
    const flags = hempFlags(report, "hemp", "flower");
    expect(codes(flags)).toEqual(["hemp-total-thc-over-limit"]);
    expect(flags[0]?.blocksAutoPublish).toBe(true);
  });

  it("flag Δ8-THC and Δ10-THC when quantified, not when ND", () => {
    const report = hempFlower();
    report.cannabinoids.push(analyte("d10_thc", "Δ10-THC", 0.05));
    expect(codes(hempFlags(report, "hemp", "flower"))).toEqual(["hemp-d10-thc-present"]);
  });

  it("flag a hemp consumable whose THC per unit already exceeds 0.4 mg per container", () => {
    expect(codes(hempFlags(hempGummyReport(), "hemp", "edibles"))).toEqual([
      "hemp-thc-per-container-over-limit",
      "hemp-d8-thc-present",
    ]);
  });

  it("ask to confirm the per-container THC of a consumable measured only in percent", () => {
    const report = hempFlower();
    expect(codes(hempFlags(report, "hemp", "tinctures"))).toEqual([
      "hemp-thc-per-container-unverified",
    ]);
  });

  it("never flag a marijuana product, whatever its THC", () => {
    expect(hempFlags(flowerReport(), "marijuana", "flower")).toEqual([]);
  });
});
