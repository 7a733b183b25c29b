import { describe, expect, it } from "vitest";
import type { ProductWithVariants } from "~/integrations/shopify-admin-catalog.server";
import { preselectedProduct, uploadUrl } from "./upload-preselection.server";

const CHERRY: ProductWithVariants = {
  id: "gid://shopify/Product/11",
  title: "Cherry Punch",
  handle: "cherry-punch",
  variants: [
    { id: "gid://shopify/ProductVariant/111", title: "1 g" },
    { id: "gid://shopify/ProductVariant/112", title: "3.5 g" },
  ],
};
const TINCTURE: ProductWithVariants = {
  id: "gid://shopify/Product/12",
  title: "Old Tincture 30ml",
  handle: "old-tincture",
  variants: [{ id: "gid://shopify/ProductVariant/121", title: "Default Title" }],
};

const asked: string[] = [];
async function readProduct(id: string) {
  asked.push(id);
  return [CHERRY, TINCTURE].find((p) => p.id === id) ?? null;
}
const link = (query: string) => preselectedProduct(readProduct, new URLSearchParams(query));

describe("preselectedProduct", () => {
  it("opens the upload form with the linked variant of the shop's product, by Shopify's title", async () => {
    expect(
      await link("productId=gid://shopify/Product/11&variantId=gid://shopify/ProductVariant/112"),
    ).toEqual({
      id: CHERRY.id,
      title: "Cherry Punch",
      handle: "cherry-punch",
      image: null,
      variantIds: ["gid://shopify/ProductVariant/112"],
      variantTitles: ["3.5 g"],
    });
  });

  it("chooses the whole product when the link names none of its variants, or its only one", async () => {
    expect(await link("productId=gid://shopify/Product/11")).toMatchObject({
      variantIds: [],
      variantTitles: [],
    });
    expect(
      await link("productId=gid://shopify/Product/12&variantId=gid://shopify/ProductVariant/121"),
    ).toMatchObject({ title: "Old Tincture 30ml", variantIds: [] });
  });

  it("chooses nothing for a malformed id, another product's variant or a product the shop lacks", async () => {
    asked.length = 0;
    expect(await link("")).toBeNull();
    expect(await link("productId=11")).toBeNull();
    expect(await link("productId=gid://shopify/Product/11&variantId=112")).toBeNull();
    expect(asked).toEqual([]);
    expect(
      await link("productId=gid://shopify/Product/11&variantId=gid://shopify/ProductVariant/121"),
    ).toBeNull();
    expect(await link("productId=gid://shopify/Product/99")).toBeNull();
  });

  it("chooses nothing when Shopify does not answer, but lets re-authentication through", async () => {
    const failing = () => Promise.reject(new Error("Shopify unavailable"));
    const params = new URLSearchParams("productId=gid://shopify/Product/11");
    expect(await preselectedProduct(failing, params)).toBeNull();
    const reauth = new Response(null, { status: 302 });
    await expect(preselectedProduct(() => Promise.reject(reauth), params)).rejects.toBe(reauth);
  });

  it("opens the form for a report's product and variants from the report's own upload link", async () => {
    const three: ProductWithVariants = {
      ...CHERRY,
      id: "gid://shopify/Product/13",
      variants: [...CHERRY.variants, { id: "gid://shopify/ProductVariant/113", title: "7 g" }],
    };
    const read = (id: string) => Promise.resolve(id === three.id ? three : null);
    const open = (href: string) =>
      preselectedProduct(read, new URL(href, "https://admin.example").searchParams);
    const two = ["gid://shopify/ProductVariant/111", "gid://shopify/ProductVariant/113"];
    expect(await open(uploadUrl(three.id, two))).toMatchObject({
      variantIds: two,
      variantTitles: ["1 g", "7 g"],
    });
    const all = three.variants.map((v) => v.id);
    expect(await open(uploadUrl(three.id, all))).toMatchObject({ variantIds: [] });
    expect(uploadUrl(null)).toBe("/app/lab-reports/new");
  });
});
