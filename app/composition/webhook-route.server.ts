import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { env, shopFingerprintKey } from "~/env.server";
import { sendShopUninstalled } from "~/inngest/send-event.server";
import { authenticate } from "~/shopify.server";
import {
  normalizeTopic,
  type WebhookHandler,
  type WebhookTopic,
} from "~/webhooks/receive-webhook.server";

/**
 * The webhook routes' composition root. A route's action for one topic: the library verifies the
 * HMAC (a bad one is a 401), then the topic's handler runs on the app's database. A delivery of
 * another topic at this address is ignored.
 */
export function webhookRoute(topic: WebhookTopic, handler: WebhookHandler) {
  return async ({ request }: ActionFunctionArgs): Promise<Response> => {
    const webhook = await authenticate.webhook(request);
    if (normalizeTopic(webhook.topic) === topic) {
      await handler(
        db,
        { ...webhook, eventId: webhook.eventId ?? webhook.webhookId },
        { notifyUninstalled: sendShopUninstalled, shopFingerprintKey: shopFingerprintKey(env()) },
      );
    }
    return new Response();
  };
}
