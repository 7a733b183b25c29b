import { z } from "zod";
import {
  runAdminOperation,
  userErrorSchema,
  type AdminGraphql,
  type MutationResult,
} from "./shopify-admin-client.server";

/**
 * Shopify Flow triggers the app declares (extensions/coa-stale-flow-trigger,
 * extensions/coa-failed-flow-trigger), sent with flowTriggerReceive. Each payload is parsed against
 * the trigger's declared fields before it leaves: Flow drops a run whose payload does not match.
 * A product_reference field travels as `product_id`, the product's numeric id (shopify.dev,
 * "Create a Flow trigger": reference field types).
 */

const FLOW_TRIGGER = `#graphql
  mutation LabResultsFlowTrigger($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
`;

const productIdSchema = z.number().int().positive();
const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const FLOW_TRIGGER_PAYLOADS = {
  "coa-stale": z
    .object({
      product_id: productIdSchema,
      // Empty when the COA prints no batch; the lookup URL is then the lookup page's search.
      batch: z.string(),
      freshness: z.enum(["stale", "soon-stale"]),
      "stale on": isoDateSchema,
      "variant ids": z.string(),
      "lookup url": z.string().url(),
    })
    .strict(),
  "coa-failed": z
    .object({
      product_id: productIdSchema,
      batch: z.string(),
      "failed panels": z.string().min(1),
      "lab name": z.string(),
    })
    .strict(),
} as const;

export type FlowTriggerHandle = keyof typeof FLOW_TRIGGER_PAYLOADS;
export type FlowTriggerPayload<H extends FlowTriggerHandle> = z.infer<
  (typeof FLOW_TRIGGER_PAYLOADS)[H]
>;

/** "gid://shopify/Product/123" → 123. */
export function numericId(gid: string): number {
  const id = Number(/\/(\d+)$/.exec(gid)?.[1]);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`Not a Shopify GID: ${gid}`);
  return id;
}

export async function sendFlowTrigger<H extends FlowTriggerHandle>(
  admin: AdminGraphql,
  handle: H,
  payload: FlowTriggerPayload<H>,
): Promise<MutationResult<null>> {
  const checked = FLOW_TRIGGER_PAYLOADS[handle].parse(payload);
  const data = await runAdminOperation(
    admin,
    FLOW_TRIGGER,
    { handle, payload: checked },
    z.object({ flowTriggerReceive: z.object({ userErrors: z.array(userErrorSchema) }) }),
  );
  const { userErrors } = data.flowTriggerReceive;
  return userErrors.length > 0 ? { ok: false, userErrors } : { ok: true, value: null };
}
