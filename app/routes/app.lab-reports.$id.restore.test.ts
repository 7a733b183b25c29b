import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";

// Restore puts the product's own description back through Shopify (productUpdate, checked against
// the 2026-10 schema by the double), from the published report's page.
const SHOP = "page-restore.myshopify.com";
const harness = useMerchantRoutes();
const shopify = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });
let route: typeof import("./app.lab-reports.$id");

beforeAll(async () => {
  route = await import("./app.lab-reports.$id");
  await harness().installShop(SHOP);
});

describe("restoring the product's previous description", () => {
  it("puts the kept description back on the product and says so", async () => {
    const product = shopify().addProduct({
      title: "Cherry Punch 3.5g",
      descriptionHtml: "<p>The app's copy.</p>",
    });
    const report = await harness().prisma.labReport.create({
      data: {
        shop: SHOP,
        productId: product.id,
        productTitle: product.title,
        productHandle: product.handle,
        fileName: "coa.pdf",
        sha256: "11".repeat(32),
        sizeBytes: 1,
        status: "published",
        publishedAt: new Date(),
        descriptions: {
          create: {
            version: 0,
            html: "<p>The product's own words.</p>",
            seoTitle: "Cherry Punch",
            seoDescription: "Our cherry punch.",
            source: "previous-product",
          },
        },
      },
    });
    const load = async () =>
      (
        await settle(async () =>
          route.loader({
            request: await adminRequest(SHOP, `/app/lab-reports/${report.id}`),
            params: { id: report.id },
            context: {},
          }),
        )
      ).json();
    const view = await load();
    expect(view.canRestorePrevious).toBe(true);
    expect(view.links).toEqual({
      admin: `shopify://admin/products/${product.id.split("/").at(-1)}`,
      storefront: `https://${SHOP}/products/${product.handle}`,
    });

    const response = await settle(async () =>
      route.action({
        request: await adminRequest(SHOP, `/app/lab-reports/${report.id}`, {
          method: "POST",
          body: new URLSearchParams({ intent: "restore" }),
        }),
        params: { id: report.id },
        context: {},
      }),
    );

    expect(response.status).toBe(200);
    expect((await response.json()).message).toMatch(/previous product description is back/);
    expect(product.descriptionHtml).toBe("<p>The product's own words.</p>");
    expect(product.seo).toEqual({ title: "Cherry Punch", description: "Our cherry punch." });
  });

  it("is offered after a publish that failed part way, and takes the lab data and references back too", async () => {
    const product = shopify().addProduct({
      title: "Gaviota Mist",
      descriptionHtml: "<p>The product's own words.</p>",
    });
    const state = shopify().state;
    const entry = state.metaobjects.upsert(
      { type: "$app:lab_report", handle: "batch-gm-2" },
      { fields: [{ key: "batch", value: "GM-2" }] },
    ).metaobject;
    if (!entry) throw new Error("fixture");
    // What the failed publish left: its lab block and a reference the product did not have.
    const now = new Date().toISOString();
    state.metafields.push(
      {
        id: "gid://shopify/Metafield/71",
        ownerId: product.id,
        namespace: state.resolveNamespace("$app:lab_results"),
        key: "total_thc",
        type: "single_line_text_field",
        value: "24.1%",
        updatedAt: now,
      },
      {
        id: "gid://shopify/Metafield/72",
        ownerId: product.id,
        namespace: state.resolveNamespace("$app"),
        key: "lab_report",
        type: "metaobject_reference",
        value: entry.id,
        updatedAt: now,
      },
    );
    const report = await harness().prisma.labReport.create({
      data: {
        shop: SHOP,
        productId: product.id,
        productTitle: product.title,
        fileName: "coa.pdf",
        sha256: "22".repeat(32),
        sizeBytes: 1,
        status: "failed",
        errorCode: "shopify-update-description",
        failedAt: new Date(),
        previousLabData: JSON.stringify({
          labResults: [{ key: "total_thc", type: "single_line_text_field", value: "19.0%" }],
          references: [{ ownerId: product.id, current: null, history: [] }],
        }),
        descriptions: {
          create: {
            version: 0,
            html: "<p>The product's own words.</p>",
            seoTitle: "Gaviota Mist",
            seoDescription: "Our mist.",
            source: "previous-product",
          },
        },
      },
    });
    const view = await (
      await settle(async () =>
        route.loader({
          request: await adminRequest(SHOP, `/app/lab-reports/${report.id}`),
          params: { id: report.id },
          context: {},
        }),
      )
    ).json();
    expect(view.canRestorePrevious).toBe(true);

    const response = await settle(async () =>
      route.action({
        request: await adminRequest(SHOP, `/app/lab-reports/${report.id}`, {
          method: "POST",
          body: new URLSearchParams({ intent: "restore" }),
        }),
        params: { id: report.id },
        context: {},
      }),
    );

    expect(response.status).toBe(200);
    expect(state.metafield(product.id, "$app:lab_results", "total_thc")?.value).toBe("19.0%");
    expect(state.metafield(product.id, "$app", "lab_report")).toBeUndefined();
    expect(product.descriptionHtml).toBe("<p>The product's own words.</p>");
  });
});
