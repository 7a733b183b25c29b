import { z } from "zod";
import { recordDeliveryWithActivity } from "~/models/webhook-delivery.server";
import {
  normalizeTopic,
  type VerifiedWebhook,
  type WebhookHandler,
} from "./receive-webhook.server";

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
  return async (db, webhook: VerifiedWebhook & { eventId: string }) => {
    const { data_request, orders_requested, orders_to_redact } = customerPayload.parse(
      webhook.payload,
    );
    const first = await recordDeliveryWithActivity(
      db,
      { eventId: webhook.eventId, topic: normalizeTopic(webhook.topic), shop: webhook.shop },
      {
        shop: webhook.shop,
        actor: "shopify",
        action,
        details: {
          customerDataHeld: false,
          requestId: data_request?.id ?? null,
          orders: (orders_requested ?? orders_to_redact ?? []).length,
        },
      },
    );
    return first ? "handled" : "duplicate";
  };
}

/** customers/data_request. */
export const handleCustomersDataRequest = recordCustomerRequest("compliance.customer-data-request");

/** customers/redact. */
export const handleCustomersRedact = recordCustomerRequest("compliance.customer-redact");
