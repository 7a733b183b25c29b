import { webhookRoute } from "~/composition/webhook-route.server";

// Subscribed in shopify.app.toml as /webhooks/customers/redact.
export const action = webhookRoute("customers/redact");
