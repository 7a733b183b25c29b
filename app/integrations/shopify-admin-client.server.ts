import {
  GraphqlQueryError,
  HttpInternalError,
  HttpMaxRetriesError,
  HttpRequestError,
  HttpThrottlingError,
} from "@shopify/shopify-api";
import { z } from "zod";

/**
 * How the app talks to the Shopify Admin GraphQL API: one `AdminGraphql` function with the shape of
 * shopify-app-remix's `admin.graphql(query, { variables })`, passed in by the caller (an
 * authenticated request or an offline session), and the typed outcomes of a call.
 */

export const SHOPIFY_ADMIN_API_VERSION = "2026-10";

export type AdminGraphql = (
  query: string,
  options?: { variables?: Record<string, unknown> },
) => Promise<Response>;

/** A `userErrors` entry: an expected outcome the merchant can read and act on. */
export type ShopifyUserError = { field: string[] | null; message: string; code: string | null };

export type MutationResult<T> =
  { ok: true; value: T } | { ok: false; userErrors: ShopifyUserError[] };

/** A mutation that changed nothing must still tell the merchant something. */
export function orUnknown(errors: ShopifyUserError[]): ShopifyUserError[] {
  return errors.length > 0
    ? errors
    : [{ field: null, message: "Shopify did not apply the change.", code: null }];
}

export const userErrorSchema = z
  .object({
    field: z.array(z.string()).nullish(),
    message: z.string(),
    code: z.string().nullish(),
  })
  .transform((e): ShopifyUserError => ({
    field: e.field ?? null,
    message: e.message,
    code: e.code ?? null,
  }));

/** Shopify's query cost extension (shopify.dev, "API rate limits": calculated query cost). */
const costSchema = z.object({
  requestedQueryCost: z.number(),
  actualQueryCost: z.number().nullish(),
  throttleStatus: z.object({
    maximumAvailable: z.number(),
    currentlyAvailable: z.number(),
    restoreRate: z.number(),
  }),
});
export type QueryCost = z.infer<typeof costSchema>;

const envelopeSchema = z.object({
  data: z.unknown().optional(),
  errors: z
    .union([
      z.array(
        z.object({
          message: z.string(),
          extensions: z.object({ code: z.string().optional() }).passthrough().optional(),
        }),
      ),
      z.string(),
    ])
    .optional(),
  extensions: z.object({ cost: costSchema.optional() }).passthrough().optional(),
});

/** Shopify's leaky bucket is empty: retry after `retryAfterMs`. */
export class ShopifyThrottledError extends Error {
  override name = "ShopifyThrottledError";
  constructor(
    readonly retryAfterMs: number,
    readonly cost: QueryCost | null,
  ) {
    super(`Shopify throttled the request; retry in ${retryAfterMs} ms`);
  }
}

/** Shopify answered 5xx or could not be reached: an outage, retry later. */
export class ShopifyUnavailableError extends Error {
  override name = "ShopifyUnavailableError";
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** Shopify rejected the request itself (a bad query, missing scope, bad token): a bug, not retried. */
export class ShopifyAdminError extends Error {
  override name = "ShopifyAdminError";
}

/** Waiting less than a second only buys another THROTTLED answer. */
const MIN_RETRY_AFTER_MS = 1000;

/**
 * Time until the bucket holds the requested cost again: (requested − available) / restoreRate
 * seconds (shopify.dev, "API rate limits").
 */
export function retryAfterFromCost(cost: QueryCost | null | undefined): number {
  if (!cost) return MIN_RETRY_AFTER_MS;
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  const missing = cost.requestedQueryCost - currentlyAvailable;
  if (missing <= 0 || restoreRate <= 0) return MIN_RETRY_AFTER_MS;
  return Math.max(MIN_RETRY_AFTER_MS, Math.ceil((missing / restoreRate) * 1000));
}

const throttleListeners = new Set<(error: ShopifyThrottledError) => void>();

/** Calls `listener` with every throttle any operation meets (for metrics); returns the unsubscribe. */
export function onShopifyThrottle(listener: (error: ShopifyThrottledError) => void): () => void {
  throttleListeners.add(listener);
  return () => throttleListeners.delete(listener);
}

/** Runs one operation and returns its `data`, parsed; throws the typed errors above otherwise. */
export async function runAdminOperation<T>(
  admin: AdminGraphql,
  query: string,
  variables: Record<string, unknown>,
  dataSchema: z.ZodType<T>,
): Promise<T> {
  try {
    return await runOperation(admin, query, variables, dataSchema);
  } catch (error) {
    if (error instanceof ShopifyThrottledError)
      throttleListeners.forEach((listener) => listener(error));
    throw error;
  }
}

async function runOperation<T>(
  admin: AdminGraphql,
  query: string,
  variables: Record<string, unknown>,
  dataSchema: z.ZodType<T>,
): Promise<T> {
  let response: Response;
  try {
    response = await admin(query, { variables });
  } catch (error) {
    throw translateClientError(error);
  }
  if (response.status === 429) {
    const seconds = Number(response.headers.get("retry-after"));
    throw new ShopifyThrottledError(
      Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : MIN_RETRY_AFTER_MS,
      null,
    );
  }
  if (response.status >= 500) {
    throw new ShopifyUnavailableError(`Shopify answered HTTP ${response.status}`, response.status);
  }
  if (!response.ok) throw new ShopifyAdminError(`Shopify answered HTTP ${response.status}`);
  const envelope = envelopeSchema.parse(await response.json());
  throwOnGraphqlErrors(envelope.errors, envelope.extensions?.cost);
  return dataSchema.parse(envelope.data);
}

function throwOnGraphqlErrors(
  errors: z.infer<typeof envelopeSchema>["errors"],
  cost: QueryCost | undefined,
): void {
  if (errors === undefined) return;
  if (typeof errors === "string") throw new ShopifyAdminError(errors);
  if (errors.length === 0) return;
  if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
    throw new ShopifyThrottledError(retryAfterFromCost(cost), cost ?? null);
  }
  throw new ShopifyAdminError(errors.map((e) => e.message).join("; "));
}

/**
 * shopify-api's client (behind shopify-app-remix's admin.graphql) throws instead of returning a
 * failed response: GraphQL errors as GraphqlQueryError (body = { errors: { graphQLErrors },
 * extensions }), HTTP 429 and 5xx as HttpThrottlingError / HttpInternalError.
 */
function translateClientError(error: unknown): unknown {
  // shopify-app-remix throws a Response to re-authenticate; it must reach Remix unchanged.
  if (error instanceof Response) return error;
  if (error instanceof GraphqlQueryError) {
    const body = z
      .object({
        errors: z
          .object({ graphQLErrors: envelopeSchema.shape.errors.optional() })
          .passthrough()
          .optional(),
        extensions: envelopeSchema.shape.extensions,
      })
      .safeParse(error.body);
    if (body.success) {
      try {
        throwOnGraphqlErrors(body.data.errors?.graphQLErrors, body.data.extensions?.cost);
      } catch (translated) {
        return translated;
      }
    }
    return new ShopifyAdminError(error.message);
  }
  if (error instanceof HttpThrottlingError) {
    const seconds = error.response.retryAfter;
    return new ShopifyThrottledError(seconds ? seconds * 1000 : MIN_RETRY_AFTER_MS, null);
  }
  if (error instanceof HttpInternalError) {
    return new ShopifyUnavailableError(error.message, error.response.code);
  }
  if (error instanceof HttpMaxRetriesError || error instanceof HttpRequestError) {
    return new ShopifyUnavailableError(error.message, null);
  }
  return error;
}
