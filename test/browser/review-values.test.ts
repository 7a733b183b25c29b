import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, type Page } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "../db";
import { startInngestEventApi, type InngestEventApiDouble } from "../doubles/inngest-event-api";
import { driveToApproval } from "../drive-lab-report";
import { PRODUCTION_INNGEST_ENV, TEST_ENV } from "../shopify/requests";
import { pdftoppmPage, withValuesToCheck, type ValueToCheck } from "../values-to-check";
import { buildApp, startAppServer, type AppServer } from "./app-server";
import { installShop } from "./installed-shop";
import {
  DESKTOP,
  PHONE,
  openAdmin,
  seriousViolations,
  type AdminPage,
  launchChromium,
} from "./admin-page";

/**
 * "Values to check" in a real browser against the production build: a scanned COA's report (a
 * corpus COA's reading with its total THC, THCa and batch withheld for checking, its pages painted
 * by poppler's pdftoppm as the OCR reader paints them) shows each value beside the part of the page
 * it came from; the merchant confirms one, gets a field error for an impossible correction, and
 * corrects it. Photographed at 1280 and 390 px wide, checked with axe-core.
 */

const SHOP = "review-browser.myshopify.com";
const SHOTS = path.resolve("test-results");
const COA = path.resolve("test/fixtures/coa/01_sc-labs_cherry-punch.pdf");
const VALUES: ValueToCheck[] = [
  { field: "totals.thc", reason: "ocr-unconfirmed", label: "Total THC" },
  { field: "cannabinoids.thca", reason: "readers-disagree", label: "THCa" },
  { field: "sample.batch", reason: "ocr-unconfirmed", label: "Batch" },
];

let database: TestDatabase;
let events: InngestEventApiDouble;
let server: AppServer;
let browser: Browser;
let admin: AdminPage;
let reportId = "";

beforeAll(async () => {
  buildApp();
  database = await createTestDatabase();
  events = await startInngestEventApi();
  await installShop(database.prisma, SHOP);
  const report = await database.prisma.labReport.create({
    data: {
      shop: SHOP,
      productId: "gid://shopify/Product/8800001",
      productTitle: "Cherry Punch 3.5g",
      fileName: "cherry-punch-scan.pdf",
      sha256: "0b".repeat(32),
      sizeBytes: 1,
      file: { create: { bytes: readFileSync(COA) } },
    },
  });
  reportId = report.id;
  await driveToApproval(database.prisma, SHOP, reportId, {
    reading: (result, pdf) => withValuesToCheck(result, pdf, VALUES, pdftoppmPage(COA)),
  });
  server = await startAppServer({
    ...TEST_ENV,
    ...PRODUCTION_INNGEST_ENV,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    INNGEST_EVENT_API_BASE_URL: events.baseUrl,
  });
  browser = await launchChromium();
  admin = await openAdmin(browser, server.url, SHOP);
  mkdirSync(SHOTS, { recursive: true });
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await events?.close();
  await database?.cleanup();
});

async function lookAt(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
  expect(await seriousViolations(page), `axe on ${name} at phone width`).toEqual([]);
  await page.setViewportSize(DESKTOP);
}

/** Every page picture on the page has arrived and been decoded. */
async function picturesShown(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const images = [...document.querySelectorAll<HTMLImageElement>("img.heady-page-crop")];
      return images.length === n && images.every((img) => img.complete && img.naturalWidth > 0);
    },
    count,
    { timeout: 20_000 },
  );
}

