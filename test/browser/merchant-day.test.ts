import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, type Page } from "playwright-core";
import { moveLabReport } from "~/models/lab-report.server";
import { createTestDatabase, type TestDatabase } from "../db";
import { startInngestEventApi, type InngestEventApiDouble } from "../doubles/inngest-event-api";
import { driveToApproval } from "../drive-lab-report";
import { PRODUCTION_INNGEST_ENV, TEST_APP, TEST_ENV } from "../shopify/requests";
import { buildApp, startAppServer, type AppServer } from "./app-server";
import { installShop } from "./installed-shop";
import {
  DESKTOP,
  PHONE,
  openAdmin,
  seriousViolations,
  vitals,
  type AdminPage,
  launchChromium,
} from "./admin-page";

/**
 * A merchant's day in a real browser against the production build, inside "the admin" (session
 * token in the URL, App Bridge's stand-in): the setup checklist, a wrong file and a real COA
 * uploaded, the report followed while the queue's steps run here in-process (no Inngest server
 * runs in tests), a held hemp report acknowledged and published, a description edited in the rich
 * editor behind the save bar, the product links once published, the same COA uploaded twice, the
 * list's tabs, search and bulk approve, settings behind the save bar, and the 404 page. Every page
 * is checked with axe-core and photographed at desktop and phone widths; the vitals of home, list
 * and report are written to test-results/vitals.json.
 */

const SHOP = "browser-test.myshopify.com";
const SHOTS = path.resolve("test-results");
const FIXTURES = path.resolve("test/fixtures/coa");
const CHERRY = {
  id: "gid://shopify/Product/8800001",
  title: "Cherry Punch 3.5g",
  handle: "cherry-punch-3-5g",
  images: [],
  variants: [],
};
const GUMMIES = {
  id: "gid://shopify/Product/8800002",
  title: "Grape Hemp CBD Gummies",
  handle: "grape-hemp-cbd-gummies",
  images: [],
  variants: [],
};
const JACK = {
  id: "gid://shopify/Product/8800003",
  title: "Classic Jack 3.5g",
  handle: "classic-jack",
  images: [],
  variants: [],
};

let database: TestDatabase;
let events: InngestEventApiDouble;
let server: AppServer;
let browser: Browser;
let admin: AdminPage;
const measured: Record<string, { lcp: number; cls: number; inp: number }> = {};
const ids: { cherry?: string; gummies?: string; jack?: string } = {};
// The page answers within a request or two; on a busy machine that can take seconds.
const POLL = { timeout: 20_000 };

beforeAll(async () => {
  buildApp();
  database = await createTestDatabase();
  events = await startInngestEventApi();
  await installShop(database.prisma, SHOP);
  server = await startAppServer({
    ...TEST_ENV,
    ...PRODUCTION_INNGEST_ENV,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    INNGEST_EVENT_API_BASE_URL: events.baseUrl,
  });
  browser = await launchChromium();
  admin = await openAdmin(browser, server.url, SHOP, { pickedProducts: [CHERRY] });
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  writeFileSync(path.join(SHOTS, "vitals.json"), `${JSON.stringify(measured, null, 2)}\n`);
  await browser?.close();
  await server?.stop();
  await events?.close();
  await database?.cleanup();
});

/** Desktop and phone screenshots of the page as it is, and axe-core's serious findings. */
async function lookAt(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => !document.querySelector(".Polaris-DropZone--measuring"));
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
  expect(await seriousViolations(page), `axe on ${name} at phone width`).toEqual([]);
  await page.setViewportSize(DESKTOP);
}

async function go(pathname: string): Promise<Page> {
  const response = await admin.page.goto(admin.url(pathname));
  expect(response?.status(), server.output()).toBeLessThan(500);
  return admin.page;
}

function pick(page: Page, product: typeof CHERRY): Promise<void> {
  return page.evaluate((picked) => {
    (
      window as unknown as { __headyTest: { pickedProducts: unknown[] } }
    ).__headyTest.pickedProducts = [picked];
  }, product);
}

