import { describe, expect, it } from "vitest";
import type { LabReport } from "~/pipeline/lab-report";
import { resolveReviewItem } from "~/pipeline/resolve-review-item";
import type { ScannedPage } from "~/pipeline/scanned-pages";
import { readScan, scannedPage, type Line } from "./scanned-page-words";

/**
 * An edible's amounts per serving read by OCR: kept when the page prints the same fact another
 * way, otherwise withheld and offered to the merchant with the reading — never dropped unseen.
 */

function gummy(servingSize: string | null, rows: [string, string, string][]): ScannedPage {
  const lines: Line[] = [
    { y: 40, cells: [[40, "Certificate of Analysis"]] },
    { y: 60, cells: [[40, "Example Testing Laboratory"]] },
    {
      y: 80,
      cells: [
        [40, "Batch: GUM-2041"],
        [300, "Matrix: Edible"],
      ],
    },
    ...(servingSize ? [{ y: 90, cells: [[300, `Serving size: ${servingSize}`]] } as Line] : []),
    { y: 100, cells: [[40, "Cannabinoid Potency"]] },
    {
      y: 120,
      cells: [
        [40, "Analyte"],
        [200, "LOQ (mg/g)"],
        [300, "Conc. (mg/serving)"],
        [420, "Conc. (mg/g)"],
      ],
    },
    ...rows.map(([name, perServing, perGram], i): Line => ({
      y: 140 + 15 * i,
      cells: [
        [40, name],
        [200, "0.1"],
        [300, perServing],
        [420, perGram],
      ],
    })),
    {
      y: 400,
      cells: [
        [40, "Pesticides"],
        [300, "PASS"],
      ],
    },
  ];
  return scannedPage(1, lines);
}

const amount = (report: LabReport, key: string) =>
  report.perUnit?.amounts
    .find((a) => a.basis === "serving")
    ?.cannabinoids.find((a) => a.analyte === key) ?? null;
const waiting = (report: LabReport, field: string) =>
  report.review?.find((item) => item.field === field) ?? null;

describe("amounts per serving of a scanned COA", () => {
  it("keeps an amount the row's concentration gives for the printed serving mass", async () => {
    const report = await readScan([
      gummy("3.2 g", [
        ["Δ9-THC", "28.26", "8.83"],
        ["CBG", "0.54", "0.17"],
        ["CBD", "ND", "ND"],
      ]),
    ]);
    expect(amount(report, "d9_thc")).toMatchObject({ value: 28.26, unit: "mg/serving" });
    expect(amount(report, "cbg")).toMatchObject({ value: 0.54, unit: "mg/serving" });
    expect(amount(report, "cbd")).toMatchObject({ value: null, qualifier: "ND" });
    // The same three prints confirm the concentration and the serving size.
    expect(report.cannabinoids.find((a) => a.analyte === "d9_thc")).toMatchObject({
      value: 8.83,
      unit: "mg/g",
    });
    expect(report.perUnit?.servingSize).toBe("3.2 g");
    expect(waiting(report, "perUnit.serving.cannabinoids.d9_thc")).toBeNull();
  });

  it("offers an amount it cannot confirm for review, in its own unit, and takes the merchant's word", async () => {
    const report = await readScan([
      gummy(null, [
        ["Δ9-THC", "28.26", "8.83"],
        ["CBD", "ND", "ND"],
      ]),
    ]);
    expect(amount(report, "d9_thc")).toBeNull();
    expect(amount(report, "cbd")).toMatchObject({ qualifier: "ND" });
    const item = waiting(report, "perUnit.serving.cannabinoids.d9_thc");
    expect(item).toMatchObject({
      reading: "28.26",
      unit: "mg/serving",
      candidates: ["28.26"],
      reason: "ocr-unconfirmed",
    });
    const at = new Date("2026-01-05T10:00:00Z");
    const resolved = resolveReviewItem(report, "perUnit.serving.cannabinoids.d9_thc", {
      kind: "confirm",
      at,
    });
    if (!resolved.ok) throw new Error(resolved.message);
    expect(amount(resolved.report, "d9_thc")).toMatchObject({
      value: 28.26,
      unit: "mg/serving",
      source: "confirmed-by-merchant",
    });
    const concentration = resolveReviewItem(report, "perUnit.serving.cannabinoids.d9_thc", {
      kind: "correct",
      value: "28.26 %",
      at,
    });
    expect(concentration.ok).toBe(false);
  });

  it("withholds an amount the serving mass contradicts", async () => {
    const report = await readScan([
      gummy("3.2 g", [
        ["Δ9-THC", "28.26", "8.83"],
        ["CBG", "0.54", "0.17"],
        ["CBN", "0.86", "0.08"],
      ]),
    ]);
    expect(amount(report, "cbn")).toBeNull();
    expect(waiting(report, "perUnit.serving.cannabinoids.cbn")).toMatchObject({
      candidates: ["0.86"],
    });
  });
});
