import { webhookAction } from "~/webhooks/handle-webhook.server";

// Subscribed in shopify.app.toml as /webhooks/app/uninstalled.
export const action = webhookAction;
