import { webhookAction } from "~/webhooks/handle-webhook.server";

// Subscribed in shopify.app.toml as /webhooks/customers/redact.
export const action = webhookAction;
