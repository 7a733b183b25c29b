import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import type { ActionFunctionArgs } from "@remix-run/node";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { TEST_ENV, webhookRequest } from "../../test/shopify/requests";
import {
  startInngestEventApi,
  type InngestEventApiDouble,
} from "../../test/doubles/inngest-event-api";

// The routes run as in production: the library checks the HMAC, then the handler runs against a
// real (test) database; events go to a local stand-in of Inngest's Event API.
let database: TestDatabase;
let prisma: PrismaClient;
let events: InngestEventApiDouble;
type WebhookRoute = { action: (args: ActionFunctionArgs) => Promise<Response> };
let routes: Record<string, WebhookRoute>;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  events = await startInngestEventApi();
  Object.assign(process.env, TEST_ENV, {
    DATABASE_URL: database.url,
    INNGEST_EVENT_API_BASE_URL: events.baseUrl,
  });
  // Each topic's route, by the topic Shopify sends it (shopify.app.toml).
  routes = {
    "app/uninstalled": await import("~/routes/webhooks.app.uninstalled"),
    "app/scopes_update": await import("~/routes/webhooks.app.scopes_update"),
    "app_subscriptions/update": await import("~/routes/webhooks.app_subscriptions.update"),
    "customers/data_request": await import("~/routes/webhooks.customers.data_request"),
    "customers/redact": await import("~/routes/webhooks.customers.redact"),
    "shop/redact": await import("~/routes/webhooks.shop.redact"),
  };
});

afterAll(async () => {
  const { db } = await import("~/db.server");
  await db.$disconnect();
  await events.close();
  await database.cleanup();
});

async function deliver(request: Request): Promise<number> {
  try {
    const route = routes[request.headers.get("x-shopify-topic") ?? ""];
    if (!route) throw new Error(`No route for ${request.url}`);
    return (await route.action({ request, params: {}, context: {} })).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

async function seedShop(shop: string) {
  await prisma.shop.create({ data: { domain: shop } });
  await prisma.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "",
      accessToken: "ciphertext",
      scope: "read_products",
    },
  });
  const report = await prisma.labReport.create({
    data: { shop, fileName: "coa.pdf", sha256: "ab".repeat(32), sizeBytes: 4, status: "published" },
  });
  await prisma.labReportFile.create({
    data: { shop, reportId: report.id, bytes: Buffer.from("%PDF") },
  });
  await prisma.labReportPageImage.create({
    data: { shop, labReportId: report.id, page: 1, width: 1, height: 1, png: Buffer.from("png") },
  });
  await prisma.description.create({
    data: {
      shop,
      reportId: report.id,
      version: 1,
      html: "<p>x</p>",
      seoTitle: "t",
      seoDescription: "d",
      source: "template",
    },
  });
  await prisma.subscription.create({
    data: {
      shop,
      tier: "Growth",
      status: "ACTIVE",
      shopifySubscriptionId: `gid://shopify/AppSubscription/${shop}`,
    },
  });
  await prisma.activityLog.create({
    data: { shop, actor: "merchant", action: "lab-report.uploaded" },
  });
  await prisma.webhookDelivery.create({
    data: { eventId: `seed-${shop}`, topic: "app/scopes_update", shop },
  });
}

async function rowsOf(shop: string) {
  return {
    shops: await prisma.shop.count({ where: { domain: shop } }),
    sessions: await prisma.session.count({ where: { shop } }),
    labReports: await prisma.labReport.count({ where: { shop } }),
    labReportFiles: await prisma.labReportFile.count({ where: { shop } }),
    labReportPageImages: await prisma.labReportPageImage.count({ where: { shop } }),
    descriptions: await prisma.description.count({ where: { shop } }),
    subscriptions: await prisma.subscription.count({ where: { shop } }),
    activityLogs: await prisma.activityLog.count({ where: { shop } }),
    webhookDeliveries: await prisma.webhookDelivery.count({ where: { shop } }),
  };
}

