import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import {
  activityDetails,
  listActivity,
  listActivityForShop,
  recordActivity,
} from "./activity.server";

const db = useTestDatabase();
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

describe("activity log", () => {
  it("lists one shop's entries newest first, paged, with their details", async () => {
    for (let minute = 1; minute <= 3; minute++) {
      await recordActivity(db().prisma, {
        shop: "log.myshopify.com",
        actor: "merchant",
        action: "lab-report.uploaded",
        target: `report-${minute}`,
        details: { minute },
        at: at(minute),
      });
    }
    await recordActivity(db().prisma, {
      shop: "quiet.myshopify.com",
      actor: "system",
      action: "shop.installed",
    });

    const first = await listActivityForShop(db().prisma, "log.myshopify.com", { take: 2 });
    const rest = await listActivityForShop(db().prisma, "log.myshopify.com", {
      take: 2,
      cursor: first.nextCursor,
    });
    expect([...first.items, ...rest.items].map((entry) => entry.target)).toEqual([
      "report-3",
      "report-2",
      "report-1",
    ]);
    expect(rest.nextCursor).toBeNull();
    expect(activityDetails(first.items[0] ?? { details: "" })).toEqual({ minute: 3 });
  });

  it("lets the operator filter across shops by shop, action and time", async () => {
    const prisma = db().prisma;
    await recordActivity(prisma, {
      shop: "a.myshopify.com",
      actor: "shopify",
      action: "webhook.shop-redact",
      at: at(10),
    });
    await recordActivity(prisma, {
      shop: "b.myshopify.com",
      actor: "shopify",
      action: "webhook.app-uninstalled",
      at: at(11),
    });
    await recordActivity(prisma, {
      shop: "b.myshopify.com",
      actor: "operator:ops@heady.example",
      action: "lab-report.retried",
      at: at(12),
    });

    const webhooks = await listActivity(prisma, {
      actionPrefix: "webhook.",
      since: at(10),
      until: at(60),
    });
    expect(webhooks.items.map((entry) => entry.shop)).toEqual([
      "b.myshopify.com",
      "a.myshopify.com",
    ]);
    const shopB = await listActivity(prisma, { shop: "b.myshopify.com", since: at(10) });
    expect(shopB.items.map((entry) => entry.action)).toEqual([
      "lab-report.retried",
      "webhook.app-uninstalled",
    ]);
    const exact = await listActivity(prisma, { action: "webhook.shop-redact" });
    expect(exact.items.map((entry) => entry.shop)).toEqual(["a.myshopify.com"]);
  });
});
