import { readFileSync } from "node:fs";
import path from "node:path";
import { Liquid, Tag, type TagToken, type TopLevelToken } from "liquidjs";
import { coaFileMetafield, planLabReportPublish } from "~/pipeline/publish-plan";
import type { LabReport } from "~/pipeline/lab-report";

/**
 * The theme block rendered as Shopify would: the Liquid (liquidjs, with Shopify's `t`, `handle`
 * and `asset_url` filters) over the metafields publishing writes, on a page styled with Dawn's
 * default colour scheme.
 */

export const EXTENSION = path.resolve("extensions/lab-results");
const LOCALE = JSON.parse(readFileSync(path.join(EXTENSION, "locales/en.default.json"), "utf8"));
export const BLOCK = readFileSync(path.join(EXTENSION, "blocks/lab-results.liquid"), "utf8");
const CSS = readFileSync(path.join(EXTENSION, "assets/lab-results.css"), "utf8");

export const DAWN_PAGE = (
  body: string,
  title = "Cherry Punch 3.5g",
) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${title} – Dawn</title><style>
  :root { --color-foreground: 18, 18, 18; --color-background: 255, 255, 255; }
  body { margin: 0; font-family: Assistant, system-ui, sans-serif; font-size: 16px; line-height: 1.8;
    letter-spacing: 0.06rem; color: rgba(var(--color-foreground), 0.75);
    background: rgb(var(--color-background)); }
  h1, h2, h3, h4 { color: rgb(var(--color-foreground)); }
  a { color: rgb(var(--color-foreground)); }
  main { max-width: 40rem; margin: 0 auto; padding: 1.5rem; }
  ${CSS}
</style></head><body><main><h1>${title}</h1><h2>Product details</h2>${body}</main></body></html>`;

export function liquid(): Liquid {
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

/** The metafields publishing writes for a report, as a theme reads them. */
export function metafieldsFor(report: LabReport): Record<string, { value: unknown }> {
  const plan = planLabReportPublish(report, {
    descriptionHtml: "<p>Lab tested.</p>",
    seoTitle: "Lab tested",
    seoDescription: "Lab tested.",
  });
  const metafields: Record<string, { value: unknown }> = {};
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
  return metafields;
}

/** The block's HTML for a product with these metafields and block settings. */
export function renderBlock(
  metafields: Record<string, { value: unknown }>,
  settings: Record<string, unknown> = {},
): Promise<string> {
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
