import { webhookRoute } from "~/composition/webhook-route.server";

// Subscribed in shopify.app.toml as /webhooks/app/scopes_update.
export const action = webhookRoute("app/scopes_update");
