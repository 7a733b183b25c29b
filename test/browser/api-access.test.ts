import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, type Page } from "playwright-core";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { createTestDatabase, type TestDatabase } from "../db";
import { TEST_APP, TEST_ENV } from "../shopify/requests";
import { buildApp, startAppServer, type AppServer } from "./app-server";
import { launchChromium } from "./admin-page";
import { installShop } from "./installed-shop";

/**
 * The API access page and the payment-issue banner in a real browser against the production
 * build: create a token and see it once, find it in the list by its first characters, revoke it;
 * a shop whose charge failed sees the critical banner with its two ways out, at desktop and phone
 * width.
 */
const SHOP = "browser-api.myshopify.com";
const STAND_IN = readFileSync(path.resolve("test/browser/app-bridge-stand-in.js"), "utf8");
const SHOTS = path.resolve("test-results");
// shopify-app-remix answers bots (HeadlessChrome included) with 410 Gone.
const CHROME_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

let database: TestDatabase;
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  buildApp();
  database = await createTestDatabase();
  await installShop(database.prisma, SHOP);
  server = await startAppServer({ ...TEST_ENV, DATABASE_URL: database.url });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.cleanup();
});

async function openInAdmin(
  pathname: string,
  width = 1280,
): Promise<{ page: Page; problems: string[] }> {
  const { token } = await getJwt(
    SHOP.replace(".myshopify.com", ""),
    TEST_APP.apiKey,
    TEST_APP.apiSecret,
  );
  const context = await browser.newContext({
    userAgent: CHROME_UA,
    viewport: { width, height: 900 },
  });
  await context.route("https://cdn.shopify.com/**", (route) =>
    route.request().url().endsWith("/app-bridge.js")
      ? route.fulfill({ contentType: "text/javascript", body: STAND_IN })
      : route.fulfill({ contentType: "text/css", body: "" }),
  );
  await context.addInitScript((test) => Object.assign(window, { __headyTest: test }), {
    sessionToken: token,
    pickedProducts: [],
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  const host = Buffer.from(
    `admin.shopify.com/store/${SHOP.replace(".myshopify.com", "")}`,
  ).toString("base64url");
  const query = new URLSearchParams({ shop: SHOP, host, embedded: "1", id_token: token });
  const response = await page.goto(`${server.url}${pathname}?${query}`);
  expect(response?.status(), server.output()).toBe(200);
  return { page, problems };
}

describe("API access and payment notices in the browser", () => {
  it("creates a token shown once, lists it by its prefix, and revokes it", async () => {
    const { page, problems } = await openInAdmin("/app/settings/api");
    await page.getByText("No API tokens yet").waitFor();
    await page.getByLabel("Name").fill("Warehouse ERP");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.locator("code", { hasText: /^hlr_/ }).first();
    await shown.waitFor();
    const token = (await shown.innerText()).trim();
    expect(token).toMatch(/^hlr_[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: path.join(SHOTS, "api-access-created.png"), fullPage: true });

    const stored = await database.prisma.apiToken.findFirstOrThrow({ where: { shop: SHOP } });
    expect(token.startsWith(stored.prefix)).toBe(true);
    expect(stored.tokenHash).not.toContain(token);

    await page.getByRole("button", { name: "Revoke" }).click();
    await page.getByText(/revoked\. Requests with it now get 401/).waitFor();
    // The value is not on the page any more; only its prefix is.
    expect(await page.content()).not.toContain(token);
    expect(await page.getByText(`${stored.prefix}…`).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "api-access-revoked.png"), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  it("shows a frozen subscription's critical banner with links to billing and Plans", async () => {
    await database.prisma.subscription.create({
      data: {
        shop: SHOP,
        tier: "Pro",
        status: "FROZEN",
        shopifySubscriptionId: "gid://shopify/AppSubscription/777",
      },
    });
    for (const width of [1280, 390]) {
      const { page, problems } = await openInAdmin("/app/settings", width);
      await page.getByText("Your subscription is on hold: a payment failed").waitFor();
      const banner = page.locator(".Polaris-Banner");
      const billing = banner.getByRole("link", { name: "Open Shopify billing settings" });
      expect(await billing.getAttribute("href")).toBe(
        "https://admin.shopify.com/store/browser-api/settings/billing",
      );
      expect(await banner.getByRole("link", { name: "Plans", exact: true }).count()).toBe(1);
      await page.screenshot({
        path: path.join(SHOTS, `payment-banner-${width}.png`),
        fullPage: true,
      });
      expect(problems).toEqual([]);
    }
  }, 120_000);
});
