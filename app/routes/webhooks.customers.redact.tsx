import { webhookRoute } from "~/composition/webhook-route.server";
import { handleCustomersRedact } from "~/webhooks/customer-request.server";

// Subscribed in shopify.app.toml as /webhooks/customers/redact.
export const action = webhookRoute("customers/redact", handleCustomersRedact);
