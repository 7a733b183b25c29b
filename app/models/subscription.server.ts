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

/** Statuses that mean Shopify is not collecting for the plan the merchant chose. */
export const PAYMENT_ISSUE_STATUSES = ["FROZEN", "DECLINED", "EXPIRED"] as const;
export type PaymentIssueStatus = (typeof PAYMENT_ISSUE_STATUSES)[number];

function isPaymentIssueStatus(status: string): status is PaymentIssueStatus {
  return (PAYMENT_ISSUE_STATUSES as readonly string[]).includes(status);
}

export type PaymentIssue = {
  shop: string;
  status: PaymentIssueStatus;
  tier: string;
  shopifySubscriptionId: string | null;
  since: Date;
};

/**
 * The shop's payment issue, if it has one: no ACTIVE subscription, and the subscription Shopify
 * told us about last is FROZEN (a charge failed), DECLINED (the charge was declined) or EXPIRED
 * (it was never approved). It ends when a subscription is ACTIVE again (or the merchant cancels).
 */
export async function findPaymentIssue(db: Db, shop: string): Promise<PaymentIssue | null> {
  const [active, latest] = await Promise.all([
    db.subscription.findFirst({ where: { shop, status: "ACTIVE" }, select: { id: true } }),
    db.subscription.findFirst({
      where: { shop },
      orderBy: [{ updatedAt: "desc" }, { createdAt: "desc" }],
    }),
  ]);
  if (active || !latest || !isPaymentIssueStatus(latest.status)) return null;
  return {
    shop,
    status: latest.status,
    tier: latest.tier,
    shopifySubscriptionId: latest.shopifySubscriptionId,
    since: latest.updatedAt,
  };
}

/** Every shop with a payment issue, for the operator console (newest first). */
export async function listPaymentIssues(db: Db): Promise<PaymentIssue[]> {
  const candidates = await db.subscription.findMany({
    where: { status: { in: [...PAYMENT_ISSUE_STATUSES] } },
    distinct: ["shop"],
    select: { shop: true },
  });
  const issues = await Promise.all(candidates.map(({ shop }) => findPaymentIssue(db, shop)));
  return issues
    .filter((issue): issue is PaymentIssue => issue !== null)
    .sort((a, b) => b.since.getTime() - a.since.getTime());
}
