import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, type Page } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "../db";
import { startInngestEventApi, type InngestEventApiDouble } from "../doubles/inngest-event-api";
import { driveToApproval } from "../drive-lab-report";
import { CATALOG_50 } from "../fixtures/catalog-50";
import { PRODUCTION_INNGEST_ENV, TEST_ENV } from "../shopify/requests";
import { buildApp, startAppServer, type AppServer } from "./app-server";
import { installShop } from "./installed-shop";
import {
  DESKTOP,
  PHONE,
  openAdmin,
  seriousViolations,
  type AdminPage,
  explained,
  launchChromium,
} from "./admin-page";

/**
 * Bulk upload in a real browser against the production build, the Admin API answered in the
 * server's process by the Shopify double holding the 50-product catalog: six COAs dropped at once
 * on a plan with five reports left (five queued, one refused with the plan's reason), read by the
 * pipeline here, proposed their products in the matching table, one changed with the picker, the
 * confident ones confirmed together; then a report's variants chosen on its page. Photographed at
 * 1280 and 390 px and checked with axe-core. Uploads are paced tightly here (a burst of 1.56 MB,
 * then 30 KB/s), so a file past the burst is answered 429 and the page waits, then sends it again.
 */

const SHOP = "bulk-browser.myshopify.com";
const SHOTS = path.resolve("test-results");
const FIXTURES = path.resolve("test/fixtures/coa");
const FILES = [
  "01_sc-labs_cherry-punch.pdf",
  "03_caligreen-cc_classic-jack.pdf",
  "06_infinite-chemical-cc_g13-genius.pdf",
  "14_cannasafe_grape-cbd-gummies.pdf",
  "20_mcr-labs_watermelon-30mg-gummy.pdf",
  "16_confidence-analytics_dirty-banana-breath.pdf",
];
// Explicit product ids, so the double's variant ids are known: the first product's three variants
// take the double's first ids (1000–1002).
const products = CATALOG_50.map((p, i) => ({
  id: `gid://shopify/Product/${9000 + i}`,
  title: p.title,
  variants: p.variants ?? [{ title: "Default Title" }],
}));
const CHERRY = products[0]!;
const WATERMELON = products.find((p) => p.title === "Watermelon Gummies")!;
const POLL = { timeout: 60_000 };

let database: TestDatabase;
let events: InngestEventApiDouble;
let server: AppServer;
let browser: Browser;
let admin: AdminPage;

beforeAll(async () => {
  buildApp();
  database = await createTestDatabase();
  events = await startInngestEventApi();
  await installShop(database.prisma, SHOP);
  // The Starter plan's 25 reports, 20 used: five left.
  await database.prisma.subscription.create({
    data: { shop: SHOP, tier: "Starter", status: "ACTIVE" },
  });
  for (let i = 0; i < 20; i++) {
    await database.prisma.labReport.create({
      data: {
        shop: SHOP,
        fileName: `earlier-${i}.pdf`,
        sha256: String(i).padStart(64, "e"),
        sizeBytes: 1,
        status: "published",
        productId: "gid://shopify/Product/1",
      },
    });
  }
  server = await startAppServer({
    ...TEST_ENV,
    ...PRODUCTION_INNGEST_ENV,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    INNGEST_EVENT_API_BASE_URL: events.baseUrl,
    NODE_OPTIONS: `--import tsx --import ${path.resolve("test/browser/admin-double-preload.ts")}`,
    BROWSER_ADMIN_SHOP: SHOP,
    BROWSER_ADMIN_PRODUCTS: JSON.stringify(products),
    // Each shop's burst is three of the largest files allowed: 1.56 MB, four of the six COAs.
    COA_MAX_BYTES: String(520_000),
    UPLOAD_SHOP_BYTES_PER_SECOND: String(30_000),
  });
  browser = await launchChromium();
  admin = await openAdmin(browser, server.url, SHOP);
  mkdirSync(SHOTS, { recursive: true });
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await events?.close();
  await database?.cleanup();
});

async function lookAt(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => !document.querySelector(".Polaris-DropZone--measuring"));
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop-top.png`) });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone-top.png`) });
  expect(await seriousViolations(page), `axe on ${name} at phone width`).toEqual([]);
  await page.setViewportSize(DESKTOP);
}

/**
 * The browser logs every 4xx answer as a console error; the refusals the queue shows (402 for the
 * plan, 409 for a duplicate, 429 for a file sent again later) are expected, anything else is a problem.
 */
