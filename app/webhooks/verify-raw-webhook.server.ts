import { createHmac, timingSafeEqual } from "node:crypto";
import type { VerifiedWebhook } from "./receive-webhook.server";

/**
 * Shopify's webhook contract, checked on the raw body before anything else reads it
 * (shopify.dev, "Verify webhooks"): X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the exact
 * bytes under the app's API secret, compared in constant time. Then the headers every delivery
 * carries. The answers are the library's (`authenticate.webhook`): 400 for a delivery without its
 * HMAC or headers, 401 for a wrong HMAC.
 */
export type RawWebhookCheck =
  { ok: true; webhook: VerifiedWebhook & { eventId: string } } | { ok: false; status: 400 | 401 };

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function verifyRawWebhook(
  header: (name: string) => string | undefined,
  rawBody: Buffer,
  secret: string,
): RawWebhookCheck {
  const hmac = header("x-shopify-hmac-sha256");
  if (!hmac) return { ok: false, status: 400 };
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(hmac, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, status: 401 };
  }

  const topic = header("x-shopify-topic");
  const shop = header("x-shopify-shop-domain");
  const webhookId = header("x-shopify-webhook-id");
  if (!topic || !shop || !webhookId || !header("x-shopify-api-version")) {
    return { ok: false, status: 400 };
  }
  if (!SHOP_DOMAIN.test(shop)) return { ok: false, status: 400 };
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return { ok: false, status: 400 };
  }
  // Shopify's retries of one event share X-Shopify-Event-Id; older deliveries may lack it.
  const eventId = header("x-shopify-event-id") ?? webhookId;
  return { ok: true, webhook: { topic, shop, payload, webhookId, eventId } };
}
