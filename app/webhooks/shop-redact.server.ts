import { createHmac } from "node:crypto";
import { recordActivity } from "~/models/activity.server";
import { inTransaction } from "~/models/database.server";
import { eraseShopData } from "~/models/shop.server";
import { isDeliveryRecorded, recordDeliveryOnce } from "~/models/webhook-delivery.server";
import type { WebhookHandler } from "./receive-webhook.server";

/** What shop/redact leaves in the shared log: no domain, only a keyed fingerprint of it. */
export const ERASED_SHOP = "(erased)";

/**
 * HMAC-SHA256 of the domain under SHOP_FINGERPRINT_KEY. Shop domains are few and public (a list
 * of *.myshopify.com names is easy to gather), so a plain hash would name the shop to anyone who
 * hashed the list; only the key's holder can tell whether a record is a given shop's.
 */
export function shopFingerprint(shop: string, key: string): string {
  return createHmac("sha256", key).update(shop).digest("hex").slice(0, 32);
}

/** shop/redact: erases every row of the shop, then records the erasure under no domain. */
export const handleShopRedact: WebhookHandler = async (db, { shop, eventId }, deps) => {
  if (await isDeliveryRecorded(db, eventId)) return "duplicate";
  const erased = await eraseShopData(db, shop);
  await inTransaction(db, async (tx) => {
    await recordDeliveryOnce(tx, eventId, "shop/redact", ERASED_SHOP);
    await recordActivity(tx, {
      shop: ERASED_SHOP,
      actor: "shopify",
      action: "compliance.shop-redact",
      target: shopFingerprint(shop, deps.shopFingerprintKey),
      details: { erased },
    });
  });
  return "handled";
};
