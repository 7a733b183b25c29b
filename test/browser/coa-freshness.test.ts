import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "../db";
import { createShopifyAdminDouble, type ShopifyAdminDouble } from "../doubles/shopify-admin";
import { startInngestEventApi, type InngestEventApiDouble } from "../doubles/inngest-event-api";
import { seedPublishedReport } from "../published-reports";
import { PRODUCTION_INNGEST_ENV, TEST_ENV } from "../shopify/requests";
import { buildApp, startAppServer, type AppServer } from "./app-server";
import { installShop, startAdminForwarder, type AdminForwarder } from "./installed-shop";
import {
  DESKTOP,
  PHONE,
  openAdmin,
  seriousViolations,
  type AdminPage,
  launchChromium,
} from "./admin-page";

/**
 * The home page and the reports list of a shop whose products on sale include one with a stale
 * COA, one whose COA is about to become stale, and ones with none, in a real browser against the
 * production build. The server's Admin API calls reach the Shopify Admin double through
 * admin-api-forwarder.mjs. Photographed at desktop and phone widths into test-results/.
 */

const SHOP = "browser-freshness.myshopify.com";
const SHOTS = path.resolve("test-results");

let database: TestDatabase;
let shopify: ShopifyAdminDouble;
let forward: AdminForwarder;
let events: InngestEventApiDouble;
let server: AppServer;
let browser: Browser;
let admin: AdminPage;

beforeAll(async () => {
  buildApp();
  database = await createTestDatabase();
  events = await startInngestEventApi();
  shopify = createShopifyAdminDouble({ shop: SHOP, primaryDomainUrl: "https://shop.example" });
  shopify.server.listen({ onUnhandledRequest: "bypass" });
  await installShop(database.prisma, SHOP);
  await seedCatalog();
  forward = await startAdminForwarder(shopify.apiUrl);
  server = await startAppServer({
    ...TEST_ENV,
    ...PRODUCTION_INNGEST_ENV,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    INNGEST_EVENT_API_BASE_URL: events.baseUrl,
    ...forward.env,
  });
  browser = await launchChromium();
  admin = await openAdmin(browser, server.url, SHOP);
  mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await forward?.close();
  shopify?.server.close();
  await events?.close();
  await database?.cleanup();
});

/** Test dates relative to today, so the states hold whenever the test runs. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

async function seedCatalog() {
  const db = database.prisma;
  const tincture = shopify.addProduct({ title: "Old Tincture 30ml" });
  const cherry = shopify.addProduct({
    title: "Cherry Punch",
    variants: [{ title: "1 g" }, { title: "3.5 g" }],
  });
  const fresh = shopify.addProduct({ title: "Fresh Flower 3.5g" });
  shopify.addProduct({ title: "Grape Hemp CBD Gummies" });
  shopify.addProduct({ title: "Draft Vape", status: "DRAFT" });
  const published = new Date(Date.now() - 86_400_000);
  await seedPublishedReport(db, {
    shop: SHOP,
    productId: tincture.id,
    productTitle: tincture.title,
    batch: "OT-2025-11",
    dateTested: daysAgo(400),
    publishedAt: published,
  });
  await seedPublishedReport(db, {
    shop: SHOP,
    productId: cherry.id,
    productTitle: cherry.title,
    variantIds: [cherry.variants[1]?.id ?? ""],
    batch: "CP-0425-B",
    dateTested: daysAgo(350),
    publishedAt: published,
  });
  await seedPublishedReport(db, {
    shop: SHOP,
    productId: fresh.id,
    productTitle: fresh.title,
    batch: "FF-1",
    dateTested: daysAgo(20),
    publishedAt: published,
  });
}

describe("stale and missing COAs in the browser", () => {
  it("shows the home page's products that need a new COA, each with its upload step, at desktop and phone width", async () => {
    const response = await admin.page.goto(admin.url("/app"));
    expect(response?.status(), server.output()).toBe(200);
    const page = admin.page;
    const card = page.getByRole("list", { name: "Products that need a new COA" });
    await card.waitFor({ timeout: 20_000 });
    const items = card.getByRole("listitem");
    expect(await items.allInnerTexts()).toEqual([
      expect.stringMatching(/Stale\s+Old Tincture 30ml[\s\S]*Batch OT-2025-11/),
      expect.stringMatching(/No COA\s+Cherry Punch — 1 g/),
      expect.stringMatching(/No COA\s+Grape Hemp CBD Gummies/),
      expect.stringMatching(
        /Stale soon\s+Cherry Punch — 3.5 g[\s\S]*is stale from[\s\S]*\(in 1[56] days\)/,
      ),
    ]);
    await page
      .getByText("Of 5 variants on sale: 1 stale, 2 without a COA, 1 stale soon.")
      .waitFor();
    const upload = await items
      .first()
      .getByRole("link", { name: "Upload a new COA" })
      .getAttribute("href");
    expect(upload).toMatch(/^\/app\/lab-reports\/new\?productId=gid%3A%2F%2Fshopify%2FProduct%2F/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({
      path: path.join(SHOTS, "coa-freshness-home-desktop.png"),
      fullPage: true,
    });
    await page.setViewportSize(PHONE);
    await page.screenshot({
      path: path.join(SHOTS, "coa-freshness-home-phone.png"),
      fullPage: true,
    });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);
    expect(admin.problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  });

  it("shows the same list under the reports list", async () => {
    const response = await admin.page.goto(admin.url("/app/lab-reports"));
    expect(response?.status(), server.output()).toBe(200);
    const card = admin.page.getByRole("list", { name: "Products that need a new COA" });
    await card.waitFor({ timeout: 20_000 });
    expect(await card.getByRole("listitem").count()).toBe(4);
    await admin.page.screenshot({
      path: path.join(SHOTS, "coa-freshness-list-desktop.png"),
      fullPage: true,
    });
  });

  it("opens the upload form from a row's upload step with that product and variant chosen", async () => {
    const page = admin.page;
    await page.goto(admin.url("/app"));
    const card = page.getByRole("list", { name: "Products that need a new COA" });
    await card.waitFor({ timeout: 20_000 });
    const row = card.getByRole("listitem").filter({ hasText: "Cherry Punch — 3.5 g" });
    const href = await row.getByRole("link", { name: "Upload a new COA" }).getAttribute("href");
    const response = await page.goto(admin.url(href ?? ""));
    expect(response?.status(), server.output()).toBe(200);
    await page.getByText("Cherry Punch — variant 3.5 g").waitFor({ timeout: 20_000 });
    expect(await page.getByText("No product chosen").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "upload-preselected-desktop.png") });
    await page.setViewportSize(PHONE);
    await page.screenshot({
      path: path.join(SHOTS, "upload-preselected-phone.png"),
      fullPage: true,
    });
    await page.setViewportSize(DESKTOP);
  });

  it("lets the merchant say when a COA counts as stale, on the settings page", async () => {
    const response = await admin.page.goto(admin.url("/app/settings"));
    expect(response?.status(), server.output()).toBe(200);
    const page = admin.page;
    const months = page.getByRole("spinbutton", { name: "A COA is stale after" });
    await months.waitFor();
    expect(await months.inputValue()).toBe("12");
    expect(await page.getByRole("spinbutton", { name: "Warn me before that" }).inputValue()).toBe(
      "30",
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await page.screenshot({
      path: path.join(SHOTS, "coa-freshness-settings-phone.png"),
      fullPage: true,
    });
    await page.setViewportSize(DESKTOP);
  });
});
