import { createHash } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { recordDeliveryOnce } from "~/models/webhook-delivery.server";
import { eraseShopData, markShopUninstalled } from "~/models/shop.server";
import { recordActivity } from "~/models/activity.server";
import { applySubscriptionUpdate, subscriptionStatusSchema } from "~/models/subscription.server";
import { sendShopUninstalled } from "~/inngest/send-event.server";

/** What the handlers need of a verified delivery (from `authenticate.webhook`). */
export interface VerifiedWebhook {
  topic: string;
  shop: string;
  payload: unknown;
  webhookId: string;
  eventId?: string;
}

export interface WebhookDeps {
  /** Cancels the shop's queued runs when it uninstalls the app. */
  notifyUninstalled: (shop: string, eventId: string) => Promise<void>;
}

export type WebhookOutcome = "handled" | "duplicate" | "ignored";

/** Every webhook route's action: the library verifies the HMAC (a bad one is a 401), then we handle it. */
export async function webhookAction({ request }: ActionFunctionArgs): Promise<Response> {
  const webhook = await authenticate.webhook(request);
  await handleWebhook(db, webhook, { notifyUninstalled: sendShopUninstalled });
  return new Response();
}

/** "APP_UNINSTALLED", "app/uninstalled" → "app/uninstalled". */
export function normalizeTopic(topic: string): string {
  const key = topic.toUpperCase().replace(/[/.]/g, "_");
  return TOPICS.find((known) => known.toUpperCase().replace(/\//g, "_") === key) ?? topic;
}

const TOPICS = [
  "app/uninstalled",
  "app/scopes_update",
  "app_subscriptions/update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

/** What shop/redact leaves in the shared log: no domain, only a one-way fingerprint of it. */
export const ERASED_SHOP = "(erased)";

export function shopFingerprint(shop: string): string {
  return createHash("sha256").update(shop).digest("hex").slice(0, 16);
}

/**
 * Handles one delivery once. Shopify retries until it gets a 2xx and may deliver twice, so each
 * delivery is recorded by X-Shopify-Event-Id (falling back to the webhook id) in the same
 * transaction as its effects: a failure leaves nothing recorded, and Shopify's retry does it again.
 */
export async function handleWebhook(
  prisma: PrismaClient,
  webhook: VerifiedWebhook,
  deps: WebhookDeps,
): Promise<WebhookOutcome> {
  const topic = normalizeTopic(webhook.topic);
  const eventId = webhook.eventId ?? webhook.webhookId;
  const { shop } = webhook;

  if (topic === "shop/redact") return redactShop(prisma, shop, eventId);

  if (topic === "app/uninstalled") {
    // Sent first and idempotent (event id): if it fails, nothing is recorded and Shopify retries.
    await deps.notifyUninstalled(shop, eventId);
  }

  return prisma.$transaction(async (tx) => {
    if (!(await recordDeliveryOnce(tx, eventId, topic, shop))) return "duplicate";
    switch (topic) {
      case "app/uninstalled":
        await markShopUninstalled(tx, shop);
        // Tokens are worthless after an uninstall; delete them rather than keep secrets around.
        await tx.session.deleteMany({ where: { shop } });
        await recordActivity(tx, { shop, actor: "shopify", action: "shop.uninstalled" });
        return "handled";
      case "app/scopes_update": {
        const { current } = scopesPayload.parse(webhook.payload);
        await tx.session.updateMany({ where: { shop }, data: { scope: current.join(",") } });
        await recordActivity(tx, {
          shop,
          actor: "shopify",
          action: "shop.scopes-updated",
          details: { scopes: current },
        });
        return "handled";
      }
      case "app_subscriptions/update": {
        const { app_subscription: sub } = subscriptionPayload.parse(webhook.payload);
        const owned = await tx.subscription.findUnique({
          where: { shopifySubscriptionId: sub.admin_graphql_api_id },
        });
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
        const row = await applySubscriptionUpdate(tx, {
          shop,
          shopifySubscriptionId: sub.admin_graphql_api_id,
          tier: sub.name,
          status: sub.status,
        });
        await tx.shop.updateMany({
          where: { domain: shop },
          data: { plan: sub.status === "ACTIVE" ? sub.name : "free" },
        });
        await recordActivity(tx, {
          shop,
          actor: "shopify",
          action: "subscription.updated",
          target: sub.admin_graphql_api_id,
          details: { tier: sub.name, status: sub.status, paymentFailures: row.paymentFailureCount },
        });
        return "handled";
      }
      case "customers/data_request":
      case "customers/redact": {
        // The app stores no customer data (only products, lab reports and staff sessions), so there is
        // nothing to send or erase; the request is recorded without the customer's details.
        const { data_request, orders_requested, orders_to_redact } = customerPayload.parse(
          webhook.payload,
        );
        await recordActivity(tx, {
          shop,
          actor: "shopify",
          action:
            topic === "customers/redact"
              ? "compliance.customer-redact"
              : "compliance.customer-data-request",
          details: {
            customerDataHeld: false,
            requestId: data_request?.id ?? null,
            orders: (orders_requested ?? orders_to_redact ?? []).length,
          },
        });
        return "handled";
      }
      default:
        return "ignored";
    }
  });
}

async function redactShop(
  prisma: PrismaClient,
  shop: string,
  eventId: string,
): Promise<WebhookOutcome> {
  const seen = await prisma.webhookDelivery.findUnique({ where: { eventId } });
  if (seen) return "duplicate";
  const erased = await eraseShopData(prisma, shop);
  await prisma.$transaction(async (tx) => {
    await recordDeliveryOnce(tx, eventId, "shop/redact", ERASED_SHOP);
    await recordActivity(tx, {
      shop: ERASED_SHOP,
      actor: "shopify",
      action: "compliance.shop-redact",
      target: shopFingerprint(shop),
      details: { erased },
    });
  });
  return "handled";
}

const scopesPayload = z.object({ current: z.array(z.string()) });

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

const customerPayload = z.object({
  orders_requested: z.array(z.unknown()).optional(),
  orders_to_redact: z.array(z.unknown()).optional(),
  data_request: z.object({ id: z.union([z.number(), z.string()]) }).optional(),
});
