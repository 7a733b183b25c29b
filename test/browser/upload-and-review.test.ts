import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { Session } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { createEncryptedSessionStorage } from "~/models/session-storage.server";
import { createTestDatabase, type TestDatabase } from "../db";
import { startInngestEventApi, type InngestEventApiDouble } from "../doubles/inngest-event-api";
import { driveToApproval } from "../drive-lab-report";
import { PRODUCTION_INNGEST_ENV, TEST_APP, TEST_ENV } from "../shopify/requests";
import { buildApp, startAppServer, type AppServer } from "./app-server";

/**
 * The merchant's path in a real browser against the production build: open the upload page inside
 * "the admin" (a session token in the URL, App Bridge's stand-in), pick a product, drop a corpus
 * COA, land on the report page, and — the queue's steps run here in-process, as no Inngest server
 * runs in tests — watch it show the extracted totals and the written description.
 */

const SHOP = "browser-test.myshopify.com";
const COA = path.resolve("test/fixtures/coa/01_sc-labs_cherry-punch.pdf");
const STAND_IN = readFileSync(path.resolve("test/browser/app-bridge-stand-in.js"), "utf8");
const SHOTS = path.resolve("test-results");
// shopify-app-remix answers bots (HeadlessChrome included) with 410 Gone.
const CHROME_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const PICKED = [
  { id: "gid://shopify/Product/8800001", title: "Cherry Punch 3.5g", images: [], variants: [] },
];

let database: TestDatabase;
let events: InngestEventApiDouble;
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  buildApp();
  database = await createTestDatabase();
  events = await startInngestEventApi();
  const inAnHour = new Date(Date.now() + 3_600_000);
  // With no stored offline session, the embedded auth strategy would exchange the token online.
  await createEncryptedSessionStorage(database.prisma, TEST_ENV.TOKEN_ENCRYPTION_KEYS).storeSession(
    new Session({
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "installed",
      isOnline: false,
      scope: TEST_ENV.SCOPES,
      accessToken: "shpat_browser_test",
      expires: inAnHour,
      refreshToken: "shprt_browser_test",
      refreshTokenExpires: inAnHour,
    }),
  );
  await database.prisma.shop.create({ data: { domain: SHOP } });
  server = await startAppServer({
    ...TEST_ENV,
    ...PRODUCTION_INNGEST_ENV,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    INNGEST_EVENT_API_BASE_URL: events.baseUrl,
  });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await events?.close();
  await database?.cleanup();
});

async function openInAdmin(pathname: string): Promise<{ page: Page; problems: string[] }> {
  const { token } = await getJwt(
    SHOP.replace(".myshopify.com", ""),
    TEST_APP.apiKey,
    TEST_APP.apiSecret,
  );
  const context = await browser.newContext({
    userAgent: CHROME_UA,
    viewport: { width: 1280, height: 900 },
  });
  await context.route("https://cdn.shopify.com/**", (route) =>
    route.request().url().endsWith("/app-bridge.js")
      ? route.fulfill({ contentType: "text/javascript", body: STAND_IN })
      : route.fulfill({ contentType: "text/css", body: "" }),
  );
  await context.addInitScript((test) => Object.assign(window, { __headyTest: test }), {
    sessionToken: token,
    pickedProducts: PICKED,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  const host = Buffer.from(
    `admin.shopify.com/store/${SHOP.replace(".myshopify.com", "")}`,
  ).toString("base64url");
  const query = new URLSearchParams({ shop: SHOP, host, embedded: "1", id_token: token });
  const response = await page.goto(`${server.url}${pathname}?${query}`);
  expect(response?.status(), server.output()).toBe(200);
  return { page, problems };
}

describe("upload and review in the browser", () => {
  it("uploads a COA for a picked product, then shows its totals and description", async () => {
    const { page, problems } = await openInAdmin("/app/lab-reports/new");

    await page.getByRole("button", { name: "Choose product" }).click();
    await page.getByText("Cherry Punch 3.5g").waitFor();
    await page.setInputFiles('input[type="file"]', COA);
    await page.getByText("01_sc-labs_cherry-punch.pdf").waitFor();
    // Polaris paints the DropZone blank while it measures itself.
    await page.waitForFunction(() => !document.querySelector(".Polaris-DropZone--measuring"));
    await page.screenshot({ path: path.join(SHOTS, "upload-page.png"), fullPage: true });

    await page.getByRole("button", { name: "Upload and process" }).click();
    await page.waitForURL(/\/app\/lab-reports\/(?!new)[^/?]+$/, { timeout: 60_000 });
    const reportId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    await page.getByText("Updating automatically").waitFor();

    const stored = await database.prisma.labReport.findFirstOrThrow({ where: { shop: SHOP } });
    expect(stored).toMatchObject({
      id: reportId,
      status: "queued",
      productTitle: "Cherry Punch 3.5g",
    });
    expect(events.events).toEqual([
      expect.objectContaining({ name: "lab-report/pdf.uploaded", id: reportId }),
    ]);
    await page.screenshot({ path: path.join(SHOTS, "report-queued.png"), fullPage: true });

    await driveToApproval(database.prisma, SHOP, reportId);

    // The page polls: the results appear without a reload.
    await page.getByText("Approve and publish").waitFor({ timeout: 45_000 });
    const totalThc = page
      .getByRole("heading", { name: "Total THC" })
      .locator("xpath=following-sibling::p[1]");
    expect(await totalThc.innerText()).toMatch(/^\d+(\.\d+)?%$/);
    const preview = await page.getByTestId("description-preview").innerText();
    expect(preview).toMatch(/SC Labs/i);
    await page.waitForLoadState("networkidle");
    await page.screenshot({
      path: path.join(SHOTS, "report-awaiting-approval.png"),
      fullPage: true,
    });

    await page.getByRole("button", { name: "Approve and publish" }).click();
    await expect
      .poll(() => events.events.map((e) => e.name))
      .toContain("lab-report/description.approved");
    expect(problems).toEqual([]);
  }, 180_000);
});
