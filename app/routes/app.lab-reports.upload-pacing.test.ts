import { readFileSync } from "node:fs";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";

// Upload pacing through the upload routes: a shop sending faster than the server takes files in
// is answered 429 with Retry-After before its file is read, stores nothing and spends nothing;
// another shop's uploads go on. Refill is one byte a second here, so nothing depends on how fast
// the test runs; each upload is charged the largest size allowed (an in-process request declares
// no Content-Length), so a shop's burst is exactly three uploads.
const MAX = 1024 * 1024;
const harness = useMerchantRoutes({
  COA_MAX_BYTES: String(MAX),
  UPLOAD_SHOP_BYTES_PER_SECOND: "1",
  UPLOAD_TOTAL_BYTES_PER_SECOND: "1",
});
const shopify = installShopifyAdminDouble(
  { beforeAll, afterAll },
  { shop: "pacing.myshopify.com" },
);
let bulk: typeof import("./app.lab-reports.bulk.upload");
let single: typeof import("./app.lab-reports.new");

const FIXTURES = [
  "01_sc-labs_cherry-punch.pdf",
  "03_caligreen-cc_classic-jack.pdf",
  "06_infinite-chemical-cc_g13-genius.pdf",
  "14_cannasafe_grape-cbd-gummies.pdf",
];
const coa = (i: number) => new Uint8Array(readFileSync(`test/fixtures/coa/${FIXTURES[i]}`));

beforeAll(async () => {
  bulk = await import("./app.lab-reports.bulk.upload");
  single = await import("./app.lab-reports.new");
  shopify().server.use(
    http.all(`${harness().events.baseUrl.replace(/\/$/, "")}/*`, () => passthrough()),
  );
});

function form(bytes: Uint8Array, name: string) {
  const data = new FormData();
  data.set("file", new File([Buffer.from(bytes)], name, { type: "application/pdf" }));
  return data;
}

async function sendBulk(shop: string, i: number) {
  const request = await adminRequest(shop, "/app/lab-reports/bulk/upload", {
    method: "POST",
    body: form(coa(i), `coa-${i}.pdf`),
  });
  return settle(() => bulk.action({ request, params: {}, context: {} }));
}

async function subscribe(shop: string) {
  await harness().installShop(shop);
  // A paid plan: the free plan's three reports would stop the fourth upload first.
  await harness().prisma.subscription.create({ data: { shop, tier: "Pro", status: "ACTIVE" } });
}

describe("upload pacing", () => {
  it("asks a shop past its burst to wait, stores nothing, and lets another shop upload", async () => {
    const busy = "busy-uploader.myshopify.com";
    const other = "other-uploader.myshopify.com";
    await subscribe(busy);
    await subscribe(other);

    for (let i = 0; i < 3; i++) expect((await sendBulk(busy, i)).status).toBe(201);
    const fourth = await sendBulk(busy, 3);
    expect(fourth.status).toBe(429);
    const wait = Number(fourth.headers.get("Retry-After"));
    expect(wait).toBeGreaterThan(60);
    expect(await fourth.json()).toMatchObject({
      ok: false,
      reason: "slow-down",
      retryAfterSeconds: wait,
    });
    expect(await harness().prisma.labReport.count({ where: { shop: busy } })).toBe(3);

    // The single upload form is paced by the same buckets, and says so in the form's error.
    const data = form(coa(3), "single.pdf");
    data.set("productId", "gid://shopify/Product/7001");
    data.set("productTitle", "Cherry Punch 3.5g");
    const request = await adminRequest(busy, "/app/lab-reports/new", {
      method: "POST",
      body: data,
    });
    const refused = await settle(() => single.action({ request, params: {}, context: {} }));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect((await refused.json()).message).toMatch(/still taking in your earlier files/);
    expect(await harness().prisma.labReport.count({ where: { shop: busy } })).toBe(3);

    // Another shop has a bucket of its own (and the shared one, six uploads deep, has room).
    for (let i = 0; i < 3; i++) expect((await sendBulk(other, i)).status).toBe(201);
    // Six uploads have spent the shared bucket: even a third shop's first upload waits.
    const third = "third-uploader.myshopify.com";
    await subscribe(third);
    expect((await sendBulk(third, 0)).status).toBe(429);
  });
});
