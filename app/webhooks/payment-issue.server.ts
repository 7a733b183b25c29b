import type { Db } from "~/models/database.server";
import { recordActivity } from "~/models/activity.server";
import { findPaymentIssue, type PaymentIssue } from "~/models/subscription.server";

/**
 * Wraps an app_subscriptions/update's effect: the shop's payment issue is read before and after,
 * and a change is an activity entry of its own ("billing.payment-issue" when one starts or changes,
 * "billing.payment-issue-resolved" when the subscription is active again), which is what the
 * merchant's banner and the operator's list follow.
 */
export async function trackPaymentIssue<T>(
  db: Db,
  shop: string,
  apply: () => Promise<T>,
): Promise<T> {
  const before = await findPaymentIssue(db, shop);
  const result = await apply();
  const after = await findPaymentIssue(db, shop);
  if (after && !sameIssue(before, after)) {
    await recordActivity(db, {
      shop,
      actor: "shopify",
      action: "billing.payment-issue",
      target: after.shopifySubscriptionId,
      details: { status: after.status, tier: after.tier, uploadsHeld: true },
    });
  } else if (before && !after) {
    await recordActivity(db, {
      shop,
      actor: "shopify",
      action: "billing.payment-issue-resolved",
      target: before.shopifySubscriptionId,
      details: { previousStatus: before.status, tier: before.tier },
    });
  }
  return result;
}

function sameIssue(a: PaymentIssue | null, b: PaymentIssue): boolean {
  return a !== null && a.status === b.status && a.shopifySubscriptionId === b.shopifySubscriptionId;
}
