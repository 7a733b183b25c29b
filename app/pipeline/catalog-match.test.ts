import { describe, expect, it } from "vitest";
import { matchCoaToCatalog, type CatalogEntry } from "./catalog-match";

const product = (id: string, title: string): CatalogEntry => ({
  id,
  title,
  variants: [{ id: `${id}-v`, title: "3.5g", sku: null }],
});

const catalog = [
  product("pbb", "Peanut Butter Breath"),
  product("dbb", "Dirty Banana Breath"),
  product("dw", "Dosiwoah"),
  product("do", "Dosido #22"),
  product("ok", "OG Kush"),
];

describe("matching a COA's name to the catalog", () => {
  it("finds a title the shop writes in two words when the COA writes them as one", () => {
    const match = matchCoaToCatalog(
      { productName: "Peanutbutter Breath", strain: null, batch: null },
      catalog,
    );
    expect(match).toMatchObject({ productId: "pbb" });
    expect(match!.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it("finds a title the shop writes as one word when the COA writes two", () => {
    const match = matchCoaToCatalog(
      { productName: "Dosi Woah", strain: null, batch: null },
      catalog,
    );
    expect(match).toMatchObject({ productId: "dw" });
  });
});
