import { z } from "zod";
import { recordActivity } from "~/models/activity.server";
import { setShopPlan } from "~/models/shop.server";
import {
  applySubscriptionUpdate,
  findSubscriptionByShopifyId,
  subscriptionStatusSchema,
} from "~/models/subscription.server";
import { trackPaymentIssue } from "./payment-issue.server";
import { handleOnce, type WebhookHandler } from "./receive-webhook.server";

const subscriptionPayload = z.object({
  app_subscription: z.object({
    admin_graphql_api_id: z.string().min(1),
    name: z.string().min(1),
    status: z.preprocess(
      (value) => (typeof value === "string" ? value.toUpperCase() : value),
      subscriptionStatusSchema,
    ),
  }),
});

/** app_subscriptions/update: keeps the shop's subscription and plan as Shopify says they are. */
export const handleAppSubscriptionsUpdate: WebhookHandler = (db, webhook) =>
  handleOnce(db, webhook, async (tx) => {
    const { shop } = webhook;
    const { app_subscription: sub } = subscriptionPayload.parse(webhook.payload);
    const owned = await findSubscriptionByShopifyId(tx, sub.admin_graphql_api_id);
    if (owned && owned.shop !== shop) {
      // Another shop's subscription id: never let one shop's delivery touch another's row.
      await recordActivity(tx, {
        shop,
        actor: "shopify",
        action: "subscription.rejected-foreign-id",
        target: sub.admin_graphql_api_id,
      });
      return "ignored";
    }
    const row = await trackPaymentIssue(tx, shop, () =>
      applySubscriptionUpdate(tx, {
        shop,
        shopifySubscriptionId: sub.admin_graphql_api_id,
        tier: sub.name,
        status: sub.status,
      }),
    );
    await setShopPlan(tx, shop, sub.status === "ACTIVE" ? sub.name : "free");
    await recordActivity(tx, {
      shop,
      actor: "shopify",
      action: "subscription.updated",
      target: sub.admin_graphql_api_id,
      details: { tier: sub.name, status: sub.status, paymentFailures: row.paymentFailureCount },
    });
    return "handled";
  });
