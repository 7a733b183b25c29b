import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, type Page } from "playwright-core";
import { AppProvider, BlockStack, Page as PolarisPage } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import type { LabReport } from "~/pipeline/lab-report";
import { AnalyteTables } from "~/components/AnalyteTables";
import { PerUnitSection } from "~/components/PerUnitAmounts";
import { ReportTotals, SampleFacts } from "~/components/ReportFigures";
import { SafetySection } from "~/components/SafetySection";
import { DESKTOP, PHONE, launchChromium } from "./admin-page";
import { DAWN_PAGE, metafieldsFor, renderBlock } from "./theme-block";

/**
 * Amounts per serving as a merchant and a shopper read them: the report page's figures (the
 * Polaris components the page renders, server-rendered with Polaris's styles) and the theme block,
 * for an edible whose COA prints mg/g rows and totals per serving, and a flower's terpenes.
 * Photographed at desktop and phone widths into test-results/.
 */

const SHOTS = path.resolve("test-results");
const POLARIS_CSS = readFileSync(
  path.resolve("node_modules/@shopify/polaris/build/esm/styles.css"),
  "utf8",
);

let browser: Browser;
let gummies: LabReport;
let flower: LabReport;

async function read(file: string): Promise<LabReport> {
  const bytes = new Uint8Array(readFileSync(path.resolve("test/fixtures/coa", file)));
  const result = await readLabReportFromPdf(bytes, { readPdfText: (pdf) => readPdfText(pdf) });
  if (!result.ok) throw new Error(result.error.message);
  return result.report;
}

/** The report page's figure sections, in the page's order, as static HTML with Polaris's CSS. */
function adminPage(report: LabReport, title: string): string {
  const body = renderToString(
    h(
      AppProvider,
      { i18n: en },
      h(
        PolarisPage,
        { title },
        h(
          BlockStack,
          { gap: "400" },
          h(ReportTotals, { report, uncertainFields: [] }),
          h(PerUnitSection, { report }),
          h(SafetySection, { report }),
          h(SampleFacts, { report }),
          h(AnalyteTables, { report, uncertainFields: [] }),
        ),
      ),
    ),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>${POLARIS_CSS}</style></head><body style="background:#f1f1f1">${body}</body></html>`;
}

async function shoot(page: Page, html: string, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await page.setContent(html);
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
}

beforeAll(async () => {
  [gummies, flower] = await Promise.all([
    read("14_cannasafe_grape-cbd-gummies.pdf"),
    read("01_sc-labs_cherry-punch.pdf"),
  ]);
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe("amounts per serving, as merchants and shoppers read them", () => {
  it("shows an edible's per-serving amounts as amounts per serving on the report page", async () => {
    const page = await browser.newPage();
    await shoot(page, adminPage(gummies, "Grape Hemp CBD Gummies"), "per-unit-admin-edible");
    const text = await page.locator("body").innerText();
    expect(text).toMatch(/Amounts per serving/);
    expect(text).toMatch(/6\.81 mg THC per serving/);
    expect(text).toMatch(/30\.4 mg CBD per serving/);
    expect(text).toMatch(/Serving size: 1 gummy, 7\.0 grams/);
    expect(text).toMatch(/Amounts per package/);
    expect(text).toMatch(/136 mg THC per package/);
    // Never a per-serving figure among the concentrations' totals.
    const totals = await page.locator("text=Total THC").first().locator("..").innerText();
    expect(totals).not.toMatch(/mg per serving|mg\/serving/);
    await page.close();
  });

  it("shows an edible's per-serving amounts as such in the theme block", async () => {
    const page = await browser.newPage();
    const html = DAWN_PAGE(await renderBlock(metafieldsFor(gummies)), "Grape Hemp CBD Gummies");
    await shoot(page, html, "per-unit-block-edible");
    const perServing = await page.locator("table.heady-lab-results__table--per-unit").first();
    const text = await perServing.innerText();
    expect(text).toMatch(/Amount per serving/);
    expect(text).toMatch(/6\.81 mg THC per serving/);
    expect(text).not.toMatch(/\d\.\d{4}/);
    await page.close();
  });

  it("shows a flower's terpenes in one unit in both places", async () => {
    const page = await browser.newPage();
    await shoot(page, adminPage(flower, "Cherry Punch 3.5g"), "per-unit-admin-flower");
    const adminText = await page.locator("body").innerText();
    expect(adminText).toMatch(/Terpenes/);
    await shoot(page, DAWN_PAGE(await renderBlock(metafieldsFor(flower))), "per-unit-block-flower");
    const terpenes = page.locator("table", { hasText: "Terpenes" }).first();
    const units = new Set(
      ((await terpenes.innerText()).match(/\d\s*(%|mg\/g|ppm)/g) ?? []).map((m) =>
        m.replace(/^\d\s*/, ""),
      ),
    );
    expect(units.size).toBe(1);
    await page.close();
  });
});
