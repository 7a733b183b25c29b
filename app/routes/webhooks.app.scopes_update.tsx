import { webhookAction } from "~/webhooks.server";

// Subscribed in shopify.app.toml as /webhooks/app/scopes_update.
export const action = webhookAction;
