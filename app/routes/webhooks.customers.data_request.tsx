import { webhookAction } from "~/webhooks/handle-webhook.server";

// Subscribed in shopify.app.toml as /webhooks/customers/data_request.
export const action = webhookAction;