async function uploadFile(
  page: Page,
  product: typeof CHERRY,
  file: { name: string; buffer: Buffer },
): Promise<void> {
  await pick(page, product);
  await page.getByRole("button", { name: /Choose product|Change product/ }).click();
  // The page names the choice: the whole product, as nothing narrower was picked.
  await page.getByText(`${product.title} — whole product`, { exact: true }).waitFor();
  await page.setInputFiles('input[type="file"]', { ...file, mimeType: "application/pdf" });
  await page.getByText(file.name, { exact: false }).first().waitFor();
  await page.getByRole("button", { name: "Upload and process" }).click();
}

function coa(file: string) {
  return { name: file, buffer: readFileSync(path.join(FIXTURES, file)) };
}

async function reportIdFromUrl(page: Page): Promise<string> {
  await page.waitForURL(/\/app\/lab-reports\/(?!new)[^/?]+(\?|$)/, { timeout: 60_000 });
  return new URL(page.url()).pathname.split("/").at(-1) ?? "";
}

async function toasts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (
      window as unknown as { __headyTest: { toasts: { message: string }[] } }
    ).__headyTest.toasts.map((t) => t.message),
  );
}

function approvals(reportId: string) {
  return events.events.filter(
    (e) => e.name === "lab-report/description.approved" && e.data.reportId === reportId,
  );
}

