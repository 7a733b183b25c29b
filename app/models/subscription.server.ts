import type { Subscription } from "@prisma/client";
import { z } from "zod";
import type { Db } from "~/db.server";

// Shopify's AppSubscriptionStatus values.
export const subscriptionStatusSchema = z.enum([
  "PENDING",
  "ACTIVE",
  "FROZEN",
  "CANCELLED",
  "DECLINED",
  "EXPIRED",
]);
export type SubscriptionStatus = z.infer<typeof subscriptionStatusSchema>;

export type SubscriptionUpdate = {
  shop: string;
  shopifySubscriptionId: string;
  tier: string;
  status: SubscriptionStatus;
  trialStartsAt?: Date | null;
  trialEndsAt?: Date | null;
  currentPeriodEnd?: Date | null;
};

/**
 * Applies what Shopify says about a subscription (app_subscriptions/update, or after billing).
 * FROZEN means a charge failed: each FROZEN notice counts one failure; ACTIVE again resets the
 * count, so it reads "failed attempts since the last good payment". Callers deduplicate
 * deliveries first (recordDeliveryOnce), so a redelivered notice does not count twice.
 */
export async function applySubscriptionUpdate(
  db: Db,
  update: SubscriptionUpdate,
): Promise<Subscription> {
  const { shop, shopifySubscriptionId, status, ...fields } = update;
  const failures =
    status === "FROZEN" ? { increment: 1 } : status === "ACTIVE" ? { set: 0 } : undefined;
  return db.subscription
    .upsert({
      // Shopify subscription ids are global; the shop check below keeps one shop's notice from
      // touching another shop's row.
      where: { shopifySubscriptionId },
      create: {
        ...fields,
        status,
        shopifySubscriptionId,
        paymentFailureCount: status === "FROZEN" ? 1 : 0,
        owner: { connectOrCreate: { where: { domain: shop }, create: { domain: shop } } },
      },
      update: { ...fields, status, ...(failures ? { paymentFailureCount: failures } : {}) },
    })
    .then((row) => {
      if (row.shop !== shop)
        throw new Error(`Subscription ${shopifySubscriptionId} belongs to another shop`);
      return row;
    });
}

/** The shop's newest subscription that is ACTIVE or FROZEN (still the plan it is on), if any. */
export function currentSubscription(db: Db, shop: string): Promise<Subscription | null> {
  return db.subscription.findFirst({
    where: { shop, status: { in: ["ACTIVE", "FROZEN"] } },
    orderBy: { createdAt: "desc" },
  });
}

export function findSubscriptionByShopifyId(
  db: Db,
  shopifySubscriptionId: string,
): Promise<Subscription | null> {
  return db.subscription.findUnique({ where: { shopifySubscriptionId } });
}

/** The newest subscription the home page shows: active, pending approval, or frozen. */
export function latestSubscription(db: Db, shop: string): Promise<Subscription | null> {
  return db.subscription.findFirst({
    where: { shop, status: { in: ["ACTIVE", "PENDING", "FROZEN"] } },
    orderBy: { createdAt: "desc" },
  });
}
