import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import { applySubscriptionUpdate, currentSubscription } from "./subscription.server";

const db = useTestDatabase();

describe("subscriptions", () => {
  it("counts each FROZEN notice as a failed payment and resets when payment succeeds", async () => {
    const base = {
      shop: "billing.myshopify.com",
      shopifySubscriptionId: "gid://shopify/AppSubscription/1",
      tier: "pro",
      trialStartsAt: new Date("2026-01-01"),
      trialEndsAt: new Date("2026-01-15"),
    };
    const prisma = db().prisma;
    await applySubscriptionUpdate(prisma, { ...base, status: "ACTIVE" });
    await applySubscriptionUpdate(prisma, { ...base, status: "FROZEN" });
    const frozen = await applySubscriptionUpdate(prisma, { ...base, status: "FROZEN" });
    expect(frozen).toMatchObject({ status: "FROZEN", paymentFailureCount: 2 });
    expect((await currentSubscription(prisma, "billing.myshopify.com"))?.id).toBe(frozen.id);

    const paid = await applySubscriptionUpdate(prisma, {
      ...base,
      status: "ACTIVE",
      currentPeriodEnd: new Date("2026-03-01"),
    });
    expect(paid).toMatchObject({ paymentFailureCount: 0, tier: "pro" });
    expect(paid.trialEndsAt?.toISOString()).toBe("2026-01-15T00:00:00.000Z");

    await applySubscriptionUpdate(prisma, { ...base, status: "CANCELLED" });
    expect(await currentSubscription(prisma, "billing.myshopify.com")).toBeNull();
  });

  it("refuses a notice that names another shop's subscription", async () => {
    const prisma = db().prisma;
    const id = "gid://shopify/AppSubscription/2";
    await applySubscriptionUpdate(prisma, {
      shop: "one.myshopify.com",
      shopifySubscriptionId: id,
      tier: "starter",
      status: "ACTIVE",
    });
    await expect(
      applySubscriptionUpdate(prisma, {
        shop: "two.myshopify.com",
        shopifySubscriptionId: id,
        tier: "pro",
        status: "FROZEN",
      }),
    ).rejects.toThrow(/another shop/);
  });
});
