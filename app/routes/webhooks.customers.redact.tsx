import { webhookAction } from "~/webhooks.server";

// Subscribed in shopify.app.toml as /webhooks/customers/redact.
export const action = webhookAction;
