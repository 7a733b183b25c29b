import { z } from "zod";
import { recordActivity } from "~/models/activity.server";
import { handleOnce, type VerifiedWebhook, type WebhookHandler } from "./receive-webhook.server";

const customerPayload = z.object({
  orders_requested: z.array(z.unknown()).optional(),
  orders_to_redact: z.array(z.unknown()).optional(),
  data_request: z.object({ id: z.union([z.number(), z.string()]) }).optional(),
});

/**
 * customers/data_request and customers/redact: the app stores no customer data (only products, lab
 * reports and staff sessions), so there is nothing to send or erase; the request is recorded
 * without the customer's details.
 */
function recordCustomerRequest(action: string): WebhookHandler {
  return (db, webhook: VerifiedWebhook & { eventId: string }) =>
    handleOnce(db, webhook, async (tx) => {
      const { data_request, orders_requested, orders_to_redact } = customerPayload.parse(
        webhook.payload,
      );
      await recordActivity(tx, {
        shop: webhook.shop,
        actor: "shopify",
        action,
        details: {
          customerDataHeld: false,
          requestId: data_request?.id ?? null,
          orders: (orders_requested ?? orders_to_redact ?? []).length,
        },
      });
      return "handled";
    });
}

/** customers/data_request. */
export const handleCustomersDataRequest = recordCustomerRequest("compliance.customer-data-request");

/** customers/redact. */
export const handleCustomersRedact = recordCustomerRequest("compliance.customer-redact");
