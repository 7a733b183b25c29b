import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser } from "playwright-core";
import { createLabReport, moveLabReport } from "~/models/lab-report.server";
import { qrCodeSvg } from "~/integrations/qr-code.server";
import { renderLabelSheet } from "~/merchant/qr-label-sheet";
import { createTestDatabase, type TestDatabase } from "../db";
import { driveToApproval } from "../drive-lab-report";
import { appProxyRequest, PRODUCTION_INNGEST_ENV, TEST_ENV } from "../shopify/requests";
import { buildApp, startAppServer, type AppServer } from "./app-server";
import { launchChromium } from "./admin-page";

/**
 * The shopper's lookup page in a real browser at phone size, served by the production build the
 * way Shopify's app proxy reaches it (a signed GET), for a corpus COA read by the real pipeline; and
 * the merchant's printable QR label sheet at letter size.
 */

const SHOP = "lookup-browser.myshopify.com";
const COA = path.resolve("test/fixtures/coa/01_sc-labs_cherry-punch.pdf");
const SHOTS = path.resolve("test-results");
const PHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let batch: string;

beforeAll(async () => {
  buildApp();
  database = await createTestDatabase();
  await database.prisma.shop.create({ data: { domain: SHOP } });
  const row = await createLabReport(database.prisma, {
    shop: SHOP,
    fileName: "cherry-punch.pdf",
    sha256: "cp",
    sizeBytes: 1,
    productTitle: "Cherry Punch — 3.5 g flower",
    bytes: readFileSync(COA),
  });
  await driveToApproval(database.prisma, SHOP, row.id);
  await moveLabReport(database.prisma, SHOP, row.id, "publishing");
  await moveLabReport(database.prisma, SHOP, row.id, "published");
  const stored = await database.prisma.labReport.findFirstOrThrow({ where: { id: row.id } });
  if (!stored.batch) throw new Error("the corpus COA's batch was not read");
  batch = stored.batch;
  server = await startAppServer({
    ...TEST_ENV,
    ...PRODUCTION_INNGEST_ENV,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
  });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.cleanup();
});

function signedUrl(pathname: string, query: Record<string, string> = {}): string {
  const signed = new URL(appProxyRequest({ shop: SHOP, path: pathname, query }).url);
  return `${server.url}${signed.pathname}${signed.search}`;
}

describe("the lookup page on a phone", () => {
  it("shows the batch's results readably at 390 px, with nothing wider than the screen", async () => {
    const context = await browser.newContext({
      userAgent: PHONE_UA,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const response = await page.goto(signedUrl(`/proxy/lab/${encodeURIComponent(batch)}`));
    expect(response?.status(), server.output()).toBe(200);

    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Cherry Punch — 3.5 g flower",
    );
    await page.getByText("Total THC").waitFor();
    await page.getByRole("link", { name: "View the lab's certificate (PDF)" }).waitFor();
    // One request: the document. No script, font, image or stylesheet to wait for.
    expect(requests).toHaveLength(1);
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      smallestTarget: Math.min(
        ...[...document.querySelectorAll("a.button, button, input")].map(
          (e) => e.getBoundingClientRect().height,
        ),
      ),
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(390);
    expect(layout.smallestTarget).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: path.join(SHOTS, "lookup-phone.png"), fullPage: true });

    // The PDF link serves the certificate itself.
    const pdf = await page.request.get(
      signedUrl(`/proxy/lab/${encodeURIComponent(batch)}/coa.pdf`),
    );
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.body())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    await context.close();
  });

  it("answers an unknown batch with the friendly page and a search box", async () => {
    const context = await browser.newContext({
      userAgent: PHONE_UA,
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const page = await context.newPage();
    const response = await page.goto(signedUrl("/proxy/lab", { batch: "NO-SUCH-LOT" }));
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { name: "We couldn't find that batch" }).waitFor();
    await expect(page.getByLabel(/Batch number/).inputValue()).resolves.toBe("NO-SUCH-LOT");
    await page.screenshot({ path: path.join(SHOTS, "lookup-phone-404.png"), fullPage: true });
    await context.close();
  });
});

describe("the QR label sheet", () => {
  it("lays out label-sized codes that print 24 to a letter page", async () => {
    const labels = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const lot = `CP-${String(1000 + i)}`;
        const url = `https://www.orchard-dispensary.example/apps/lab/${lot}`;
        return { batch: lot, productTitle: "Cherry Punch 3.5g", url, svg: await qrCodeSvg(url) };
      }),
    );
    const page = await browser.newPage({ viewport: { width: 816, height: 1056 } });
    await page.setContent(renderLabelSheet(labels));
    await page.emulateMedia({ media: "print" });
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll(".label")].map((label) => {
        const outer = label.getBoundingClientRect();
        const code = label.querySelector("svg")?.getBoundingClientRect();
        const caption = label.querySelector(".batch")?.getBoundingClientRect();
        return {
          label: Math.round(outer.width),
          code: Math.round(code?.width ?? 0),
          inside:
            !!code &&
            !!caption &&
            code.left >= outer.left &&
            code.right <= outer.right &&
            caption.bottom <= outer.bottom,
        };
      }),
    );
    // 1.5 in labels holding a 1.1 in code and its caption, at CSS's 96 px per inch.
    expect(boxes).toHaveLength(24);
    expect(boxes.every((b) => b.label === 144 && b.code === 106 && b.inside)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "qr-label-sheet.png"), fullPage: true });
    const pdf = await page.pdf({ format: "Letter", preferCSSPageSize: true });
    // One sheet: 4 × 6 labels fit a letter page within its margins.
    expect((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    await page.close();
  });
});

describe("the theme block's variant switch", () => {
  it("shows the picked variant's report and falls back to the product's", async () => {
    // The markup the block renders for a product with its own report and one for the 30 mg variant
    // (Liquid cannot run here), with the block's script from the extension's assets.
    const script = readFileSync(
      path.resolve("extensions/lab-results/assets/lab-results-variant.js"),
      "utf8",
    );
    const page = await browser.newPage({ viewport: { width: 390, height: 600 } });
    await page.setContent(`<form action="/cart/add"><label>Size
      <select name="id"><option value="101">10 mg</option><option value="102">30 mg</option></select></label></form>
      <section data-heady-lab-results><h3>Lab results</h3>
      <div data-heady-report="product"><p>Batch GUM-A</p></div>
      <div data-heady-report="102" hidden><p>Batch GUM-30-B</p></div></section>
      <script>${script}</script>`);
    const visible = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>("[data-heady-report]")]
          .filter((e) => !e.hidden)
          .map((e) => e.textContent?.trim()),
      );
    expect(await visible()).toEqual(["Batch GUM-A"]);
    await page.selectOption("select", "102");
    await expect.poll(visible).toEqual(["Batch GUM-30-B"]);
    await page.screenshot({ path: path.join(SHOTS, "theme-block-variant.png") });
    await page.selectOption("select", "101");
    await expect.poll(visible).toEqual(["Batch GUM-A"]);
    await page.close();
  });
});
