import { readFileSync } from "node:fs";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import { driveToApproval } from "../../test/drive-lab-report";

// Bulk upload: each file is its own request, stored without a product and counted against the
// plan on its own; the page's table proposes a product per COA from the catalog (read through the
// Admin API double) and confirming the proposals links the reports, publishing nothing.
const SHOP = "bulk-page.myshopify.com";
const harness = useMerchantRoutes({ COA_MAX_BYTES: String(1024 * 1024) });
const shopify = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });
let uploadRoute: typeof import("./app.lab-reports.bulk.upload");
let page: typeof import("./app.lab-reports.bulk");

const coa = (name: string) => new Uint8Array(readFileSync(`test/fixtures/coa/${name}`));

beforeAll(async () => {
  uploadRoute = await import("./app.lab-reports.bulk.upload");
  page = await import("./app.lab-reports.bulk");
  // The Inngest Event API double is a real local server: let it past the Shopify double's msw.
  shopify().server.use(
    http.all(`${harness().events.baseUrl.replace(/\/$/, "")}/*`, () => passthrough()),
  );
});

async function sendFile(shop: string, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.set("file", new File([Buffer.from(bytes)], name, { type: "application/pdf" }));
  const request = await adminRequest(shop, "/app/lab-reports/bulk/upload", {
    method: "POST",
    body: form,
  });
  return settle(() => uploadRoute.action({ request, params: {}, context: {} }));
}

async function table(shop: string, ids: string[]) {
  const request = await adminRequest(shop, `/app/lab-reports/bulk?ids=${ids.join(",")}`);
  const response = await settle(() => page.loader({ request, params: {}, context: {} }));
  expect(response.status).toBe(200);
  return (await response.json()).table;
}

async function post(shop: string, fields: Record<string, string>) {
  const request = await adminRequest(shop, "/app/lab-reports/bulk", {
    method: "POST",
    body: new URLSearchParams(fields),
  });
  return settle(() => page.action({ request, params: {}, context: {} }));
}

describe("bulk upload", () => {
  it("stores each file as its own report without a product, and stops at the plan's allowance", async () => {
    const shop = "bulk-quota.myshopify.com";
    await harness().installShop(shop);
    // The free plan's 3 reports a month, 1 already used.
    await harness().prisma.labReport.create({
      data: { shop, fileName: "old.pdf", sha256: "0".repeat(64), sizeBytes: 1 },
    });

    const first = await sendFile(shop, coa("03_caligreen-cc_classic-jack.pdf"), "a.pdf");
    const again = await sendFile(shop, coa("03_caligreen-cc_classic-jack.pdf"), "a-copy.pdf");
    const notPdf = await sendFile(shop, new TextEncoder().encode("not a pdf"), "c.pdf");
    const second = await sendFile(shop, coa("06_infinite-chemical-cc_g13-genius.pdf"), "b.pdf");
    const third = await sendFile(shop, coa("01_sc-labs_cherry-punch.pdf"), "d.pdf");

    expect(first.status).toBe(201);
    const { reportId } = await first.json();
    const stored = await harness().prisma.labReport.findUniqueOrThrow({ where: { id: reportId } });
    expect(stored).toMatchObject({ shop, productId: null, status: "queued", fileName: "a.pdf" });
    // A copy of a stored COA and a file that is not a PDF spend nothing of the plan.
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ ok: false, reason: "duplicate", reportId });
    expect(notPdf.status).toBe(422);
    expect(second.status).toBe(201);
    // The plan is used up: refused before the file is read.
    expect(third.status).toBe(402);
    expect(await third.json()).toMatchObject({ ok: false, reason: "plan-limit-reached" });
    expect(await harness().prisma.labReport.count({ where: { shop } })).toBe(3);
  });

  it("proposes each COA's product from the catalog, and confirming the confident ones links them", async () => {
    await harness().installShop(SHOP);
    const jack = shopify().addProduct({
      title: "Classic Jack Flower",
      variants: [{ title: "3.5g" }],
    });
    const g13 = shopify().addProduct({ title: "G13 Genius", variants: [{ title: "3.5g" }] });
    shopify().addProduct({ title: "Jack Herer", variants: [{ title: "3.5g" }] });
    shopify().addProduct({ title: "Purple Kush", variants: [{ title: "3.5g" }] });
    const ids: string[] = [];
    for (const name of [
      "03_caligreen-cc_classic-jack.pdf",
      "06_infinite-chemical-cc_g13-genius.pdf",
    ]) {
      const response = await sendFile(SHOP, coa(name), `${ids.length + 1}.pdf`);
      const { reportId } = await response.json();
      ids.push(reportId);
    }

    const reading = await table(SHOP, ids);
    expect(reading).toMatchObject({ live: true });
    expect(reading.rows.map((r: { state: string }) => r.state)).toEqual(["reading", "reading"]);

    for (const id of ids) await driveToApproval(harness().prisma, SHOP, id);
    const catalogReads = () =>
      shopify().operations.filter((o) => o.operationName === "LabResultsCatalog").length;
    const readsBefore = catalogReads();
    const proposed = await table(SHOP, ids);
    await table(SHOP, ids);

    expect(catalogReads() - readsBefore).toBe(1);
    expect(proposed.live).toBe(false);
    expect(proposed.rows).toMatchObject([
      { id: ids[0], state: "proposed", proposal: { productId: jack.id, high: true } },
      { id: ids[1], state: "proposed", proposal: { productId: g13.id, high: true } },
    ]);

    const matches = proposed.rows.map((r: { id: string; proposal: { productId: string } }) => ({
      reportId: r.id,
      productId: r.proposal.productId,
      variantIds: [],
    }));
    const confirmed = await post(SHOP, { intent: "confirm", matches: JSON.stringify(matches) });

    expect(confirmed.status).toBe(200);
    const rows = await harness().prisma.labReport.findMany({
      where: { id: { in: ids } },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.productId, r.productTitle, r.status])).toEqual([
      [jack.id, "Classic Jack Flower", "awaiting-approval"],
      [g13.id, "G13 Genius", "awaiting-approval"],
    ]);
    const linked = await table(SHOP, ids);
    expect(linked.rows.map((r: { state: string }) => r.state)).toEqual(["linked", "linked"]);
  });

  it("does not link another shop's report", async () => {
    const other = "bulk-other.myshopify.com";
    await harness().installShop(other);
    const theirs = await harness().prisma.labReport.create({
      data: { shop: other, fileName: "x.pdf", sha256: "f".repeat(64), sizeBytes: 1 },
    });
    const product = shopify().addProduct({ title: "Runtz", variants: [{ title: "3.5g" }] });

    const response = await post(SHOP, {
      intent: "confirm",
      matches: JSON.stringify([{ reportId: theirs.id, productId: product.id, variantIds: [] }]),
    });

    expect(response.status).toBe(409);
    const row = await harness().prisma.labReport.findUniqueOrThrow({ where: { id: theirs.id } });
    expect(row.productId).toBeNull();
    expect(await table(SHOP, [theirs.id])).toMatchObject({ rows: [] });
  });
});
