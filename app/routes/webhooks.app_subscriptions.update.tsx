import { webhookRoute } from "~/composition/webhook-route.server";
import { handleAppSubscriptionsUpdate } from "~/webhooks/app-subscriptions-update.server";

// Subscribed in shopify.app.toml as /webhooks/app_subscriptions/update.
export const action = webhookRoute("app_subscriptions/update", handleAppSubscriptionsUpdate);
