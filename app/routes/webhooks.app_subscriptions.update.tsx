import { webhookAction } from "~/webhooks/handle-webhook.server";

// Subscribed in shopify.app.toml as /webhooks/app_subscriptions/update.
export const action = webhookAction;
