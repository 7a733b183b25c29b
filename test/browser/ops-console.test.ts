import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser } from "playwright-core";
import { createOperator } from "~/models/operator.server";
import { createTestDatabase, type TestDatabase } from "../db";
import { PRODUCTION_INNGEST_ENV, TEST_ENV } from "../shopify/requests";
import { buildApp, startAppServer, type AppServer } from "./app-server";
import { launchChromium } from "./admin-page";

/**
 * The operator's path in a real browser against the production build: sign in at /ops, read the
 * overview across shops, filter the activity log, download the CSV report, sign out.
 */
const SHOTS = path.resolve("test-results");
const PASSWORD = "operator password for the browser test";

let database: TestDatabase;
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  buildApp();
  database = await createTestDatabase();
  const prisma = database.prisma;
  await createOperator(
    prisma,
    { email: "ops@heady.example", password: PASSWORD },
    { N: 2 ** 10, r: 8, p: 1 },
  );
  for (const [shop, statuses] of [
    ["north.myshopify.com", ["published", "published", "failed"]],
    ["south.myshopify.com", ["awaiting-approval"]],
  ] as const) {
    await prisma.shop.create({ data: { domain: shop } });
    for (const [i, status] of statuses.entries()) {
      await prisma.labReport.create({
        data: {
          shop,
          fileName: `coa-${i}.pdf`,
          sha256: `${i}`.padStart(64, "0"),
          sizeBytes: 1000,
          status,
          ...(status === "failed"
            ? {
                errorCode: "encrypted-pdf",
                errorMessage: "This PDF is password-protected.",
                failedAt: new Date(),
              }
            : {}),
        },
      });
    }
    await prisma.activityLog.create({
      data: { shop, actor: "merchant", action: "lab-report.uploaded" },
    });
  }
  server = await startAppServer({
    ...TEST_ENV,
    ...PRODUCTION_INNGEST_ENV,
    DATABASE_URL: database.url,
  });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.cleanup();
});

describe("the operator console in the browser", () => {
  it("signs in, shows every shop's usage and failures, filters the log and exports CSV", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));

    await page.goto(`${server.url}/ops`);
    expect(new URL(page.url()).pathname).toBe("/ops/login");
    await page.getByLabel("Email").fill("ops@heady.example");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Email or password is incorrect, or the account is locked").waitFor();

    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/ops`);
    await page.getByText("Usage by shop").waitFor();
    const usage = await page.locator("table").nth(1).innerText();
    expect(usage).toMatch(/north\.myshopify\.com\s+3\s+2\s+1/);
    expect(await page.getByText("This PDF is password-protected.").count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "ops-overview.png"), fullPage: true });

    await page.getByRole("link", { name: "Activity", exact: true }).click();
    await page.getByLabel("Shop").fill("south.myshopify.com");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/shop=south/);
    // The new rows arrive with the filtered page's data, a moment after the address changes.
    await expect
      .poll(() => page.locator("table").innerText(), { timeout: 15_000 })
      .not.toContain("north.myshopify.com");
    expect(await page.locator("table").innerText()).toContain("south.myshopify.com");
    await page.screenshot({ path: path.join(SHOTS, "ops-activity.png"), fullPage: true });

    const download = await page.request.get(`${server.url}/ops/reports.csv`);
    expect(download.headers()["content-type"]).toMatch(/text\/csv/);
    const csv = await download.text();
    expect(csv.trim().split("\n")).toHaveLength(5);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${server.url}/ops/login`);
    expect(
      (await page.request.get(`${server.url}/ops/reports.csv`, { maxRedirects: 0 })).status(),
    ).toBe(302);
    expect(problems).toEqual([]);
  }, 120_000);

  it("lets an operator change their own password, refusing a repeat that differs", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/ops/login`);
    await page.getByLabel("Email").fill("ops@heady.example");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/ops`);

    await page.goto(`${server.url}/ops/account`);
    const changed = "a new operator password, long enough";
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill(changed);
    await page.getByLabel("New password again").fill(`${changed} typo`);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("The new password and its confirmation differ.").waitFor();

    await page.getByLabel("New password again").fill(changed);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Your password is changed.").waitFor();
    await page.screenshot({ path: path.join(SHOTS, "ops-account-phone.png"), fullPage: true });
    await context.close();
  }, 120_000);
});
