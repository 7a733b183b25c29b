import type { Db } from "~/models/database.server";
import { env } from "~/env.server";
import { recordActivity } from "~/models/activity.server";
import { setShopPlan } from "~/models/shop.server";
import {
  applySubscriptionUpdate,
  findSubscriptionByShopifyId,
  subscriptionStatusSchema,
} from "~/models/subscription.server";
import { PLAN_NAMES, type PlanName } from "~/plans";

/** Charges are test charges everywhere but production, and there too when SHOPIFY_BILLING_TEST=1. */
export function isTestBilling(): boolean {
  const config = env();
  return config.NODE_ENV !== "production" || config.SHOPIFY_BILLING_TEST === "1";
}

/** What `billing.check()` reports of a subscription (shopify-app-remix). */
export type ShopifySubscription = {
  id: string;
  name: string;
  status: string;
  test: boolean;
  trialDays: number;
  createdAt: string;
  currentPeriodEnd?: string | null;
};

/**
 * Stores what Shopify says is active (after the merchant approves a charge the app is opened at its
 * return URL; app_subscriptions/update webhooks keep it current afterwards).
 */
export async function syncSubscriptions(
  db: Db,
  shop: string,
  active: ShopifySubscription[],
): Promise<void> {
  for (const sub of active) {
    const status = subscriptionStatusSchema.safeParse(sub.status.toUpperCase());
    if (!status.success || !PLAN_NAMES.includes(sub.name as PlanName)) continue;
    const trialStartsAt = new Date(sub.createdAt);
    const existing = await findSubscriptionByShopifyId(db, sub.id);
    if (existing && existing.shop !== shop) continue;
    await applySubscriptionUpdate(db, {
      shop,
      shopifySubscriptionId: sub.id,
      tier: sub.name,
      status: status.data,
      trialStartsAt,
      trialEndsAt: new Date(trialStartsAt.getTime() + sub.trialDays * 86_400_000),
      currentPeriodEnd: sub.currentPeriodEnd ? new Date(sub.currentPeriodEnd) : null,
    });
    if (!existing) {
      await recordActivity(db, {
        shop,
        actor: "merchant",
        action: "subscription.started",
        target: sub.id,
        details: { tier: sub.name, test: sub.test },
      });
    }
  }
  await setShopPlan(
    db,
    shop,
    active.find((s) => s.status.toUpperCase() === "ACTIVE")?.name ?? "free",
  );
}

export async function recordCancellation(
  db: Db,
  shop: string,
  subscription: { id: string; name: string },
): Promise<void> {
  await applySubscriptionUpdate(db, {
    shop,
    shopifySubscriptionId: subscription.id,
    tier: subscription.name,
    status: "CANCELLED",
  });
  await setShopPlan(db, shop, "free");
  await recordActivity(db, {
    shop,
    actor: "merchant",
    action: "subscription.cancelled",
    target: subscription.id,
  });
}
