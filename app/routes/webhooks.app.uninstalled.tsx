import { webhookRoute } from "~/composition/webhook-route.server";
import { handleAppUninstalled } from "~/webhooks/app-uninstalled.server";

// Subscribed in shopify.app.toml as /webhooks/app/uninstalled.
export const action = webhookRoute("app/uninstalled", handleAppUninstalled);
