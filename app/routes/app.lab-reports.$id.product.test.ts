import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";

// The report page assigns the report to a product and, optionally, some of its variants, checked
// against the shop's product through the Admin API (the double, validated against 2026-10).
const SHOP = "variants.myshopify.com";
const harness = useMerchantRoutes();
const shopify = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });
let route: typeof import("./app.lab-reports.$id");

beforeAll(async () => {
  route = await import("./app.lab-reports.$id");
  await harness().installShop(SHOP);
});

async function report(shop: string, status = "awaiting-approval") {
  return harness().prisma.labReport.create({
    data: {
      shop,
      fileName: "coa.pdf",
      sha256: Math.random().toString(16).slice(2).padEnd(64, "0"),
      sizeBytes: 1,
      status,
      file: { create: { bytes: new Uint8Array([1]) } },
    },
  });
}

async function assign(shop: string, id: string, productId: string, variantIds: string[]) {
  const request = await adminRequest(shop, `/app/lab-reports/${id}`, {
    method: "POST",
    body: new URLSearchParams({
      intent: "assign-product",
      productId,
      variantIds: JSON.stringify(variantIds),
    }),
  });
  return settle(() => route.action({ request, params: { id }, context: {} }));
}

async function load(shop: string, id: string) {
  const request = await adminRequest(shop, `/app/lab-reports/${id}`);
  return settle(() => route.loader({ request, params: { id }, context: {} }));
}

function sizes(...titles: string[]) {
  return titles.map((title) => ({ title }));
}

describe("assigning a report to a product and its variants", () => {
  it("stores two of three variants, and the page says which", async () => {
    const product = shopify().addProduct({
      title: "Cherry Punch",
      variants: sizes("3.5g", "7g", "14g"),
    });
    const [small, medium] = product.variants;
    const created = await report(SHOP);

    const response = await assign(SHOP, created.id, product.id, [small!.id, medium!.id]);

    expect(response.status).toBe(200);
    const stored = await harness().prisma.labReport.findUniqueOrThrow({
      where: { id: created.id },
    });
    expect(stored).toMatchObject({ productId: product.id, productTitle: "Cherry Punch" });
    expect(JSON.parse(stored.variantIds)).toEqual([small!.id, medium!.id]);
    const view = await (await load(SHOP, created.id)).json();
    expect(view.assignment).toMatchObject({
      productTitle: "Cherry Punch",
      variantTitles: ["3.5g", "7g"],
      missingVariants: 0,
    });
  });

  it("stores every variant picked as the whole product", async () => {
    const product = shopify().addProduct({ title: "Lemon Tree", variants: sizes("3.5g", "7g") });
    const created = await report(SHOP);

    const response = await assign(
      SHOP,
      created.id,
      product.id,
      product.variants.map((v) => v.id),
    );

    expect(response.status).toBe(200);
    const stored = await harness().prisma.labReport.findUniqueOrThrow({
      where: { id: created.id },
    });
    expect(JSON.parse(stored.variantIds)).toEqual([]);
  });

  it("refuses a variant of another product and keeps what was stored", async () => {
    const chosen = shopify().addProduct({ title: "Blue Dream", variants: sizes("3.5g", "7g") });
    const other = shopify().addProduct({ title: "OG Kush", variants: sizes("3.5g") });
    const created = await report(SHOP);

    const response = await assign(SHOP, created.id, chosen.id, [
      chosen.variants[0]!.id,
      other.variants[0]!.id,
    ]);

    expect(response.status).toBe(409);
    expect((await response.json()).message).toMatch(/not one of Blue Dream's variants/);
    const stored = await harness().prisma.labReport.findUniqueOrThrow({
      where: { id: created.id },
    });
    expect(stored).toMatchObject({ productId: null, variantIds: "[]" });
  });

  it("refuses a product the shop does not have", async () => {
    const created = await report(SHOP);
    const response = await assign(SHOP, created.id, "gid://shopify/Product/999999", []);
    expect(response.status).toBe(409);
    expect((await response.json()).message).toMatch(/not in your shop/);
  });

  it("answers 404 for another shop's report and changes nothing", async () => {
    const owner = "variants-owner.myshopify.com";
    await harness().installShop(owner);
    const product = shopify().addProduct({ title: "Runtz", variants: sizes("3.5g") });
    const theirs = await report(owner);

    const response = await assign(SHOP, theirs.id, product.id, []);

    expect(response.status).toBe(404);
    const stored = await harness().prisma.labReport.findUniqueOrThrow({ where: { id: theirs.id } });
    expect(stored.productId).toBeNull();
  });

  it("does not move a published report to another product", async () => {
    const product = shopify().addProduct({ title: "Mimosa", variants: sizes("3.5g") });
    const created = await report(SHOP, "published");
    const response = await assign(SHOP, created.id, product.id, []);
    expect(response.status).toBe(409);
    expect((await response.json()).message).toMatch(/already published/);
  });

  it("refuses malformed variant ids before asking Shopify", async () => {
    const product = shopify().addProduct({ title: "Runtz Mini", variants: sizes("1g") });
    const created = await report(SHOP);
    const before = shopify().operations.length;
    const response = await assign(SHOP, created.id, product.id, ["gid://shopify/Product/1"]);
    expect(response.status).toBe(400);
    expect(shopify().operations.length).toBe(before);
  });
});
