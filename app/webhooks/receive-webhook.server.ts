import { inTransaction, type Db } from "~/models/database.server";
import { recordDeliveryOnce } from "~/models/webhook-delivery.server";
import type { Database } from "~/models/database.server";

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
  /** Keys the fingerprint shop/redact keeps of an erased shop (SHOP_FINGERPRINT_KEY). */
  shopFingerprintKey: string;
}

export type WebhookOutcome = "handled" | "duplicate" | "ignored";

/** One topic's handler: it receives the app's database and the verified delivery. */
export type WebhookHandler = (
  db: Database,
  webhook: VerifiedWebhook & { eventId: string },
  deps: WebhookDeps,
) => Promise<WebhookOutcome>;

const TOPICS = [
  "app/uninstalled",
  "app/scopes_update",
  "app_subscriptions/update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;
export type WebhookTopic = (typeof TOPICS)[number];

/** "APP_UNINSTALLED", "app/uninstalled" → "app/uninstalled". */
export function normalizeTopic(topic: string): string {
  const key = topic.toUpperCase().replace(/[/.]/g, "_");
  return TOPICS.find((known) => known.toUpperCase().replace(/\//g, "_") === key) ?? topic;
}

/**
 * Handles one delivery once. Shopify retries until it gets a 2xx and may deliver twice, so each
 * delivery is recorded by X-Shopify-Event-Id (falling back to the webhook id) in the same
 * transaction as its effects: a failure leaves nothing recorded, and Shopify's retry does it again.
 */
export function handleOnce(
  db: Database,
  webhook: { eventId: string; topic: string; shop: string },
  effects: (tx: Db) => Promise<WebhookOutcome>,
): Promise<WebhookOutcome> {
  return inTransaction(db, async (tx) => {
    if (
      !(await recordDeliveryOnce(tx, webhook.eventId, normalizeTopic(webhook.topic), webhook.shop))
    ) {
      return "duplicate";
    }
    return effects(tx);
  });
}
