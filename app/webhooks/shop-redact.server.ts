import { createHash } from "node:crypto";
import { recordActivity } from "~/models/activity.server";
import { inTransaction } from "~/models/database.server";
import { eraseShopData } from "~/models/shop.server";
import { isDeliveryRecorded, recordDeliveryOnce } from "~/models/webhook-delivery.server";
import type { WebhookHandler } from "./receive-webhook.server";

/** What shop/redact leaves in the shared log: no domain, only a one-way fingerprint of it. */
export const ERASED_SHOP = "(erased)";

export function shopFingerprint(shop: string): string {
  return createHash("sha256").update(shop).digest("hex").slice(0, 16);
}

/** shop/redact: erases every row of the shop, then records the erasure under no domain. */
export const handleShopRedact: WebhookHandler = async (db, { shop, eventId }) => {
  if (await isDeliveryRecorded(db, eventId)) return "duplicate";
  const erased = await eraseShopData(db, shop);
  await inTransaction(db, async (tx) => {
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
};
