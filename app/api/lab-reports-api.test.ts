import { readFileSync } from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import { driveToApproval } from "../../test/drive-lab-report";
import { expectDocumentedResponse, openApi } from "../../test/api/openapi-validator";
import { streamedInit, streamedMultipart, unreadBody } from "../../test/http/streamed-body";
import { openApiDocument } from "./openapi.server";

// The REST API through its route modules, every response checked against docs/api/openapi.json:
// tokens made on the API access page, scopes, shop isolation, the upload through the admin's
// upload service, pagination, approval, the rate limit, and the activity log.
const SHOP = "api.myshopify.com";
const OTHER = "api-other.myshopify.com";
const RATE_LIMIT = 8;
const harness = useMerchantRoutes({ API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });
const shopify = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });
const COA = readFileSync("test/fixtures/coa/01_sc-labs_cherry-punch.pdf");
// Other COAs, for tests that need another report in a shop that already holds the first: the same
// file again is a duplicate (409).
const OTHER_COA = readFileSync("test/fixtures/coa/06_infinite-chemical-cc_g13-genius.pdf");
const THIRD_COA = readFileSync("test/fixtures/coa/03_caligreen-cc_classic-jack.pdf");
const MB = 1024 * 1024;
/** The app's default COA_MAX_BYTES. */
const MAX_BYTES = 20 * MB;

let routes: {
  settings: typeof import("~/routes/app.settings_.api");
  list: typeof import("~/routes/api.v1.lab-reports");
  one: typeof import("~/routes/api.v1.lab-reports.$id");
  approve: typeof import("~/routes/api.v1.lab-reports.$id.approve");
  openapi: typeof import("~/routes/api.v1.openapi[.json]");
};

beforeAll(async () => {
  routes = {
    settings: await import("~/routes/app.settings_.api"),
    list: await import("~/routes/api.v1.lab-reports"),
    one: await import("~/routes/api.v1.lab-reports.$id"),
    approve: await import("~/routes/api.v1.lab-reports.$id.approve"),
    openapi: await import("~/routes/api.v1.openapi[.json]"),
  };
  // The Admin double intercepts every request; let the app's events reach the Inngest double.
  shopify().server.use(http.all(`${harness().events.baseUrl}*`, () => passthrough()));
  await harness().installShop(SHOP);
  await harness().installShop(OTHER);
});

const BASE = "https://app.example/api/v1";