describe("webhooks", () => {
  it("a delivery signed with another secret is rejected with 401 and changes nothing", async () => {
    const shop = "forged.myshopify.com";
    await seedShop(shop);
    const status = await deliver(
      webhookRequest({ topic: "app/uninstalled", shop, payload: {}, secret: "not-the-app-secret" }),
    );
    expect(status).toBe(401);
    expect(
      (await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt,
    ).toBeNull();
    expect(await prisma.session.count({ where: { shop } })).toBe(1);
  });

  it("a delivery whose body was changed after signing is rejected with 401", async () => {
    const shop = "tampered.myshopify.com";
    await seedShop(shop);
    const status = await deliver(
      webhookRequest({
        topic: "app_subscriptions/update",
        shop,
        payload: {
          app_subscription: {
            admin_graphql_api_id: `gid://shopify/AppSubscription/${shop}`,
            name: "Growth",
            status: "ACTIVE",
          },
        },
        tamper: (body) => body.replace("ACTIVE", "CANCELLED"),
      }),
    );
    expect(status).toBe(401);
    const sub = await prisma.subscription.findFirstOrThrow({ where: { shop } });
    expect(sub.status).toBe("ACTIVE");
  });

  it("app/uninstalled marks the shop uninstalled, deletes its sessions, cancels its runs, once", async () => {
    const shop = "leaving.myshopify.com";
    await seedShop(shop);
    const request = () =>
      webhookRequest({
        topic: "app/uninstalled",
        shop,
        payload: { domain: shop },
        eventId: "evt-uninstall-1",
      });

    expect(await deliver(request())).toBe(200);
    const after = await prisma.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(after.uninstalledAt).toBeInstanceOf(Date);
    expect(await prisma.session.count({ where: { shop } })).toBe(0);
    const logged = await prisma.activityLog.count({ where: { shop, action: "shop.uninstalled" } });
    expect(logged).toBe(1);
    const sent = events.events.filter(
      (e) => e.name === "shop/app.uninstalled" && e.data.shop === shop,
    );
    expect(sent).toHaveLength(1);

    // Shopify delivers the same event again: nothing more happens in the database, and the event
    // carries the same id, so Inngest drops the second one.
    expect(await deliver(request())).toBe(200);
    expect(await prisma.activityLog.count({ where: { shop, action: "shop.uninstalled" } })).toBe(1);
    const resent = events.events.filter(
      (e) => e.name === "shop/app.uninstalled" && e.data.shop === shop,
    );
    expect(new Set(resent.map((e) => e.id)).size).toBe(1);
  });

  it("app_subscriptions/update counts each FROZEN notice as a payment failure, but not a duplicate", async () => {
    const shop = "frozen.myshopify.com";
    await seedShop(shop);
    const frozen = (eventId: string) =>
      webhookRequest({
        topic: "app_subscriptions/update",
        shop,
        eventId,
        payload: {
          app_subscription: {
            admin_graphql_api_id: `gid://shopify/AppSubscription/${shop}`,
            name: "Growth",
            status: "frozen",
          },
        },
      });
    expect(await deliver(frozen("evt-frozen-1"))).toBe(200);
    expect(await deliver(frozen("evt-frozen-1"))).toBe(200);
    let sub = await prisma.subscription.findFirstOrThrow({ where: { shop } });
    expect(sub).toMatchObject({ status: "FROZEN", paymentFailureCount: 1 });
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).plan).toBe("free");

    expect(await deliver(frozen("evt-frozen-2"))).toBe(200);
    sub = await prisma.subscription.findFirstOrThrow({ where: { shop } });
    expect(sub.paymentFailureCount).toBe(2);
  });

  it("app_subscriptions/update naming another shop's subscription leaves that subscription alone", async () => {
    const victim = "victim.myshopify.com";
    const attacker = "attacker.myshopify.com";
    await seedShop(victim);
    await seedShop(attacker);
    const status = await deliver(
      webhookRequest({
        topic: "app_subscriptions/update",
        shop: attacker,
        payload: {
          app_subscription: {
            admin_graphql_api_id: `gid://shopify/AppSubscription/${victim}`,
            name: "Pro",
            status: "CANCELLED",
          },
        },
      }),
    );
    expect(status).toBe(200);
    const sub = await prisma.subscription.findFirstOrThrow({ where: { shop: victim } });
    expect(sub).toMatchObject({ status: "ACTIVE", tier: "Growth" });
  });

  it("app/scopes_update stores the granted scopes on the shop's sessions", async () => {
    const shop = "scopes.myshopify.com";
    await seedShop(shop);
    const status = await deliver(
      webhookRequest({
        topic: "app/scopes_update",
        shop,
        payload: { previous: ["read_products"], current: ["read_products", "write_products"] },
      }),
    );
    expect(status).toBe(200);
    const session = await prisma.session.findFirstOrThrow({ where: { shop } });
    expect(session.scope).toBe("read_products,write_products");
  });

  it("customers/data_request and customers/redact are answered and recorded without customer details", async () => {
    const shop = "privacy.myshopify.com";
    await seedShop(shop);
    const customer = { id: 191167, email: "john@example.com", phone: "555-625-1199" };
    expect(
      await deliver(
        webhookRequest({
          topic: "customers/data_request",
          shop,
          payload: {
            shop_domain: shop,
            customer,
            orders_requested: [299938, 280263],
            data_request: { id: 9999 },
          },
        }),
      ),
    ).toBe(200);
    expect(
      await deliver(
        webhookRequest({
          topic: "customers/redact",
          shop,
          payload: { shop_domain: shop, customer, orders_to_redact: [299938] },
        }),
      ),
    ).toBe(200);
    const entries = await prisma.activityLog.findMany({
      where: { shop, action: { startsWith: "compliance." } },
      orderBy: { at: "asc" },
    });
    expect(entries.map((e) => e.action).sort()).toEqual([
      "compliance.customer-data-request",
      "compliance.customer-redact",
    ]);
    expect(JSON.stringify(entries)).not.toContain("john@example.com");
  });

  it("shop/redact leaves zero rows of that shop and does not touch another shop", async () => {
    const shop = "redacted.myshopify.com";
    const neighbour = "neighbour.myshopify.com";
    await seedShop(shop);
    await seedShop(neighbour);
    const before = await rowsOf(neighbour);

    const request = () =>
      webhookRequest({
        topic: "shop/redact",
        shop,
        payload: { shop_domain: shop },
        eventId: "evt-redact",
      });
    expect(await deliver(request())).toBe(200);
    expect(await rowsOf(shop)).toEqual({
      shops: 0,
      sessions: 0,
      labReports: 0,
      labReportFiles: 0,
      labReportPageImages: 0,
      descriptions: 0,
      subscriptions: 0,
      activityLogs: 0,
      webhookDeliveries: 0,
    });
    expect(await rowsOf(neighbour)).toEqual(before);
    // The log keeps that an erasure happened, never whose.
    const erasures = await prisma.activityLog.findMany({
      where: { action: "compliance.shop-redact" },
    });
    expect(erasures).toHaveLength(1);
    expect(JSON.stringify(erasures)).not.toContain(shop);
    // Hashing a list of domains finds no record: the fingerprint is keyed (SHOP_FINGERPRINT_KEY).
    const unkeyed = createHash("sha256").update(shop).digest("hex");
    expect(JSON.stringify(erasures)).not.toContain(unkeyed.slice(0, 16));
    expect(erasures[0]?.target).toBe(
      createHmac("sha256", TEST_ENV.SHOP_FINGERPRINT_KEY).update(shop).digest("hex").slice(0, 32),
    );

    expect(await deliver(request())).toBe(200);
    expect(await prisma.activityLog.count({ where: { action: "compliance.shop-redact" } })).toBe(1);
  });
});
