import { webhookRoute } from "~/composition/webhook-route.server";

// Subscribed in shopify.app.toml as /webhooks/customers/data_request.
export const action = webhookRoute("customers/data_request");
