import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import { isDeliveryRecorded, recordDeliveryWithActivity } from "./webhook-delivery.server";

// Runs on SQLite (one batch) and, in the PostgreSQL pass, on PostgreSQL (one statement).
const db = useTestDatabase();
const SHOP = "deliveries.myshopify.com";
const NOW = new Date(Date.UTC(2026, 5, 1, 12, 30, 15, 250));

function record(eventId: string) {
  return recordDeliveryWithActivity(
    db().prisma,
    { eventId, topic: "customers/data_request", shop: SHOP },
    {
      shop: SHOP,
      actor: "shopify",
      action: "compliance.customer-data-request",
      target: "customer-7",
      details: { ordersRequested: 2 },
    },
    NOW,
  );
}

describe("recordDeliveryWithActivity", () => {
  it("records a delivery and its activity once, with the time given", async () => {
    expect(await record("event-1")).toBe(true);
    expect(await record("event-1")).toBe(false);
    expect(await isDeliveryRecorded(db().prisma, "event-1")).toBe(true);

    const deliveries = await db().prisma.webhookDelivery.findMany({
      where: { eventId: "event-1" },
    });
    expect(deliveries).toEqual([
      expect.objectContaining({ topic: "customers/data_request", shop: SHOP, receivedAt: NOW }),
    ]);
    const activity = await db().prisma.activityLog.findMany({ where: { shop: SHOP } });
    expect(activity).toEqual([
      expect.objectContaining({
        actor: "shopify",
        action: "compliance.customer-data-request",
        target: "customer-7",
        details: JSON.stringify({ ordersRequested: 2 }),
        at: NOW,
      }),
    ]);
  });

  it("writes one delivery and one activity row when the same event arrives many times at once", async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => record("event-2")));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await db().prisma.webhookDelivery.count({ where: { eventId: "event-2" } })).toBe(1);
    // The first test's entry and this one's.
    expect(await db().prisma.activityLog.count({ where: { shop: SHOP } })).toBe(2);
  });
});
