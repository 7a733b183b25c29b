import { describe, expect, it } from "vitest";
import { productCategory, productFactsSchema, productKind } from "./product-category";
import { flowerReport, hempGummyReport } from "../../test/writer-test-reports";

const product = (title: string, extra: Record<string, unknown> = {}) =>
  productFactsSchema.parse({ title, ...extra });

describe("the product category", () => {
  it.each([
    ["Orchard Haze 3.5g", { productType: "Flower" }, "flower"],
    ["Orchard Haze Pre-Roll 5-pack", {}, "pre-rolls"],
    ["Orchard Haze Live Resin Cart", {}, "vapes"],
    ["Orchard Haze Badder", {}, "concentrates"],
    ["Watermelon Gummies", {}, "edibles"],
    ["Calm Drops 30ml", { productType: "Tincture" }, "tinctures"],
    ["Cooling Balm", {}, "topicals"],
    ["Sparkling Lemon Seltzer", {}, "beverages"],
  ])("reads %j as %s", (title, extra, category) => {
    expect(productCategory(product(title, extra), flowerReport())).toBe(category);
  });

  it("falls back to the lab's matrix when the product's words say nothing", () => {
    expect(productCategory(product("Orchard Haze"), flowerReport())).toBe("flower");
    expect(productCategory(product("Citrus"), hempGummyReport())).toBe("edibles");
  });

  it("reads a COA that prints amounts per serving as an edible's when no words name the form", () => {
    const report = hempGummyReport();
    report.sample.matrix = null;
    report.sample.productName = null;
    report.basis = "as-received";
    const amounts = report.perUnit?.amounts[0];
    if (!amounts) throw new Error("the gummy report has amounts");
    expect(productCategory(product("Citrus"), report)).toBe("other");
    amounts.basis = "serving";
    expect(productCategory(product("Citrus"), report)).toBe("edibles");
  });
});

describe("hemp or marijuana", () => {
  it("is hemp when the product or the report says hemp, or a CBD product never says cannabis", () => {
    expect(productKind(product("Citrus"), hempGummyReport())).toBe("hemp");
    expect(productKind(product("CBD Tincture"), flowerReport())).toBe("hemp");
    expect(productKind(product("CBD Tincture", { tags: ["cannabis"] }), flowerReport())).toBe(
      "marijuana",
    );
  });

  it("is marijuana by default, and the merchant's choice always wins", () => {
    expect(productKind(product("Orchard Haze"), flowerReport())).toBe("marijuana");
    expect(productKind(product("Orchard Haze", { kind: "hemp" }), flowerReport())).toBe("hemp");
  });
});
