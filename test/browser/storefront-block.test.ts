import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser } from "playwright-core";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import { DESKTOP, PHONE, seriousViolations, launchChromium } from "./admin-page";
import { DAWN_PAGE, metafieldsFor, renderBlock } from "./theme-block";

/**
 * The theme block as a shopper sees it: the Liquid rendered (liquidjs, with Shopify's `t` and
 * `handle` filters) from the metafields publishing writes for a corpus COA, on a page styled with
 * Dawn's default colour scheme (text rgba(18,18,18,0.75) on white), checked with axe-core.
 */

const SHOTS = path.resolve("test-results");

let browser: Browser;
let metafields: Record<string, { value: unknown }>;

beforeAll(async () => {
  const extracted = await readLabReportFromPdf(
    new Uint8Array(readFileSync("test/fixtures/coa/15_cdx-analytics_dosidos-22.pdf")),
    { readPdfText: (pdf) => readPdfText(pdf) },
  );
  if (!extracted.ok) throw new Error(extracted.error.message);
  metafields = metafieldsFor(extracted.report);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

function render(settings: Record<string, unknown>): Promise<string> {
  return renderBlock(metafields, settings);
}

describe("the lab results block on a product page", () => {
  it("hides results not detected by default, explains its marks, and passes axe on Dawn's colours", async () => {
    const html = await render({});
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.setContent(DAWN_PAGE(html));
    const rows = await page.locator(".heady-lab-results__table td").allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((cell) => cell.trim() === "ND")).toEqual([]);
    const legend = await page.locator(".heady-lab-results__legend").innerText();
    expect(legend).toContain("calculated from the printed results");
    // Names are the display names, not the lab's spelling ("CBDA") or a key.
    const names = await page.locator(".heady-lab-results__table th").allInnerTexts();
    expect(names).toContain("CBDa");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({
      path: path.join(SHOTS, "storefront-block-desktop.png"),
      fullPage: true,
    });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SHOTS, "storefront-block-phone.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it("shows ND rows when the merchant asks, and leaves out what the description states when told to", async () => {
    const all = await render({ hide_not_detected: false });
    expect(all).toMatch(/<td>ND<\/td>/);
    expect(all).toContain("ND: not detected.");

    const complement = await render({ content: "complement" });
    expect(complement).not.toContain("heady-lab-results__facts");
    expect(complement).toContain("heady-lab-results__table");
  });
});
