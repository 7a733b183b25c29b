import { webhookAction } from "~/webhooks.server";

// Subscribed in shopify.app.toml as /webhooks/shop/redact.
export const action = webhookAction;