/** Creates a token on the API access page, as a merchant would; returns the value shown once. */
async function createToken(shop: string, scope: "read" | "write", name = `${scope} token`) {
  const response = await settle(async () =>
    routes.settings.action({
      request: await adminRequest(shop, "/app/settings/api", {
        method: "POST",
        body: new URLSearchParams({ intent: "create", name, scope }),
      }),
      params: {},
      context: {},
    }),
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as { created: { token: string } };
  return body.created.token;
}

function call(
  handler: (args: LoaderFunctionArgs) => Response | Promise<Response>,
  request: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  return settle(async () => handler({ request, params, context: {} }));
}

function get(path: string, token?: string) {
  return new Request(`${BASE}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

function uploadRequest(token: string, fields: Record<string, string> = {}, bytes = COA) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  body.set("file", new File([bytes], "cherry-punch.pdf", { type: "application/pdf" }));
  return new Request(`${BASE}/lab-reports`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body,
  });
}

async function upload(token: string, fields: Record<string, string> = {}, bytes = COA) {
  return call(routes.list.action, uploadRequest(token, fields, bytes));
}

describe("API tokens", () => {
  it("shows a new token once, stores only its hash, and refuses it with 401 once revoked", async () => {
    const token = await createToken(SHOP, "read", "Warehouse ERP");
    expect(token).toMatch(/^hlr_[A-Za-z0-9_-]{43}$/);
    const stored = await harness().prisma.apiToken.findMany({ where: { shop: SHOP } });
    expect(JSON.stringify(stored)).not.toContain(token);

    const page = await settle(async () =>
      routes.settings.loader({
        request: await adminRequest(SHOP, "/app/settings/api"),
        params: {},
        context: {},
      }),
    );
    const listed = (await page.json()) as {
      tokens: { id: string; name: string; prefix: string }[];
    };
    expect(JSON.stringify(listed)).not.toContain(token);
    const row = listed.tokens.find((t) => t.name === "Warehouse ERP");
    expect(token.startsWith(row?.prefix ?? "-")).toBe(true);

    const ok = await call(routes.list.loader, get("/lab-reports", token));
    expect(ok.status).toBe(200);
    await expectDocumentedResponse(ok, "get", "/api/v1/lab-reports");

    await settle(async () =>
      routes.settings.action({
        request: await adminRequest(SHOP, "/app/settings/api", {
          method: "POST",
          body: new URLSearchParams({ intent: "revoke", id: row?.id ?? "" }),
        }),
        params: {},
        context: {},
      }),
    );
    const revoked = await call(routes.list.loader, get("/lab-reports", token));
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const problem = await expectDocumentedResponse(revoked, "get", "/api/v1/lab-reports");
    expect(problem).toMatchObject({ code: "unauthorized", status: 401 });
    expect(
      await harness().prisma.activityLog.count({
        where: { shop: SHOP, action: { in: ["api-token.created", "api-token.revoked"] } },
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("refuses every token of a shop that uninstalled the app", async () => {
    const shop = "api-gone.myshopify.com";
    await harness().installShop(shop);
    const token = await createToken(shop, "read");
    expect((await call(routes.list.loader, get("/lab-reports", token))).status).toBe(200);
    await harness().prisma.shop.update({
      where: { domain: shop },
      data: { uninstalledAt: new Date() },
    });
    const refused = await call(routes.list.loader, get("/lab-reports", token));
    expect(refused.status).toBe(401);
    await expectDocumentedResponse(refused, "get", "/api/v1/lab-reports");
  });

  it("answers a missing or unknown token with 401 problem+json", async () => {
    for (const token of [undefined, "hlr_not-a-real-token", "some other scheme"]) {
      const response = await call(routes.list.loader, get("/lab-reports", token));
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      await expectDocumentedResponse(response, "get", "/api/v1/lab-reports");
    }
    // Calls without a valid token are logged too, under no shop.
    expect(
      await harness().prisma.activityLog.count({ where: { shop: "(api)", action: "api.request" } }),
    ).toBeGreaterThanOrEqual(3);
  });

  it("refuses uploads and approvals to a read-only token with 403", async () => {
    const token = await createToken(SHOP, "read");
    const refused = await upload(token);
    expect(refused.status).toBe(403);
    expect(await expectDocumentedResponse(refused, "post", "/api/v1/lab-reports")).toMatchObject({
      code: "forbidden",
    });
    const approve = await call(
      routes.approve.action,
      new Request(`${BASE}/lab-reports/any/approve`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
      }),
      { id: "any" },
    );
    expect(approve.status).toBe(403);
    await expectDocumentedResponse(approve, "post", "/api/v1/lab-reports/{id}/approve");
    expect(await harness().prisma.labReport.count({ where: { shop: SHOP } })).toBe(0);
  });
});

describe("lab reports over the API", () => {
  it("accepts a COA for a product with 202, queues it like the admin upload, and logs the call", async () => {
    const product = shopify().addProduct({ title: "Cherry Punch 3.5g" });
    const token = await createToken(SHOP, "write", "POS");
    const before = harness().events.events.length;
    const response = await upload(token, { productId: product.id });
    expect(response.status).toBe(202);
    const body = (await expectDocumentedResponse(response, "post", "/api/v1/lab-reports")) as {
      id: string;
    };
    expect(body).toMatchObject({
      status: "queued",
      queued: true,
      productId: product.id,
      productTitle: "Cherry Punch 3.5g",
    });
    expect(response.headers.get("location")).toBe(`/api/v1/lab-reports/${body.id}`);
    expect(
      harness()
        .events.events.slice(before)
        .map((event) => event.name),
    ).toContain("lab-report/pdf.uploaded");
    const logged = await harness().prisma.activityLog.findFirst({
      where: { shop: SHOP, action: "api.request", target: "/api/v1/lab-reports", actor: "api:POS" },
      orderBy: { at: "desc" },
    });
    expect(logged?.details).toContain('"status":202');
  });

  it("links a report to a variant's product, and refuses an unknown product with 422", async () => {
    const product = shopify().addProduct({ title: "Lemon Tree 1g" });
    const token = await createToken(SHOP, "write");
    const byVariant = await upload(token, { variantId: product.variantIds[0] ?? "" }, OTHER_COA);
    expect(byVariant.status).toBe(202);
    expect(await expectDocumentedResponse(byVariant, "post", "/api/v1/lab-reports")).toMatchObject({
      productId: product.id,
      productTitle: "Lemon Tree 1g",
    });

    const unknown = await upload(token, { productId: "gid://shopify/Product/999999" });
    expect(unknown.status).toBe(422);
    expect(await expectDocumentedResponse(unknown, "post", "/api/v1/lab-reports")).toMatchObject({
      code: "product-not-found",
    });
  });

  it("answers a COA uploaded again with 409 duplicate and queues nothing new", async () => {
    const token = await createToken(SHOP, "write");
    const first = await upload(token);
    expect([202, 409]).toContain(first.status);
    const before = await harness().prisma.labReport.count({ where: { shop: SHOP } });
    const again = await upload(token);
    expect(again.status).toBe(409);
    expect(await expectDocumentedResponse(again, "post", "/api/v1/lab-reports")).toMatchObject({
      code: "duplicate",
    });
    expect(await harness().prisma.labReport.count({ where: { shop: SHOP } })).toBe(before);
  });

  it("gives a file that is not a PDF the CLI's error code, and stores nothing", async () => {
    const token = await createToken(SHOP, "write");
    const count = await harness().prisma.labReport.count({ where: { shop: SHOP } });
    const response = await upload(token, {}, Buffer.from("this is not a pdf"));
    expect(response.status).toBe(422);
    expect(await expectDocumentedResponse(response, "post", "/api/v1/lab-reports")).toMatchObject({
      code: "not-a-pdf",
      type: "urn:heady-lab-results:problem:not-a-pdf",
    });
    expect(await harness().prisma.labReport.count({ where: { shop: SHOP } })).toBe(count);
  });

  it("pages through the shop's reports with a cursor and filters by status", async () => {
    const token = await createToken(SHOP, "read");
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=1&cursor=${cursor}` : "?limit=1";
      const response = await call(routes.list.loader, get(`/lab-reports${query}`, token));
      const page = (await expectDocumentedResponse(response, "get", "/api/v1/lab-reports")) as {
        data: { id: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await harness().prisma.labReport.findMany({ where: { shop: SHOP } });
    expect([...seen].sort()).toEqual(all.map((r) => r.id).sort());
    expect(new Set(seen).size).toBe(seen.length);

    const failed = await call(routes.list.loader, get("/lab-reports?status=published", token));
    const filtered = (await expectDocumentedResponse(failed, "get", "/api/v1/lab-reports")) as {
      data: unknown[];
    };
    expect(filtered.data).toEqual([]);
    const bad = await call(routes.list.loader, get("/lab-reports?status=done", token));
    expect(bad.status).toBe(400);
    await expectDocumentedResponse(bad, "get", "/api/v1/lab-reports");
  });

  it("reads a processed report with its lab data, warnings and description, then approves it once", async () => {
    const token = await createToken(SHOP, "write");
    const product = shopify().addProduct({ title: "Approve Me" });
    const accepted = (await (await upload(token, { productId: product.id }, THIRD_COA)).json()) as {
      id: string;
    };
    await driveToApproval(harness().prisma, SHOP, accepted.id);

    const read = await call(routes.one.loader, get(`/lab-reports/${accepted.id}`, token), {
      id: accepted.id,
    });
    expect(read.status).toBe(200);
    const detail = (await expectDocumentedResponse(read, "get", "/api/v1/lab-reports/{id}")) as {
      status: string;
      report: { lab: { name: string | null } };
      description: { html: string };
      warnings: string[];
    };
    expect(detail.status).toBe("awaiting-approval");
    expect(detail.report.lab.name).toMatch(/CaliGreen/i);
    expect(detail.description.html).toContain("<p>");
    expect(Array.isArray(detail.warnings)).toBe(true);

    const approve = () =>
      call(
        routes.approve.action,
        new Request(`${BASE}/lab-reports/${accepted.id}/approve`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
        }),
        { id: accepted.id },
      );
    const first = await approve();
    expect(first.status).toBe(202);
    await expectDocumentedResponse(first, "post", "/api/v1/lab-reports/{id}/approve");
    expect(harness().events.events.map((event) => event.name)).toContain(
      "lab-report/description.approved",
    );
    const second = await approve();
    // Approved but not yet picked up: still awaiting, so a second approval is allowed by the
    // service; once publishing it is a conflict. Either way the answer is documented.
    expect([202, 409]).toContain(second.status);
    await expectDocumentedResponse(second, "post", "/api/v1/lab-reports/{id}/approve");
  });

  it("answers another shop's report id with the same 404 as a missing one", async () => {
    const mine = await createToken(SHOP, "write");
    const product = shopify().addProduct({ title: "Mine" });
    const created = (await (await upload(mine, { productId: product.id })).json()) as {
      id: string;
    };
    const theirs = await createToken(OTHER, "write");
    const foreign = await call(routes.one.loader, get(`/lab-reports/${created.id}`, theirs), {
      id: created.id,
    });
    const missing = await call(routes.one.loader, get("/lab-reports/nope", theirs), { id: "nope" });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const a = (await expectDocumentedResponse(foreign, "get", "/api/v1/lab-reports/{id}")) as {
      detail: string;
    };
    const b = (await expectDocumentedResponse(missing, "get", "/api/v1/lab-reports/{id}")) as {
      detail: string;
    };
    expect(a.detail).toBe(b.detail);
    const approve = await call(
      routes.approve.action,
      new Request(`${BASE}/lab-reports/${created.id}/approve`, {
        method: "POST",
        headers: { authorization: `Bearer ${theirs}` },
      }),
      { id: created.id },
    );
    expect(approve.status).toBe(404);
    // Their list does not show it, and my report's id is not a cursor in their list.
    const list = await call(routes.list.loader, get(`/lab-reports?cursor=${created.id}`, theirs));
    expect(list.status).toBe(400);
    await expectDocumentedResponse(list, "get", "/api/v1/lab-reports");
  });

  it(`limits each token to ${RATE_LIMIT} requests a minute with 429 and Retry-After`, async () => {
    const token = await createToken(SHOP, "read");
    const other = await createToken(SHOP, "read");
    const responses = await Promise.all(
      Array.from({ length: RATE_LIMIT + 4 }, () =>
        call(routes.list.loader, get("/lab-reports", token)),
      ),
    );
    const limited = responses.filter((r) => r.status === 429);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(RATE_LIMIT);
    expect(limited).toHaveLength(4);
    for (const response of limited) {
      const seconds = Number(response.headers.get("retry-after"));
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(await expectDocumentedResponse(response, "get", "/api/v1/lab-reports")).toMatchObject({
        code: "rate-limited",
      });
    }
    // Another token of the same shop has its own allowance.
    expect((await call(routes.list.loader, get("/lab-reports", other))).status).toBe(200);
  });
});

