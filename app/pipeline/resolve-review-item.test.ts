import { describe, expect, it } from "vitest";
import { emptyLabReport, labReportSchema, type Analyte, type LabReport } from "./lab-report";
import { resolveReviewItem } from "./resolve-review-item";
import type { ReviewItem } from "./review-items";
import { reviewList, unresolvedReviewItems } from "./review-list";

const AT = new Date("2026-12-04T21:00:00.000Z");

const printed = (analyte: string, value: number): Analyte => ({
  analyte,
  label: analyte.toUpperCase(),
  value,
  unit: "%",
  qualifier: null,
  source: "printed",
});

function item(field: string, overrides: Partial<ReviewItem> = {}): ReviewItem {
  return {
    field,
    label: field,
    reading: "23.4",
    unit: "%",
    candidates: ["23.4", "28.4"],
    reason: "ocr-unconfirmed",
    confidence: 0.71,
    page: 1,
    box: { x: 0.6, y: 0.3, width: 0.08, height: 0.015 },
    resolution: null,
    ...overrides,
  };
}

/** A scanned report whose total THC and batch wait for the merchant. */
function scanned(build: (r: LabReport) => void = () => {}): LabReport {
  const report = emptyLabReport();
  report.cannabinoids = [printed("thca", 25.1), printed("d9_thc", 1.4)];
  report.review = [
    item("totals.thc"),
    item("sample.batch", { reading: "B-2041", unit: null, candidates: [] }),
  ];
  build(report);
  return report;
}

describe("resolving a value the merchant checked against the page", () => {
  it("a confirmed reading goes into its field as confirmed by the merchant, and the item keeps the decision", () => {
    const result = resolveReviewItem(scanned(), "totals.thc", { kind: "confirm", at: AT });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.totals.thc).toEqual({
      value: 23.4,
      unit: "%",
      qualifier: null,
      source: "confirmed-by-merchant",
    });
    expect(result.item.resolution).toEqual({
      value: "23.4 %",
      kind: "confirmed",
      decidedAt: AT.toISOString(),
    });
    expect(unresolvedReviewItems(result.report).map((i) => i.field)).toEqual(["sample.batch"]);
    // The stored contract still parses.
    expect(labReportSchema.parse(result.report).totals.thc?.source).toBe("confirmed-by-merchant");
  });

  it("a correction takes the merchant's value, in the unit they typed", () => {
    const result = resolveReviewItem(scanned(), "totals.thc", {
      kind: "correct",
      value: "234.1 mg/g",
      at: AT,
    });
    expect(result).toMatchObject({
      ok: true,
      item: { resolution: { kind: "corrected", value: "234.1 mg/g" } },
    });
    if (result.ok) expect(result.report.totals.thc).toMatchObject({ value: 234.1, unit: "mg/g" });
  });

  it("a corrected analyte not in the table is added with the item's label", () => {
    const report = scanned((r) => {
      r.review = [item("cannabinoids.cbg", { label: "CBG", reading: null, candidates: [] })];
    });
    const result = resolveReviewItem(report, "cannabinoids.cbg", {
      kind: "correct",
      value: "0.8",
      at: AT,
    });
    expect(result.ok && result.report.cannabinoids.at(-1)).toEqual({
      analyte: "cbg",
      label: "CBG",
      value: 0.8,
      unit: "%",
      qualifier: null,
      source: "confirmed-by-merchant",
    });
  });

  it("refuses a value the plausibility gate would withhold, and changes nothing", () => {
    const report = scanned();
    const before = structuredClone(report);
    const over100 = resolveReviewItem(report, "totals.thc", {
      kind: "correct",
      value: "234",
      at: AT,
    });
    expect(over100).toMatchObject({ ok: false, reason: "invalid-value" });
    expect(!over100.ok && over100.message).toMatch(/more than 100%/);

    // THCa 25.1 × 0.877 + Δ9-THC 1.4 ≈ 23.4; a total of 12.0 contradicts the printed parts.
    const contradicts = resolveReviewItem(report, "totals.thc", {
      kind: "correct",
      value: "12.0",
      at: AT,
    });
    expect(!contradicts.ok && contradicts.message).toMatch(/does not match its parts/);
    expect(report).toEqual(before);
  });

  it("refuses what is not a figure, a date or printed text", () => {
    const report = scanned((r) => {
      r.review?.push(item("sample.dateTested", { reading: "13/45/2026", unit: null }));
    });
    const attempts: [string, string][] = [
      ["totals.thc", "about twenty"],
      ["totals.thc", "23.4 mg/serving"],
      ["sample.batch", "<script>alert(1)</script>"],
      ["sample.batch", "x".repeat(201)],
      ["sample.dateTested", "13/45/2026"],
      ["sample.dateTested", "2031-01-01"],
    ];
    for (const [field, value] of attempts) {
      expect(
        resolveReviewItem(report, field, { kind: "correct", value, at: AT }),
        value,
      ).toMatchObject({ ok: false, reason: "invalid-value" });
    }
    expect(
      resolveReviewItem(report, "sample.dateTested", { kind: "confirm", at: AT }),
    ).toMatchObject({ ok: false, reason: "invalid-value" });
  });

  it("reads a corrected date as the lab prints it and stores it as ISO", () => {
    const report = scanned((r) => {
      r.review?.push(item("sample.dateTested", { reading: null, unit: null }));
    });
    const result = resolveReviewItem(report, "sample.dateTested", {
      kind: "correct",
      value: "03/14/2026",
      at: AT,
    });
    expect(result.ok && result.report.sample.dateTested).toBe("2026-03-14");
  });

  it("refuses a field with nothing to check, and a confirmation of nothing legible", () => {
    expect(
      resolveReviewItem(scanned(), "totals.cbd", { kind: "correct", value: "1.0", at: AT }),
    ).toMatchObject({ ok: false, reason: "unknown-field" });
    expect(
      resolveReviewItem(scanned(), "__proto__.polluted", { kind: "confirm", at: AT }),
    ).toMatchObject({ ok: false, reason: "unknown-field" });
    const illegible = scanned((r) => {
      r.review = [item("totals.thc", { reading: null })];
    });
    expect(resolveReviewItem(illegible, "totals.thc", { kind: "confirm", at: AT })).toMatchObject({
      ok: false,
      reason: "nothing-to-confirm",
    });
  });

  it("an uncertain field from another path is listed and, once checked, is no longer uncertain", () => {
    const report = scanned((r) => {
      r.review = [];
      r.lab.name = "SC Labs";
    });
    const uncertainFields = ["lab.name", "totals", "*", "perUnit.serving.totals.thc"];
    expect(reviewList(report, uncertainFields).map((i) => [i.field, i.reading, i.unit])).toEqual([
      ["lab.name", "SC Labs", null],
      // An amount per serving the gate withheld: the merchant types it, in its own unit.
      ["perUnit.serving.totals.thc", null, "mg/serving"],
    ]);

    const result = resolveReviewItem(
      report,
      "lab.name",
      { kind: "confirm", at: AT },
      { uncertainFields },
    );
    expect(result).toMatchObject({
      ok: true,
      uncertainFields: ["totals", "*", "perUnit.serving.totals.thc"],
      item: { field: "lab.name", reason: "uncertain", resolution: { kind: "confirmed" } },
    });
    expect(result.ok && result.report.review?.map((i) => i.field)).toEqual(["lab.name"]);
  });
});