describe("values to check in the browser", () => {
  it("shows each value beside the part of the page it came from, and publishing waits", async () => {
    const page = admin.page;
    const response = await page.goto(admin.url(`/app/lab-reports/${reportId}`));
    expect(response?.status(), server.output()).toBe(200);
    const section = page.getByRole("list", { name: "Values to check" });
    await section.waitFor();
    expect(await section.getByRole("listitem").count()).toBe(3);
    await picturesShown(page, 3);
    await page.getByRole("img", { name: /Page 1 of the COA around Total THC/ }).waitFor();
    await page.getByRole("img", { name: /Page 2 of the COA around THCa/ }).waitFor();
    await page.getByText("Check Total THC against the COA page").waitFor();
    // Withheld values are not called missing while they wait.
    expect(await page.getByText("To check", { exact: true }).count()).toBe(2);
    await lookAt(page, "review-values");
    expect(admin.problems).toEqual([]);
  }, 90_000);

  it("confirms one value, refuses an impossible correction under its field, and takes a real one", async () => {
    const page = admin.page;
    await page.getByRole("button", { name: /^Confirm .+ for Total THC$/ }).click();
    const checked = page.getByRole("list", { name: "Checked values" });
    await checked.getByText("Total THC", { exact: false }).waitFor({ timeout: 20_000 });
    await checked.getByText(/Confirmed by your team on/).waitFor();

    const thca = page.getByRole("textbox", { name: "THCa as printed on the page" });
    await thca.fill("191.61");
    await page.getByRole("button", { name: "Save correction for THCa" }).click();
    await page.getByText(/That value cannot be right/).waitFor({ timeout: 20_000 });
    await lookAt(page, "review-values-field-error");

    const stored = await database.prisma.labReport.findUniqueOrThrow({ where: { id: reportId } });
    const thcaReading = JSON.parse(stored.report ?? "{}").review[1].reading as string;
    await thca.fill(thcaReading);
    // The reading itself: confirming it is what the merchant does when the page agrees.
    await page.getByRole("button", { name: /^Confirm .+ for THCa$/ }).click();
    await checked.getByText("THCa", { exact: false }).waitFor({ timeout: 20_000 });
    const after = await database.prisma.labReport.findUniqueOrThrow({ where: { id: reportId } });
    const report = JSON.parse(after.report ?? "{}");
    expect(report.totals.thc.source).toBe("confirmed-by-merchant");
    expect(
      report.cannabinoids.find((a: { analyte: string }) => a.analyte === "thca"),
    ).toMatchObject({ value: Number(thcaReading), source: "confirmed-by-merchant" });
    // The refused correction's 422 is the one failed request the browser reports.
    expect(admin.problems).toEqual([
      "console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)",
    ]);
  }, 90_000);

  it("shows an amount per unit and a verification link waiting for review, and confirms the link", async () => {
    const report = await database.prisma.labReport.create({
      data: {
        shop: SHOP,
        productId: "gid://shopify/Product/8800002",
        productTitle: "Cherry Punch 7g",
        fileName: "cherry-punch-scan-2.pdf",
        sha256: "0c".repeat(32),
        sizeBytes: 1,
        file: { create: { bytes: readFileSync(COA) } },
      },
    });
    const values: ValueToCheck[] = [
      { field: "perUnit.unit.totals.thc", reason: "ocr-unconfirmed", label: "Total THC per unit" },
      { field: "verificationUrl", reason: "ocr-unconfirmed", label: "Verification link" },
    ];
    await driveToApproval(database.prisma, SHOP, report.id, {
      reading: (result, pdf) => withValuesToCheck(result, pdf, values, pdftoppmPage(COA)),
    });
    const page = admin.page;
    await page.goto(admin.url(`/app/lab-reports/${report.id}`));
    const section = page.getByRole("list", { name: "Values to check" });
    await section.waitFor();
    expect(await section.getByRole("listitem").count()).toBe(2);
    // The amount's crop of the page that prints it; the link, read from no printed text, shows
    // the whole of page 1.
    await picturesShown(page, 2);
    await page.getByRole("img", { name: /Page \d of the COA around Total THC per unit/ }).waitFor();
    await page.getByRole("img", { name: "Page 1 of the COA", exact: true }).waitFor();
    await lookAt(page, "review-values-unit-and-link");

    await page.getByRole("button", { name: /^Confirm .+ for Verification link$/ }).click();
    const checked = page.getByRole("list", { name: "Checked values" });
    await checked.getByText("Verification link", { exact: false }).waitFor({ timeout: 20_000 });
    const stored = await database.prisma.labReport.findUniqueOrThrow({ where: { id: report.id } });
    expect(JSON.parse(stored.report ?? "{}").verificationUrl).toMatch(/^https:\/\//);
  }, 240_000);
});
