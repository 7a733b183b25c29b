import { webhookRoute } from "~/composition/webhook-route.server";

// Subscribed in shopify.app.toml as /webhooks/shop/redact.
export const action = webhookRoute("shop/redact");
