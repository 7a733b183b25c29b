import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import {
  startInngestEventApi,
  type InngestEventApiDouble,
} from "../../test/doubles/inngest-event-api";
import { TEST_ENV, webhookRequest, type WebhookOptions } from "../../test/shopify/requests";
import { WEBHOOK_MAX_BYTES } from "./webhook-middleware.server";

// The production server's webhook fast path (before Remix), wired as server.ts runs it, against a
// test database: Shopify's contract — HMAC on the raw body, 200, one record per event id.
let database: TestDatabase;
let prisma: PrismaClient;
let events: InngestEventApiDouble;
let server: Server;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  events = await startInngestEventApi();
  Object.assign(process.env, TEST_ENV, {
    DATABASE_URL: database.url,
    INNGEST_EVENT_API_BASE_URL: events.baseUrl,
  });
  const { webhookMiddleware } = await import("~/composition/webhook-route.server");
  // What reaches "Remix" answers 299, so a test can tell the fast path did not take the request.
  server = createServer((request, response) =>
    webhookMiddleware(request, response, () => {
      request.resume();
      response.writeHead(299).end("remix");
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  const { db } = await import("~/db.server");
  await db.$disconnect();
  await events.close();
  await database.cleanup();
});

/** Sends a signed delivery (test/shopify/requests.ts) to the server; `edit` changes it first. */
async function deliver(options: WebhookOptions, edit: (headers: Headers) => void = () => {}) {
  const signed = webhookRequest(options);
  const headers = new Headers(signed.headers);
  edit(headers);
  const url = new URL(signed.url);
  const response = await fetch(`${base}${url.pathname}`, {
    method: "POST",
    headers,
    body: await signed.text(),
  });
  await response.arrayBuffer();
  return response.status;
}

const dataRequest = (shop: string, eventId?: string): WebhookOptions => ({
  topic: "customers/data_request",
  shop,
  payload: { shop_domain: shop, orders_requested: [1], data_request: { id: 7 } },
  ...(eventId ? { eventId } : {}),
});

async function recorded(shop: string) {
  return {
    deliveries: await prisma.webhookDelivery.count({ where: { shop } }),
    effects: await prisma.activityLog.count({
      where: { shop, action: { startsWith: "compliance." } },
    }),
  };
}

describe("the webhook fast path", () => {
  it("answers a signed delivery with 200 and records it once, however often and concurrently it is redelivered", async () => {
    const shop = "fast-once.myshopify.com";
    expect(await deliver(dataRequest(shop, "evt-fast-once"))).toBe(200);
    const redeliveries = await Promise.all(
      Array.from({ length: 20 }, () => deliver(dataRequest(shop, "evt-fast-once"))),
    );
    expect(redeliveries.every((status) => status === 200)).toBe(true);
    expect(await recorded(shop)).toEqual({ deliveries: 1, effects: 1 });

    const concurrent = await Promise.all(
      Array.from({ length: 20 }, () => deliver(dataRequest(shop, "evt-fast-burst"))),
    );
    expect(concurrent.every((status) => status === 200)).toBe(true);
    expect(await recorded(shop)).toEqual({ deliveries: 2, effects: 2 });
  });

  it("refuses a wrong or tampered HMAC with 401 and a delivery missing Shopify's headers with 400, recording nothing", async () => {
    const shop = "fast-forged.myshopify.com";
    expect(await deliver({ ...dataRequest(shop), secret: "not-the-app-secret" })).toBe(401);
    expect(await deliver({ ...dataRequest(shop), tamper: (body) => body.replace("7", "8") })).toBe(
      401,
    );
    expect(await deliver(dataRequest(shop), (h) => h.set("x-shopify-hmac-sha256", "AAAA"))).toBe(
      401,
    );
    expect(await deliver(dataRequest(shop), (h) => h.delete("x-shopify-topic"))).toBe(400);
    expect(await deliver(dataRequest(shop), (h) => h.delete("x-shopify-webhook-id"))).toBe(400);
    expect(
      await deliver(dataRequest(shop), (h) => h.set("x-shopify-shop-domain", "evil.example")),
    ).toBe(400);
    expect(await recorded(shop)).toEqual({ deliveries: 0, effects: 0 });
  });

  it("leaves everything else to the Remix routes: other paths, other methods, deliveries without Shopify's HMAC header", async () => {
    const shop = "fast-pass.myshopify.com";
    expect(await deliver(dataRequest(shop), (h) => h.delete("x-shopify-hmac-sha256"))).toBe(299);
    expect(await deliver({ ...dataRequest(shop), topic: "orders/create" })).toBe(299);
    expect((await fetch(`${base}/webhooks/customers/data_request`)).status).toBe(299);
    expect(await recorded(shop)).toEqual({ deliveries: 0, effects: 0 });
  });

  it("refuses a body over the limit with 413 without handling it", async () => {
    const shop = "fast-large.myshopify.com";
    const large = { ...dataRequest(shop), payload: { padding: "x".repeat(WEBHOOK_MAX_BYTES) } };
    expect(await deliver(large)).toBe(413);
    expect(await recorded(shop)).toEqual({ deliveries: 0, effects: 0 });
  });

  it("runs each topic's own handler, and answers but ignores a delivery of another topic at a topic's address", async () => {
    const shop = "fast-uninstall.myshopify.com";
    await prisma.shop.create({ data: { domain: shop } });
    expect(
      await deliver(dataRequest(shop), (h) => h.set("x-shopify-topic", "app/uninstalled")),
    ).toBe(200);
    expect(
      (await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt,
    ).toBeNull();
    expect(await recorded(shop)).toEqual({ deliveries: 0, effects: 0 });

    expect(await deliver({ topic: "app/uninstalled", shop, payload: { domain: shop } })).toBe(200);
    expect(
      (await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt,
    ).toBeInstanceOf(Date);
    expect(events.events).toContainEqual(
      expect.objectContaining({ name: "shop/app.uninstalled", data: { shop } }),
    );
  });
});
