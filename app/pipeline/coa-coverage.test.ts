import { describe, expect, it } from "vitest";
import { coaCoverage, currentReports, type PublishedReportFacts } from "./coa-coverage";
import { DEFAULT_FRESHNESS_POLICY } from "./coa-freshness";

const NOW = new Date("2026-12-04T09:00:00Z");

function report(
  id: string,
  productId: string,
  dateTested: string | null,
  options: { variantIds?: string[]; publishedAt?: string } = {},
): PublishedReportFacts {
  return {
    id,
    productId,
    variantIds: options.variantIds ?? [],
    batch: `B-${id}`,
    publishedAt: new Date(options.publishedAt ?? "2026-01-01T00:00:00Z"),
    dateTested,
  };
}

const single = (productId: string, title: string) => ({
  productId,
  productTitle: title,
  variantId: `${productId}-v`,
  variantTitle: "Default Title",
  onlyDefaultVariant: true,
});

describe("COA coverage of the products on sale", () => {
  it("names each product with no COA, a stale one or one about to become stale, worst first", () => {
    const coverage = coaCoverage(
      [
        single("p-fresh", "Fresh Flower"),
        single("p-none", "Bare Gummies"),
        single("p-stale", "Old Tincture"),
        single("p-soon", "Nearly Old Vape"),
        single("p-undated", "Mystery Pre-roll"),
      ],
      [
        report("r1", "p-fresh", "2026-10-01"),
        report("r2", "p-stale", "2025-11-20"),
        report("r3", "p-soon", "2025-12-20"),
        report("r4", "p-undated", null),
      ],
      DEFAULT_FRESHNESS_POLICY,
      NOW,
    );
    expect(coverage.rows.map((r) => [r.productTitle, r.state, r.variantTitle])).toEqual([
      ["Old Tincture", "stale", null],
      ["Bare Gummies", "missing", null],
      ["Nearly Old Vape", "soon-stale", null],
      ["Mystery Pre-roll", "undated", null],
    ]);
    expect(coverage.rows[0]?.report).toMatchObject({ id: "r2", staleOn: "2026-11-20" });
    expect(coverage.rows[2]?.report).toMatchObject({ staleOn: "2026-12-20", daysLeft: 16 });
    expect(coverage.counts).toEqual({
      fresh: 1,
      missing: 1,
      stale: 1,
      "soon-stale": 1,
      undated: 1,
    });
  });

  it("shows a variant its own newest COA, else the product's, and lists only the variants that need one", () => {
    const variants = ["1 g", "3.5 g", "7 g"].map((title, i) => ({
      productId: "p",
      productTitle: "Cherry Punch",
      variantId: `v${i}`,
      variantTitle: title,
      onlyDefaultVariant: false,
    }));
    const coverage = coaCoverage(
      variants,
      [
        report("whole-old", "p", "2025-06-01", { publishedAt: "2025-06-10T00:00:00Z" }),
        report("v1-new", "p", "2026-09-01", {
          variantIds: ["v1"],
          publishedAt: "2026-09-10T00:00:00Z",
        }),
      ],
      DEFAULT_FRESHNESS_POLICY,
      NOW,
    );
    expect(coverage.rows.map((r) => [r.variantTitle, r.state, r.report?.id])).toEqual([
      ["1 g", "stale", "whole-old"],
      ["7 g", "stale", "whole-old"],
    ]);
  });

  it("collapses a product whose variants all lack a COA into one row", () => {
    const coverage = coaCoverage(
      ["S", "M"].map((title) => ({
        productId: "p",
        productTitle: "Tee",
        variantId: title,
        variantTitle: title,
        onlyDefaultVariant: false,
      })),
      [],
      DEFAULT_FRESHNESS_POLICY,
      NOW,
    );
    expect(coverage.rows).toEqual([
      {
        productId: "p",
        productTitle: "Tee",
        variantId: null,
        variantTitle: null,
        state: "missing",
        report: null,
      },
    ]);
  });

  it("counts as current only the newest report of each product and variant", () => {
    const ids = currentReports([
      report("old", "p", "2025-01-01", { publishedAt: "2025-01-02T00:00:00Z" }),
      report("new", "p", "2026-01-01", { publishedAt: "2026-01-02T00:00:00Z" }),
      report("variant", "p", "2024-01-01", {
        variantIds: ["v"],
        publishedAt: "2024-01-02T00:00:00Z",
      }),
    ]).map((r) => r.id);
    expect(ids.sort()).toEqual(["new", "variant"]);
  });
});
