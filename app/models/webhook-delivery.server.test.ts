import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import { recordDeliveryOnce } from "./webhook-delivery.server";

const db = useTestDatabase();

describe("webhook deliveries", () => {
  it("accepts an event id once and reports every later delivery as a duplicate", async () => {
    const prisma = db().prisma;
    expect(await recordDeliveryOnce(prisma, "evt-1", "app/uninstalled", "a.myshopify.com")).toBe(
      true,
    );
    expect(await recordDeliveryOnce(prisma, "evt-1", "app/uninstalled", "a.myshopify.com")).toBe(
      false,
    );
    expect(await recordDeliveryOnce(prisma, "evt-2", "app/uninstalled", "a.myshopify.com")).toBe(
      true,
    );
  });

  it("lets exactly one of several simultaneous deliveries through", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        recordDeliveryOnce(db().prisma, "evt-race", "shop/redact", "b.myshopify.com"),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db().prisma.webhookDelivery.count({ where: { eventId: "evt-race" } })).toBe(1);
  });
});
