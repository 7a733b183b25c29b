import { webhookAction } from "~/webhooks/handle-webhook.server";

// Subscribed in shopify.app.toml as /webhooks/app/scopes_update.
export const action = webhookAction;