/** A wait whose failure says what the page showed, what it asked and what the server printed. */
function explain<T>(wait: Promise<T>): Promise<T> {
  return explained(admin.page, wait, () => server.output(), admin.requestLog);
}

function unexpected(problems: string[]): string[] {
  return problems.filter((p) => !/status of (402|409|429) \(/.test(p));
}

function pick(page: Page, picked: unknown): Promise<void> {
  return page.evaluate((value) => {
    (
      window as unknown as { __headyTest: { pickedProducts: unknown[] } }
    ).__headyTest.pickedProducts = [value];
  }, picked);
}

describe("bulk upload with matching", () => {
  it("queues each dropped COA on its own, stops at the plan, proposes products and confirms them", async () => {
    const { page, problems } = admin;
    const response = await page.goto(admin.url("/app/lab-reports/bulk"));
    expect(response?.status(), server.output()).toBe(200);
    await page.getByText("5 of 25 lab reports left this month (Starter plan)").waitFor();

    await page.setInputFiles(
      'input[type="file"]',
      FILES.map((name) => ({
        name: `scan-${FILES.indexOf(name) + 1}.pdf`,
        mimeType: "application/pdf",
        buffer: readFileSync(path.join(FIXTURES, name)),
      })),
    );
    // The fifth file is past the shop's burst: it waits its turn, with the sixth behind it.
    await page.getByText(/Waiting its turn: sent again in \d+ s/).waitFor(POLL);
    await lookAt(page, "bulk-upload-waiting");
    await explain(page.getByText("6 of 6 files sent").waitFor({ timeout: 120_000 }));
    expect(await page.getByText("Queued", { exact: true }).count()).toBe(5);
    await expect
      .poll(() => page.getByText(/Not sent|used all 25 lab reports/).count(), POLL)
      .toBeGreaterThan(0);

    // The pipeline runs here (no Inngest server in tests); the page polls until each is read.
    const reports = await database.prisma.labReport.findMany({
      where: { shop: SHOP, productId: null },
    });
    expect(reports).toHaveLength(5);
    for (const report of reports) await driveToApproval(database.prisma, SHOP, report.id);
    await explain(
      page
        .getByText(/High · \d+ %/)
        .first()
        .waitFor(POLL),
    );
    await explain(
      expect
        .poll(() => page.getByText(/^(Reading the COA|Looking for its product)…$/).count(), POLL)
        .toBe(0),
    );
    await lookAt(page, "bulk-matching");

    // The merchant picks scan-5's product (the watermelon gummies) with the picker.
    await pick(page, { id: WATERMELON.id, title: WATERMELON.title, handle: null, variants: [] });
    await page.getByRole("button", { name: /^(Choose|Change) product for scan-5\.pdf$/ }).click();
    await expect
      .poll(async () => {
        const row = await database.prisma.labReport.findFirst({
          where: { shop: SHOP, fileName: "scan-5.pdf" },
        });
        return row?.productId;
      }, POLL)
      .toBe(WATERMELON.id);

    const confirm = page.getByRole("button", { name: /Confirm \d+ confident match/ });
    await confirm.click();
    await expect
      .poll(() => database.prisma.labReport.count({ where: { shop: SHOP, productId: null } }), POLL)
      .toBeLessThanOrEqual(1);
    await page.getByText("Linked", { exact: true }).first().waitFor(POLL);
    const published = await database.prisma.labReport.count({
      where: { shop: SHOP, status: "published", fileName: { startsWith: "scan-" } },
    });
    expect(published).toBe(0);
    await lookAt(page, "bulk-matching-confirmed");
    expect(unexpected(problems)).toEqual([]);
  }, 600_000);

  it("shows the report's product and chosen variants on its page", async () => {
    const { page, problems } = admin;
    const cherry = await database.prisma.labReport.findFirstOrThrow({
      where: { shop: SHOP, fileName: "scan-1.pdf" },
    });
    await page.goto(admin.url(`/app/lab-reports/${cherry.id}`));
    await pick(page, {
      id: CHERRY.id,
      title: CHERRY.title,
      handle: "cherry-punch-flower",
      totalVariants: 3,
      variants: [
        { id: "gid://shopify/ProductVariant/1000", title: "3.5g" },
        { id: "gid://shopify/ProductVariant/1001", title: "7g" },
      ],
    });
    await page.getByRole("button", { name: /Choose product|Change product or variants/ }).click();
    await page.getByText("Cherry Punch Flower — variants 3.5g, 7g").waitFor(POLL);
    await lookAt(page, "report-variants");
    expect(unexpected(problems)).toEqual([]);
  }, 240_000);
});
