import { webhookAction } from "~/webhooks.server";

// Subscribed in shopify.app.toml as /webhooks/customers/data_request.
export const action = webhookAction;
