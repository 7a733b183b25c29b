import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readWholeCatalog } from "~/integrations/shopify-admin-catalog.server";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import {
  loadMatchingTable,
  STILL_READING,
  type CatalogMatchDeps,
} from "~/merchant/catalog-matches.server";
import { confirmMatches } from "~/merchant/product-assignment.server";
import { readProductVariants } from "~/integrations/shopify-admin-catalog.server";
import { createTestDatabase, type TestDatabase } from "../db";
import { installShopifyAdminDouble } from "../doubles/shopify-admin";
import { driveToApproval } from "../drive-lab-report";
import { CATALOG_50 } from "../fixtures/catalog-50";

// A bulk upload's matching table over a shop of 50 products (the Admin double): the corpus COAs
// named after products, uploaded under neutral names, each proposed a product from what it prints;
// the catalog is read page by page, once, waiting out a THROTTLED answer; confirming the
// confident proposals links exactly those reports.
const SHOP = "bulk-matching.myshopify.com";
const double = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });
const DIR = new URL("../fixtures/coa/", import.meta.url);

const admin: AdminGraphql = (query, options) =>
  fetch(double().apiUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_test" },
    body: JSON.stringify({ query, variables: options?.variables ?? {} }),
  });

let database: TestDatabase;
const truth = new Map<string, string>();
const reportFile = new Map<string, string>();
const slept: number[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await database.prisma.shop.create({ data: { domain: SHOP } });
  for (const product of CATALOG_50) {
    const added = double().addProduct({ title: product.title, variants: product.variants });
    if (product.corpus) truth.set(product.corpus, added.id);
  }
  // 13 needs OCR (slow); the bench measures it.
  const files = readdirSync(DIR).filter(
    (f) => f.endsWith(".pdf") && truth.has(f.slice(0, 2)) && !f.startsWith("13"),
  );
  for (const [i, file] of files.entries()) {
    const row = await database.prisma.labReport.create({
      data: {
        shop: SHOP,
        fileName: `coa-${i + 1}.pdf`,
        sha256: String(i).padStart(64, "0"),
        sizeBytes: 1,
        file: { create: { bytes: readFileSync(new URL(file, DIR)) } },
      },
    });
    await driveToApproval(database.prisma, SHOP, row.id);
    reportFile.set(row.id, file);
  }
}, 300_000);

afterAll(async () => {
  await database?.cleanup();
});

function deps(): CatalogMatchDeps {
  return {
    db: database.prisma,
    readCatalog: () =>
      readWholeCatalog(admin, {
        pageSize: 20,
        sleep: async (ms) => {
          slept.push(ms);
        },
      }),
    async firstPageText(reportId) {
      const file = await database.prisma.labReportFile.findFirstOrThrow({ where: { reportId } });
      const read = await readPdfText(new Uint8Array(file.bytes));
      return read.ok ? (read.document.pages[0]?.items.map((i) => i.str).join(" ") ?? "") : null;
    },
  };
}

describe("bulk matching on a 50-product catalog", () => {
  it("reads the catalog page by page, waiting out a THROTTLED answer for the time Shopify's cost implies", async () => {
    const before = double().operations.length;
    double().failNext(
      { kind: "throttled", requestedQueryCost: 502, currentlyAvailable: 102, restoreRate: 100 },
      "LabResultsCatalog",
    );

    const catalog = await readWholeCatalog(admin, {
      pageSize: 20,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });

    expect(catalog.complete).toBe(true);
    expect(new Set(catalog.products.map((p) => p.id)).size).toBe(50);
    expect(slept).toEqual([4000]);
    const reads = double()
      .operations.slice(before)
      .map((o) => o.operationName);
    expect(reads).toEqual(Array(4).fill("LabResultsCatalog"));
  });

  it("proposes the right product for most COAs named after products, and no confident wrong one", async () => {
    const table = await loadMatchingTable(deps(), SHOP, null);

    const outcomes = table.rows.map((row) => {
      const expected = truth.get(reportFile.get(row.id)?.slice(0, 2) ?? "");
      return {
        file: reportFile.get(row.id),
        right: row.proposal?.productId === expected,
        proposed: row.proposal?.productTitle ?? null,
        high: row.proposal?.high ?? false,
      };
    });
    const right = outcomes.filter((o) => o.right).length;
    console.log(
      `bulk matching: ${right}/${outcomes.length} right on corpus COAs named after products`,
    );
    expect(outcomes.length).toBeGreaterThanOrEqual(8);
    expect(outcomes.filter((o) => !o.right && o.high)).toEqual([]);
    expect(right / outcomes.length, JSON.stringify(outcomes, null, 1)).toBeGreaterThanOrEqual(0.75);
  }, 120_000);

  it("does not wait for first pages still being read: the table stays live and the next load proposes from them", async () => {
    const asked: string[] = [];
    const busyReader: CatalogMatchDeps = {
      ...deps(),
      firstPageText: async (reportId) => {
        asked.push(reportId);
        return STILL_READING;
      },
    };
    const waiting = await loadMatchingTable(busyReader, SHOP, null);
    const settled = await loadMatchingTable(deps(), SHOP, null);

    // Some COAs need their first page for a confident proposal (else this test proves nothing).
    expect(asked.length).toBeGreaterThan(0);
    expect(waiting.live).toBe(true);
    expect(settled.live).toBe(false);
    for (const row of waiting.rows) {
      const later = settled.rows.find((r) => r.id === row.id)!;
      if (!asked.includes(row.id)) {
        expect(row.proposal).toEqual(later.proposal);
        continue;
      }
      // While the page is read, the row proposes nothing that could change with it.
      expect(row.state).toBe("matching");
      expect(row.proposal).toBeNull();
    }
    expect(
      settled.rows.filter((r) => asked.includes(r.id) && r.proposal?.high).length,
    ).toBeGreaterThan(0);
  }, 120_000);

  it("links exactly the confident proposals when the merchant confirms them all", async () => {
    const table = await loadMatchingTable(deps(), SHOP, null);
    const confident = table.rows.filter((r) => r.proposal?.high);
    expect(confident.length).toBeGreaterThan(0);

    const outcome = await confirmMatches(
      { db: database.prisma, readProduct: (id) => readProductVariants(admin, id) },
      SHOP,
      confident.map((r) => ({
        reportId: r.id,
        productId: r.proposal!.productId,
        variantIds: r.proposal!.variantId ? [r.proposal!.variantId] : [],
      })),
    );

    expect(outcome.refused).toEqual([]);
    const rows = await database.prisma.labReport.findMany({ where: { shop: SHOP } });
    const linked = rows.filter((r) => r.productId !== null);
    expect(linked.map((r) => r.id).sort()).toEqual(confident.map((r) => r.id).sort());
    for (const row of linked) {
      expect(row.productId).toBe(truth.get(reportFile.get(row.id)?.slice(0, 2) ?? ""));
      expect(row.status).toBe("awaiting-approval");
    }
    const after = await loadMatchingTable(deps(), SHOP, null);
    expect(after.rows).toHaveLength(rows.length - linked.length);
  }, 120_000);
});
