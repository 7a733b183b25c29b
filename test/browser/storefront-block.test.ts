import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { Liquid, Tag, type TagToken, type TopLevelToken } from "liquidjs";
import { readPdfText } from "~/integrations/pdf-text.server";
import { extractLabReport } from "~/pipeline/extract-lab-report";
import { coaFileMetafield, planLabReportPublish } from "~/pipeline/publish-plan";
import { DESKTOP, PHONE, seriousViolations } from "./admin-page";

/**
 * The theme block as a shopper sees it: the Liquid rendered (liquidjs, with Shopify's `t` and
 * `handle` filters) from the metafields publishing writes for a corpus COA, on a page styled with
 * Dawn's default colour scheme (text rgba(18,18,18,0.75) on white), checked with axe-core.
 */

const EXTENSION = path.resolve("extensions/lab-results");
const SHOTS = path.resolve("test-results");
const LOCALE = JSON.parse(readFileSync(path.join(EXTENSION, "locales/en.default.json"), "utf8"));
const BLOCK = readFileSync(path.join(EXTENSION, "blocks/lab-results.liquid"), "utf8");
const CSS = readFileSync(path.join(EXTENSION, "assets/lab-results.css"), "utf8");

const DAWN_PAGE = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Cherry Punch – Dawn</title><style>
  :root { --color-foreground: 18, 18, 18; --color-background: 255, 255, 255; }
  body { margin: 0; font-family: Assistant, system-ui, sans-serif; font-size: 16px; line-height: 1.8;
    letter-spacing: 0.06rem; color: rgba(var(--color-foreground), 0.75);
    background: rgb(var(--color-background)); }
  h1, h2, h3, h4 { color: rgb(var(--color-foreground)); }
  a { color: rgb(var(--color-foreground)); }
  main { max-width: 40rem; margin: 0 auto; padding: 1.5rem; }
  ${CSS}
</style></head><body><main><h1>Cherry Punch 3.5g</h1><h2>Product details</h2>${body}</main></body></html>`;

function liquid(): Liquid {
  const engine = new Liquid({ strictFilters: true });
  engine.registerFilter("t", (key: string) => {
    const value = key
      .split(".")
      .reduce<unknown>(
        (node, part) => (node as Record<string, unknown> | undefined)?.[part],
        LOCALE,
      );
    if (typeof value !== "string") throw new Error(`Missing translation ${key}`);
    return value;
  });
  engine.registerFilter("handle", (text: string) =>
    String(text)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, ""),
  );
  // Shopify serves an extension's assets from its CDN; the block's script is not needed here.
  engine.registerFilter("asset_url", (name: string) => `/assets/${String(name)}`);
  // Shopify reads {% schema %} itself; a theme renders nothing for it.
  engine.registerTag(
    "schema",
    class extends Tag {
      constructor(token: TagToken, remain: TopLevelToken[], engine: Liquid) {
        super(token, remain, engine);
        while (remain.length) {
          const next = remain.shift() as TagToken;
          if (next.name === "endschema") return;
        }
      }
      *render() {}
    },
  );
  return engine;
}

let browser: Browser;
let metafields: Record<string, { value: unknown }>;

beforeAll(async () => {
  const read = await readPdfText(
    new Uint8Array(readFileSync("test/fixtures/coa/15_cdx-analytics_dosidos-22.pdf")),
  );
  if (!read.ok) throw new Error(read.error.message);
  const extracted = await extractLabReport(read.document);
  if (!extracted.ok) throw new Error(extracted.error.message);
  const plan = planLabReportPublish(extracted.report, {
    descriptionHtml: "<p>Lab tested.</p>",
    seoTitle: "Dosidos",
    seoDescription: "Lab tested.",
  });
  metafields = {};
  for (const m of [...plan.metafields, coaFileMetafield("gid://shopify/GenericFile/1")]) {
    metafields[m.key] = {
      value:
        m.type === "json"
          ? JSON.parse(m.value)
          : m.type === "file_reference"
            ? { url: "https://cdn.shopify.com/s/files/coa.pdf" }
            : m.value,
    };
  }
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function render(settings: Record<string, unknown>): Promise<string> {
  return liquid().parseAndRender(BLOCK, {
    product: { metafields: { "$app:lab_results": metafields } },
    block: {
      shopify_attributes: "",
      settings: {
        heading: "",
        show_panels: true,
        show_cannabinoids: true,
        show_terpenes: true,
        hide_not_detected: true,
        content: "all",
        ...settings,
      },
    },
  });
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
