import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import { ShopifyThrottledError } from "~/integrations/shopify-admin-client.server";
import { readVariantsOnSale } from "~/integrations/shopify-admin-variants-on-sale.server";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import { seedPublishedReport } from "../../test/published-reports";
import { loadCoaCoverage, type CoaCoveragePorts } from "./coa-coverage.server";

const SHOP = "coverage.myshopify.com";
const NOW = new Date("2026-12-04T09:00:00Z");
const double = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });
const admin: AdminGraphql = (query, options) =>
  fetch(double().apiUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_test" },
    body: JSON.stringify({ query, variables: options?.variables ?? {} }),
  });
const noSleep = async () => {};

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
  await database.prisma.shop.create({ data: { domain: SHOP } });
  double().state.products.clear();
});
afterEach(() => database.cleanup());

const ports = (options = {}): CoaCoveragePorts => ({
  readVariantsOnSale: () => readVariantsOnSale(admin, { sleep: noSleep, ...options }),
});

describe("the products on sale that need a new COA", () => {
  it("lists active products with no COA, a stale one or one soon stale, with the upload step for each, and nothing of a draft or another shop", async () => {
    const fresh = double().addProduct({ title: "Fresh Flower" });
    const stale = double().addProduct({ title: "Old Tincture" });
    double().addProduct({ title: "Bare Gummies" });
    const draft = double().addProduct({ title: "Draft Vape", status: "DRAFT" });
    const sizes = double().addProduct({
      title: "Cherry Punch",
      variants: [{ title: "1 g" }, { title: "3.5 g" }],
    });
    const [oneGram, eighth] = sizes.variants;
    const db = database.prisma;
    await seedPublishedReport(db, {
      shop: SHOP,
      productId: fresh.id,
      batch: "FF-1",
      dateTested: "2026-10-01",
      publishedAt: new Date("2026-10-02"),
    });
    await seedPublishedReport(db, {
      shop: SHOP,
      productId: stale.id,
      batch: "OT-1",
      dateTested: "2025-11-20",
      publishedAt: new Date("2025-11-21"),
    });
    await seedPublishedReport(db, {
      shop: SHOP,
      productId: sizes.id,
      variantIds: [eighth?.id ?? ""],
      batch: "CP-8",
      dateTested: "2025-12-20",
      publishedAt: new Date("2025-12-21"),
    });
    // Another shop's COA for the same product id is not this shop's.
    await db.shop.create({ data: { domain: "other.myshopify.com" } });
    await seedPublishedReport(db, {
      shop: "other.myshopify.com",
      productId: draft.id,
      batch: "X",
      dateTested: "2026-11-01",
      publishedAt: new Date("2026-11-02"),
    });

    const view = await loadCoaCoverage(db, ports(), SHOP, { now: NOW });
    if (!view.ok) throw new Error(view.message);
    expect(
      view.rows.map((r) => [r.productTitle, r.variantTitle, r.state, r.report?.batch ?? null]),
    ).toEqual([
      ["Old Tincture", null, "stale", "OT-1"],
      ["Bare Gummies", null, "missing", null],
      ["Cherry Punch", "1 g", "missing", null],
      ["Cherry Punch", "3.5 g", "soon-stale", "CP-8"],
    ]);
    expect(view.counts).toEqual({ missing: 2, stale: 1, soonStale: 1, undated: 0, fresh: 1 });
    expect(view.checked).toBe(5);
    const cherry1g = view.rows[2];
    expect(cherry1g?.uploadUrl).toBe(
      `/app/lab-reports/new?productId=${encodeURIComponent(sizes.id)}&variantId=${encodeURIComponent(oneGram?.id ?? "")}`,
    );
  });

  it("reads the catalog a page at a time, waits out a throttle, and says when it stopped early", async () => {
    for (let i = 0; i < 7; i++) double().addProduct({ title: `Product ${i}` });
    double().failNext(
      { kind: "throttled", requestedQueryCost: 502, currentlyAvailable: 100, restoreRate: 100 },
      "LabResultsVariantsOnSale",
    );
    const waits: number[] = [];
    const read = await readVariantsOnSale(admin, {
      pageSize: 3,
      maxVariants: 6,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(waits).toEqual([4020]);
    expect(read.variants).toHaveLength(6);
    expect(read.truncated).toBe(true);
    const all = await readVariantsOnSale(admin, { pageSize: 3, sleep: noSleep });
    expect(all).toMatchObject({ truncated: false });
    expect(all.variants).toHaveLength(7);
  });

  it("still loads when Shopify does not answer, and says why nothing is shown", async () => {
    const view = await loadCoaCoverage(
      database.prisma,
      { readVariantsOnSale: async () => null },
      SHOP,
      { now: NOW },
    );
    expect(view).toEqual({ ok: false, message: expect.stringMatching(/Shopify did not answer/) });
    // A throttle that lasts past the retries reaches the caller as the typed error.
    for (let i = 0; i < 3; i++)
      double().failNext({ kind: "throttled" }, "LabResultsVariantsOnSale");
    await expect(readVariantsOnSale(admin, { sleep: noSleep })).rejects.toBeInstanceOf(
      ShopifyThrottledError,
    );
  });
});
