import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { env, shopFingerprintKey } from "~/env.server";
import { sendShopUninstalled } from "~/inngest/send-event.server";
import { authenticate } from "~/shopify.server";
import { handleAppScopesUpdate } from "~/webhooks/app-scopes-update.server";
import { handleAppSubscriptionsUpdate } from "~/webhooks/app-subscriptions-update.server";
import { handleAppUninstalled } from "~/webhooks/app-uninstalled.server";
import {
  handleCustomersDataRequest,
  handleCustomersRedact,
} from "~/webhooks/customer-request.server";
import {
  normalizeTopic,
  type VerifiedWebhook,
  type WebhookDeps,
  type WebhookHandler,
  type WebhookTopic,
} from "~/webhooks/receive-webhook.server";
import { handleShopRedact } from "~/webhooks/shop-redact.server";
import { createWebhookMiddleware } from "~/webhooks/webhook-middleware.server";

/**
 * The webhooks' composition root: each topic's handler on the app's database, reached two ways —
 * the Remix route of the topic (`webhookRoute`, the library checks the HMAC: a bad one is a 401),
 * and, in the production server, `webhookMiddleware`, which checks the raw body's HMAC and answers
 * before Remix runs (server.ts). A delivery of another topic at a topic's address is ignored.
 */
export const WEBHOOK_HANDLERS: Record<WebhookTopic, WebhookHandler> = {
  "app/uninstalled": handleAppUninstalled,
  "app/scopes_update": handleAppScopesUpdate,
  "app_subscriptions/update": handleAppSubscriptionsUpdate,
  "customers/data_request": handleCustomersDataRequest,
  "customers/redact": handleCustomersRedact,
  "shop/redact": handleShopRedact,
};

function deps(): WebhookDeps {
  return { notifyUninstalled: sendShopUninstalled, shopFingerprintKey: shopFingerprintKey(env()) };
}

function handle(topic: WebhookTopic, webhook: VerifiedWebhook & { eventId: string }) {
  return WEBHOOK_HANDLERS[topic](db, webhook, deps());
}

/** A topic's Remix route action (`app/routes/webhooks.<topic>.tsx`). */
export function webhookRoute(topic: WebhookTopic) {
  return async ({ request }: ActionFunctionArgs): Promise<Response> => {
    const webhook = await authenticate.webhook(request);
    if (normalizeTopic(webhook.topic) === topic) {
      await handle(topic, { ...webhook, eventId: webhook.eventId ?? webhook.webhookId });
    }
    return new Response();
  };
}

export const webhookMiddleware = createWebhookMiddleware({
  topics: Object.keys(WEBHOOK_HANDLERS) as WebhookTopic[],
  secret: () => env().SHOPIFY_API_SECRET,
  handle,
});
