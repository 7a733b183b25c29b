import { readFileSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readCatalogPage, type CatalogProduct } from "~/integrations/shopify-admin-catalog.server";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import { HIGH_CONFIDENCE, matchCoaToCatalog } from "~/pipeline/catalog-match";
import { extractLabReport } from "~/pipeline/extract-lab-report";
import { installShopifyAdminDouble } from "../doubles/shopify-admin";
import { CATALOG_50 } from "../fixtures/catalog-50";

// Bulk upload proposes a product for each COA from what the COA prints, against the shop's catalog
// read through the Admin API (the double, 50 products). The COAs are the corpus files in
// test/fixtures/coa named after products; their upload names are neutral ("coa-1.pdf"), so only the
// document's own words can match them. (The full corpus: npm run bench:catalog-matching.)
const SHOP = "catalog-match.myshopify.com";
const double = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });
const DIR = new URL("../fixtures/coa/", import.meta.url);

const admin: AdminGraphql = (query, options) =>
  fetch(double().apiUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_test" },
    body: JSON.stringify({ query, variables: options?.variables ?? {} }),
  });

const catalog: CatalogProduct[] = [];
const truth = new Map<string, string>();

beforeAll(async () => {
  for (const product of CATALOG_50) {
    const added = double().addProduct({ title: product.title, variants: product.variants });
    if (product.corpus) truth.set(product.corpus, added.id);
  }
  let after: string | null = null;
  do {
    const page = await readCatalogPage(admin, { after, first: 20 });
    catalog.push(...page.products);
    after = page.nextCursor;
  } while (after);
});

async function propose(file: string) {
  const read = await readPdfText(new Uint8Array(readFileSync(new URL(file, DIR))));
  if (!read.ok) throw new Error(read.error.message);
  const extracted = await extractLabReport(read.document);
  if (!extracted.ok) throw new Error(extracted.error.message);
  const firstPage = read.document.pages[0]?.items.map((i) => i.str).join(" ") ?? "";
  return matchCoaToCatalog({ ...extracted.report.sample, documentText: firstPage }, catalog);
}

describe("bulk matching against a 50-product catalog", () => {
  it("reads the whole catalog page by page through the Admin API", () => {
    expect(catalog).toHaveLength(50);
    expect(new Set(catalog.map((p) => p.id)).size).toBe(50);
  });

  it("proposes the right product for the COAs named after products, and no confident wrong one", async () => {
    // Files whose COA names the product; 13 needs OCR (slow) and is measured by the bench instead.
    const files = readdirSync(DIR).filter(
      (f) => f.endsWith(".pdf") && truth.has(f.slice(0, 2)) && !f.startsWith("13"),
    );
    const outcomes = [];
    for (const file of files) {
      const match = await propose(file);
      const right = match?.productId === truth.get(file.slice(0, 2));
      outcomes.push({
        file,
        right,
        proposed: match?.productTitle ?? null,
        confidence: match?.confidence ?? 0,
      });
    }
    expect(outcomes.length).toBeGreaterThanOrEqual(8);
    const wrongButConfident = outcomes.filter(
      (o) => !o.right && o.proposed && o.confidence >= HIGH_CONFIDENCE,
    );
    expect(wrongButConfident).toEqual([]);
    const share = outcomes.filter((o) => o.right).length / outcomes.length;
    expect(share, JSON.stringify(outcomes, null, 1)).toBeGreaterThanOrEqual(0.75);
  }, 120_000);

  it("takes a variant whose SKU is the COA's batch over any name", () => {
    const product = catalog.find((p) => p.title === "Jack Herer");
    if (!product?.variants[0]) throw new Error("fixture");
    const withSku = catalog.map((p) =>
      p.id === product.id ? { ...p, variants: [{ ...product.variants[0]!, sku: "JH-0425-B" }] } : p,
    );
    const match = matchCoaToCatalog(
      { productName: "Cherry Punch", strain: null, batch: "jh 0425 b" },
      withSku,
    );
    expect(match).toMatchObject({ productId: product.id, basis: "sku", confidence: 0.99 });
  });

  it("proposes nothing for a COA whose name fits no product", () => {
    expect(
      matchCoaToCatalog({ productName: "Quantum Nebula", strain: null, batch: null }, catalog),
    ).toBeNull();
  });
});
