import { recordActivity } from "~/models/activity.server";
import { deleteShopSessions } from "~/models/session-storage.server";
import { markShopUninstalled } from "~/models/shop.server";
import { handleOnce, type WebhookHandler } from "./receive-webhook.server";

/** app/uninstalled: cancels the shop's runs, marks it uninstalled and deletes its sessions. */
export const handleAppUninstalled: WebhookHandler = async (db, webhook, deps) => {
  // Sent first and idempotent (event id): if it fails, nothing is recorded and Shopify retries.
  await deps.notifyUninstalled(webhook.shop, webhook.eventId);
  return handleOnce(db, webhook, async (tx) => {
    await markShopUninstalled(tx, webhook.shop);
    // Tokens are worthless after an uninstall; delete them rather than keep secrets around.
    await deleteShopSessions(tx, webhook.shop);
    await recordActivity(tx, { shop: webhook.shop, actor: "shopify", action: "shop.uninstalled" });
    return "handled";
  });
};
