import { z } from "zod";
import { recordActivity } from "~/models/activity.server";
import { updateShopSessionScopes } from "~/models/session-storage.server";
import { handleOnce, type WebhookHandler } from "./receive-webhook.server";

const scopesPayload = z.object({ current: z.array(z.string()) });

/** app/scopes_update: stores the granted scopes on the shop's sessions. */
export const handleAppScopesUpdate: WebhookHandler = (db, webhook) =>
  handleOnce(db, webhook, async (tx) => {
    const { current } = scopesPayload.parse(webhook.payload);
    await updateShopSessionScopes(tx, webhook.shop, current);
    await recordActivity(tx, {
      shop: webhook.shop,
      actor: "shopify",
      action: "shop.scopes-updated",
      details: { scopes: current },
    });
    return "handled";
  });
