import { webhookAction } from "~/webhooks.server";

// Subscribed in shopify.app.toml as /webhooks/app/uninstalled.
export const action = webhookAction;