describe("a merchant's day in the browser", () => {
  it("greets a new shop with a setup checklist, the plan's usage and a title", async () => {
    const page = await go("/app");
    await page.getByRole("heading", { name: "Set up lab results on your store" }).waitFor();
    expect(await page.title()).toBe("Home · Heady Lab Results");
    expect(await page.getByRole("main").count()).toBe(1);
    await page.getByText("0 of 3 lab reports used this month").waitFor();
    const editor = new URL(
      (await page
        .getByRole("link", { name: "Add the block in the theme editor" })
        .getAttribute("href")) ?? "",
    );
    expect(editor.origin + editor.pathname).toBe(`https://${SHOP}/admin/themes/current/editor`);
    expect(Object.fromEntries(editor.searchParams)).toEqual({
      template: "product",
      addAppBlockId: `${TEST_APP.apiKey}/lab-results`,
      target: "mainSection",
    });
    await page.getByRole("heading", { name: "Upload your first COA" }).first().waitFor();
    await lookAt(page, "home-new-shop");

    await page.getByRole("button", { name: "I added it" }).click();
    await expect.poll(() => toasts(page), POLL).toContain("Setup step done");
    await page.getByText("1 of 3 steps done").waitFor();
    measured.home = await vitals(page);
  }, 60_000);

  it("names a wrong file as wrong without spending the plan, then follows a real COA to review", async () => {
    const page = await go("/app/lab-reports/new");
    await page.getByText("3 of 3 lab reports left this month (Free plan)").waitFor();
    await uploadFile(page, CHERRY, {
      name: "invoice.pdf",
      buffer: Buffer.from("Invoice 1042: lab testing services, $150"),
    });
    await page.getByText("The COA was not uploaded").waitFor();
    await page.getByText(/This file is not a PDF.*Nothing was counted against your plan/).waitFor();
    expect(await database.prisma.labReport.count({ where: { shop: SHOP } })).toBe(0);
    await lookAt(page, "upload-wrong-file");

    await page.setInputFiles('input[type="file"]', {
      ...coa("01_sc-labs_cherry-punch.pdf"),
      mimeType: "application/pdf",
    });
    await page.getByRole("button", { name: "Upload and process" }).click();
    ids.cherry = await reportIdFromUrl(page);
    await page.getByText("Updating automatically").waitFor();
    await expect.poll(() => toasts(page), POLL).toContain("COA uploaded. Reading it now.");
    expect(events.events.map((e) => e.name)).toEqual(["lab-report/pdf.uploaded"]);
    await lookAt(page, "report-queued");

    await driveToApproval(database.prisma, SHOP, ids.cherry);
    // The page polls: the decision appears without a reload.
    await page.getByRole("heading", { name: "Review and publish" }).waitFor({ timeout: 45_000 });
    expect(await page.title()).toBe("Cherry Punch 3.5g · Heady Lab Results");
    const text = await page.locator("main").innerText();
    expect(text).not.toContain("coa-link.invalid");
    expect(text).not.toMatch(/Version \d|template/);
  }, 120_000);

  it("holds a hemp edible over its limit until the merchant acknowledges it, then publishes", async () => {
    let page = await go("/app/lab-reports/new");
    await uploadFile(page, GUMMIES, coa("14_cannasafe_grape-cbd-gummies.pdf"));
    ids.gummies = await reportIdFromUrl(page);
    await driveToApproval(database.prisma, SHOP, ids.gummies);
    page = await go(`/app/lab-reports/${ids.gummies}`);

    await page
      .getByText("THC per container is above the 0.4 mg limit for hemp-derived edibles and drinks")
      .waitFor();
    const publish = page.getByRole("button", { name: "Approve and publish" });
    expect(await publish.isDisabled()).toBe(true);
    // The decision comes before the safety panels, and those before the long tables.
    const order = await page.evaluate(() =>
      ["Review and publish", "Safety testing", "Description", "Cannabinoids"].map((name) =>
        [...document.querySelectorAll("h2")].findIndex((h) => h.textContent === name),
      ),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((index) => index >= 0)).toBe(true);
    await lookAt(page, "report-hemp-held");

    await page.getByLabel(/I have checked the hemp limits/).check();
    expect(await publish.isDisabled()).toBe(false);
    measured.report = await vitals(page);
    await publish.click();
    await expect.poll(() => approvals(ids.gummies ?? "").length, POLL).toBe(1);
  }, 120_000);

  it("edits in the rich editor behind the save bar, publishes, and links to the product", async () => {
    const page = await go(`/app/lab-reports/${ids.cherry}`);
    await page.getByRole("button", { name: "Edit description" }).click();
    const editor = page.getByRole("textbox", { name: "Product description" });
    await expect.poll(() => editor.getAttribute("contenteditable"), POLL).toBe("true");
    expect(await page.getByRole("toolbar", { name: "Formatting" }).count()).toBe(1);
    await editor.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Bold" }).click();
    await page.keyboard.type("Hand-trimmed in small batches.");
    const saveBar = page.getByRole("region", { name: "Unsaved changes" });
    await saveBar.waitFor();
    await lookAt(page, "report-editing");

    // Leaving with an unsaved edit asks first.
    await page.getByRole("link", { name: "Lab reports" }).first().click();
    await page.getByText("Leave without saving?").waitFor();
    await page.getByRole("button", { name: "Stay" }).click();
    expect(new URL(page.url()).pathname).toBe(`/app/lab-reports/${ids.cherry}`);

    await saveBar.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => toasts(page), POLL).toContain("Your edit is saved.");
    await saveBar.waitFor({ state: "hidden" });
    const edited = await database.prisma.description.findFirstOrThrow({
      where: { shop: SHOP, reportId: ids.cherry, source: "merchant" },
    });
    expect(edited.html).toContain("<strong>Hand-trimmed in small batches.</strong>");
    expect(edited.html).toContain('href="https://coa-link.invalid/pending"');

    await page.getByRole("button", { name: "Approve and publish" }).click();
    await expect
      .poll(() => approvals(ids.cherry ?? "").map((e) => e.data.descriptionId), POLL)
      .toEqual([edited.id]);

    // The run publishes (its publish step is covered against Shopify's double elsewhere); the
    // page then offers the product in the admin and on the store, and Restore.
    const id = ids.cherry ?? "";
    await database.prisma.description.create({
      data: {
        shop: SHOP,
        reportId: id,
        version: 0,
        html: "<p>The product's own words.</p>",
        seoTitle: "",
        seoDescription: "",
        source: "previous-product",
      },
    });
    await moveLabReport(database.prisma, SHOP, id, "publishing");
    await moveLabReport(database.prisma, SHOP, id, "published");
    await page.getByRole("heading", { name: /^Published on / }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole("link", { name: "View product" }).getAttribute("href")).toBe(
      "shopify://admin/products/8800001",
    );
    expect(await page.getByRole("link", { name: "View on store" }).getAttribute("href")).toBe(
      `https://${SHOP}/products/cherry-punch-3-5g`,
    );
    await page.getByRole("button", { name: "Restore the previous product description" }).waitFor();
    expect(await page.locator("main").innerText()).not.toMatch(
      /before publishing|Nothing is on your product yet/,
    );
    await lookAt(page, "report-published");
  }, 120_000);

  it("offers the earlier report when the same COA is uploaded again", async () => {
    const page = await go("/app/lab-reports/new");
    await uploadFile(page, CHERRY, coa("01_sc-labs_cherry-punch.pdf"));
    await page.getByText("This COA is already uploaded").waitFor();
    await lookAt(page, "upload-duplicate");
    await page.getByRole("link", { name: "Open that report" }).click();
    await page.waitForURL(new RegExp(`/app/lab-reports/${ids.cherry}`));
    expect(await database.prisma.labReport.count({ where: { shop: SHOP } })).toBe(2);
  }, 60_000);

  it("lists reports with tabs, search and bulk approve", async () => {
    let page = await go("/app/lab-reports/new");
    await uploadFile(page, JACK, coa("03_caligreen-cc_classic-jack.pdf"));
    ids.jack = await reportIdFromUrl(page);
    await driveToApproval(database.prisma, SHOP, ids.jack);

    page = await go("/app/lab-reports");
    const table = page.locator("table");
    await table.getByText("Classic Jack 3.5g").waitFor();
    for (const heading of ["Product", "Status", "Total THC", "Lab", "Batch", "Uploaded"]) {
      await table.getByRole("columnheader", { name: heading }).first().waitFor();
    }
    await page.getByRole("tab", { name: "Awaiting approval" }).click();
    await page.waitForURL(/tab=awaiting-approval/);
    await expect.poll(() => table.getByText("Cherry Punch 3.5g").count(), POLL).toBe(0);
    await page.getByRole("textbox", { name: "Search lab reports" }).fill("classic");
    await page.waitForURL(/q=classic/);
    await expect.poll(() => table.getByText("Grape Hemp CBD Gummies").count(), POLL).toBe(0);
    measured.list = await vitals(page);
    await lookAt(page, "list-awaiting-search");

    await table
      .getByRole("row", { name: /Classic Jack/ })
      .getByRole("checkbox")
      .check();
    await page.getByRole("button", { name: "Approve and publish" }).click();
    await expect.poll(() => approvals(ids.jack ?? "").length, POLL).toBe(1);
    await expect.poll(() => toasts(page), POLL).toContain("1 report publishing.");
  }, 120_000);

  it("saves settings from the save bar, with the region from a list, and guards unsaved changes", async () => {
    const page = await go("/app/settings");
    expect(await page.title()).toBe("Settings · Heady Lab Results");
    await page.getByLabel("Where you sell").selectOption("US-CA");
    const saveBar = page.getByRole("region", { name: "Unsaved changes" });
    await saveBar.waitFor();
    await lookAt(page, "settings-unsaved");
    await saveBar.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => toasts(page), POLL).toContain("Settings saved");
    await saveBar.waitFor({ state: "hidden" });
    const shop = await database.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(shop.complianceRegion).toBe("US-CA");

    await page.getByLabel("Brand voice").fill("Laid-back, no slang.");
    await page.getByRole("link", { name: "Home" }).first().click();
    await page.getByText("Leave without saving?").waitFor();
    await page.getByRole("button", { name: "Leave and discard" }).click();
    await page.waitForURL(/\/app\?|\/app$/);
    await page.getByText("Lab reports used this month", { exact: false }).waitFor();
  }, 60_000);

  it("answers an unknown report with the app's 404 page and a way back", async () => {
    const page = await go("/app/lab-reports/no-such-report");
    await page.getByText("We could not find that").waitFor();
    expect(await page.title()).toBe("Page not found · Heady Lab Results");
    await page.getByRole("link", { name: "Go to Lab reports" }).waitFor();
    await lookAt(page, "report-not-found");
    expect(
      admin.problems.filter((p) => !/Failed to load resource/.test(p)),
      "errors in the browser",
    ).toEqual([]);
  }, 60_000);
});
