import { beforeAll, describe, expect, it } from "vitest";
import { createLabReport, moveLabReport, storeExtractedReport } from "~/models/lab-report.server";
import { flowerReport } from "../../test/writer-test-reports";
import type { LabReport } from "~/pipeline/lab-report";
import { appProxyRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";

const harness = useMerchantRoutes();
let searchRoute: typeof import("~/routes/proxy.lab._index");
let batchRoute: typeof import("~/routes/proxy.lab.$batch._index");
let fileRoute: typeof import("~/routes/proxy.lab.$batch.coa[.]pdf");

const SHOP = "lookup-a.myshopify.com";
const OTHER_SHOP = "lookup-b.myshopify.com";
const PDF = new TextEncoder().encode("%PDF-1.7 the certificate");

beforeAll(async () => {
  searchRoute = await import("~/routes/proxy.lab._index");
  batchRoute = await import("~/routes/proxy.lab.$batch._index");
  fileRoute = await import("~/routes/proxy.lab.$batch.coa[.]pdf");
  await harness().installShop(SHOP);
  await harness().installShop(OTHER_SHOP);
  await storeReport(SHOP, flowerReport(), { productTitle: "Orchard Haze — 3.5 g jar" });
  await storeReport(
    SHOP,
    { ...flowerReport(), sample: { ...flowerReport().sample, batch: "DRAFT-7" } },
    {
      publish: false,
    },
  );
  await storeReport(OTHER_SHOP, {
    ...flowerReport(),
    sample: { ...flowerReport().sample, batch: "ONLY-B-1" },
  });
});

async function storeReport(
  shop: string,
  report: LabReport,
  { productTitle = "A product", publish = true }: { productTitle?: string; publish?: boolean } = {},
) {
  const { prisma } = harness();
  const row = await createLabReport(prisma, {
    shop,
    fileName: "coa.pdf",
    sha256: `${shop}-${report.sample.batch}`,
    sizeBytes: PDF.byteLength,
    productId: "gid://shopify/Product/1",
    productTitle,
    bytes: PDF,
  });
  await storeExtractedReport(prisma, shop, row.id, { report });
  const steps = publish
    ? (["extracting", "writing", "publishing", "published"] as const)
    : (["extracting", "writing", "awaiting-approval"] as const);
  for (const to of steps)
    expect(await moveLabReport(prisma, shop, row.id, to)).toEqual({ ok: true });
  return row.id;
}

function openBatch(batch: string, options: Partial<Parameters<typeof appProxyRequest>[0]> = {}) {
  const request = appProxyRequest({
    shop: SHOP,
    path: `/proxy/lab/${encodeURIComponent(batch)}`,
    ...options,
  });
  return settle(() => batchRoute.loader({ request, params: { batch }, context: {} }));
}

describe("the shopper's lookup page (app proxy)", () => {
  it("shows a published batch's results, COA and verification link to a request Shopify signed", async () => {
    const response = await openBatch("OH-2024-118");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain("<h1>Orchard Haze — 3.5 g jar</h1>");
    expect(html).toContain("Batch <strong>OH-2024-118</strong>");
    expect(html).toContain("<dt>Total THC</dt><dd>22.41%</dd>");
    expect(html).toContain("Example Analytical Labs");
    expect(html).toContain("March 5, 2024");
    expect(html).toMatch(/Pesticides<\/span><span class="s-pass">Passed/);
    expect(html).toContain('href="/apps/lab/OH-2024-118/coa.pdf"');
    expect(html).toContain('href="https://lab.example/coa/EAL-55120"');
    expect(html).toContain('<form action="/apps/lab" method="get" role="search">');
    // No client framework, nothing fetched from elsewhere.
    expect(html).not.toMatch(/<script|<link|<img/);
  });

  it("finds a batch typed in another case or with spaces, from the search form", async () => {
    const request = appProxyRequest({
      shop: SHOP,
      path: "/proxy/lab",
      query: { batch: "  oh-2024-118 " },
    });
    const response = await settle(() => searchRoute.loader({ request, params: {}, context: {} }));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Batch <strong>OH-2024-118</strong>");
  });

  it("shows the search form alone when no batch is asked for", async () => {
    const request = appProxyRequest({ shop: SHOP, path: "/proxy/lab" });
    const response = await settle(() => searchRoute.loader({ request, params: {}, context: {} }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<input id="batch" name="batch"');
    expect(html).not.toContain("Total THC");
  });

  it("serves the batch's COA PDF as published", async () => {
    const request = appProxyRequest({ shop: SHOP, path: "/proxy/lab/OH-2024-118/coa.pdf" });
    const response = await settle(() =>
      fileRoute.loader({ request, params: { batch: "OH-2024-118" }, context: {} }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);
  });

  it("answers an unknown batch with a friendly 404 that keeps the search", async () => {
    const response = await openBatch("NOPE-404");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("We couldn't find that batch");
    expect(html).toContain('value="NOPE-404"');
  });

  it("shows nothing the shop did not publish: a report awaiting approval is a 404", async () => {
    expect((await openBatch("DRAFT-7")).status).toBe(404);
    const request = appProxyRequest({ shop: SHOP, path: "/proxy/lab/DRAFT-7/coa.pdf" });
    const file = await settle(() =>
      fileRoute.loader({ request, params: { batch: "DRAFT-7" }, context: {} }),
    );
    expect(file.status).toBe(404);
  });

  it("is scoped to the signed shop: another shop's batch is a 404, even by its exact number", async () => {
    expect((await openBatch("ONLY-B-1")).status).toBe(404);
    const asOther = appProxyRequest({ shop: OTHER_SHOP, path: "/proxy/lab/ONLY-B-1" });
    const response = await settle(() =>
      batchRoute.loader({ request: asOther, params: { batch: "ONLY-B-1" }, context: {} }),
    );
    expect(response.status).toBe(200);
  });

  it("refuses a forged, a missing, an expired or a tampered signature with 401", async () => {
    expect((await openBatch("OH-2024-118", { secret: "not-the-app-secret" })).status).toBe(401);
    expect((await openBatch("OH-2024-118", { unsigned: true })).status).toBe(401);
    const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
    expect((await openBatch("OH-2024-118", { timestamp: anHourAgo })).status).toBe(401);

    // Signed for shop A, then the shop parameter is changed to read shop B's batches.
    const signed = appProxyRequest({ shop: SHOP, path: "/proxy/lab/ONLY-B-1" });
    const tampered = new Request(signed.url.replace(SHOP, OTHER_SHOP));
    const response = await settle(() =>
      batchRoute.loader({ request: tampered, params: { batch: "ONLY-B-1" }, context: {} }),
    );
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("ONLY-B-1");
  });

  it("escapes what the PDF and the product say", async () => {
    const report = flowerReport();
    report.sample.batch = "X<script>1</script>";
    report.lab.name = '"><img src=x onerror=alert(1)>';
    await storeReport(SHOP, report, { productTitle: "<b>Bold</b> & co" });
    const html = await (await openBatch("X<script>1</script>")).text();
    expect(html).toContain("&lt;b&gt;Bold&lt;/b&gt; &amp; co");
    expect(html).toContain("X&lt;script&gt;1&lt;/script&gt;");
    expect(html).not.toMatch(/<script|<img/);
  });

  it("hides every batch of a shop that uninstalled the app", async () => {
    const { prisma } = harness();
    await prisma.shop.update({
      where: { domain: OTHER_SHOP },
      data: { uninstalledAt: new Date() },
    });
    const request = appProxyRequest({ shop: OTHER_SHOP, path: "/proxy/lab/ONLY-B-1" });
    const response = await settle(() =>
      batchRoute.loader({ request, params: { batch: "ONLY-B-1" }, context: {} }),
    );
    expect(response.status).toBe(404);
  });
});
