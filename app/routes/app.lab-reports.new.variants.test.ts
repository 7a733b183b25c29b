import { readFileSync } from "node:fs";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";

// Uploading a COA for some of a product's variants: the choice is checked against the product in
// Shopify (the Admin double) before anything is stored, then kept with the report.
const SHOP = "upload-variants.myshopify.com";
const harness = useMerchantRoutes({ COA_MAX_BYTES: String(1024 * 1024) });
const shopify = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });
let route: typeof import("./app.lab-reports.new");

beforeAll(async () => {
  route = await import("./app.lab-reports.new");
  shopify().server.use(
    http.all(`${harness().events.baseUrl.replace(/\/$/, "")}/*`, () => passthrough()),
  );
  await harness().installShop(SHOP);
});

async function upload(productId: string, variantIds: string[], coa: string) {
  const form = new FormData();
  form.set("productId", productId);
  form.set("productTitle", "Cherry Punch");
  form.set("variantIds", JSON.stringify(variantIds));
  const bytes = readFileSync(`test/fixtures/coa/${coa}`);
  form.set("file", new File([bytes], coa, { type: "application/pdf" }));
  const request = await adminRequest(SHOP, "/app/lab-reports/new", { method: "POST", body: form });
  return settle(() => route.action({ request, params: {}, context: {} }));
}

describe("uploading a COA for some variants", () => {
  it("stores the chosen variants with the report", async () => {
    const product = shopify().addProduct({
      title: "Cherry Punch",
      variants: [{ title: "3.5g" }, { title: "7g" }],
    });
    const response = await upload(
      product.id,
      [product.variants[1]!.id],
      "01_sc-labs_cherry-punch.pdf",
    );

    expect(response.status).toBe(302);
    const report = await harness().prisma.labReport.findFirstOrThrow({
      where: { shop: SHOP, productId: product.id },
    });
    expect(JSON.parse(report.variantIds)).toEqual([product.variants[1]!.id]);
  });

  it("refuses a variant of another product and stores nothing", async () => {
    const product = shopify().addProduct({ title: "G13 Genius", variants: [{ title: "3.5g" }] });
    const other = shopify().addProduct({ title: "OG Kush", variants: [{ title: "3.5g" }] });
    const before = await harness().prisma.labReport.count({ where: { shop: SHOP } });

    const response = await upload(
      product.id,
      [other.variants[0]!.id],
      "06_infinite-chemical-cc_g13-genius.pdf",
    );

    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/not one of G13 Genius's variants/);
    expect(await harness().prisma.labReport.count({ where: { shop: SHOP } })).toBe(before);
  });
});
