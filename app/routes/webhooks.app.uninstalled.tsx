import { webhookRoute } from "~/composition/webhook-route.server";

// Subscribed in shopify.app.toml as /webhooks/app/uninstalled.
export const action = webhookRoute("app/uninstalled");