describe("uploads over the API, bounded before they are buffered", () => {
  // A shop of its own, whose free allowance the other tests have not used.
  const BOUNDED = "api-bounded.myshopify.com";
  beforeAll(() => harness().installShop(BOUNDED));

  function streamedUpload(token: string, body: ReadableStream<Uint8Array>, contentType: string) {
    const init = streamedInit(body, contentType, { authorization: `Bearer ${token}` });
    return call(routes.list.action, new Request(`${BASE}/lab-reports`, init));
  }

  it("answers a shop at its plan's limit with 402 without reading the body", async () => {
    const shop = "api-full.myshopify.com";
    await harness().installShop(shop);
    const token = await createToken(shop, "write");
    for (let i = 0; i < 3; i++) {
      await harness().prisma.labReport.create({
        data: { shop, fileName: `c${i}.pdf`, sha256: String(i).padStart(64, "0"), sizeBytes: 1 },
      });
    }
    const { body, wasRead } = unreadBody();

    const response = await streamedUpload(token, body, "multipart/form-data; boundary=unread");

    expect(response.status).toBe(402);
    expect(await expectDocumentedResponse(response, "post", "/api/v1/lab-reports")).toMatchObject({
      code: "plan-limit-reached",
    });
    expect(wasRead()).toBe(false);
  });

  it("stops a streamed file over the limit, sent without Content-Length, with 413", async () => {
    const token = await createToken(BOUNDED, "write");
    const before = await harness().prisma.labReport.count({ where: { shop: BOUNDED } });
    const sent = streamedMultipart([
      { name: "file", filename: "huge.pdf", type: "application/pdf", size: 25 * MB },
    ]);

    const response = await streamedUpload(token, sent.body, sent.contentType);

    expect(response.status).toBe(413);
    expect(await expectDocumentedResponse(response, "post", "/api/v1/lab-reports")).toMatchObject({
      code: "too-large",
    });
    expect(sent.bytesPulled()).toBeLessThan(MAX_BYTES + 128 * 1024);
    expect(await harness().prisma.labReport.count({ where: { shop: BOUNDED } })).toBe(before);
  });

  it("stops 40 parts of 1 MB at the second file with 400, having read about 1 MB", async () => {
    const token = await createToken(BOUNDED, "write");
    const sent = streamedMultipart(
      Array.from({ length: 40 }, (_, i) => ({ name: `file${i}`, filename: `${i}.pdf`, size: MB })),
    );

    const response = await streamedUpload(token, sent.body, sent.contentType);

    expect(response.status).toBe(400);
    expect(await expectDocumentedResponse(response, "post", "/api/v1/lab-reports")).toMatchObject({
      code: "invalid-request",
      detail: expect.stringMatching(/one COA PDF per upload/),
    });
    expect(sent.bytesPulled()).toBeLessThan(2 * MB + 128 * 1024);
  });

  it("refuses a text field longer than a form needs with 413, as it streams", async () => {
    const token = await createToken(BOUNDED, "write");
    const sent = streamedMultipart([{ name: "productId", size: 5 * MB }]);

    const response = await streamedUpload(token, sent.body, sent.contentType);

    expect(response.status).toBe(413);
    expect(await expectDocumentedResponse(response, "post", "/api/v1/lab-reports")).toMatchObject({
      code: "payload-too-large",
    });
    expect(sent.bytesPulled()).toBeLessThan(256 * 1024);
  });
});

describe("the OpenAPI document", () => {
  it("is served at /api/v1/openapi.json and the committed file is current (npm run api:openapi)", async () => {
    const served = await routes.openapi.loader();
    expect(served.headers.get("content-type")).toBe("application/json");
    expect(await served.json()).toEqual(openApiDocument());
    expect(openApi).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(openApi.openapi).toBe("3.1.0");
  });
});
