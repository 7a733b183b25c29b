import { webhookRoute } from "~/composition/webhook-route.server";

// Subscribed in shopify.app.toml as /webhooks/app_subscriptions/update.
export const action = webhookRoute("app_subscriptions/update");
