import { NonRetriableError, RetryAfterError } from "inngest";
import { ShopifyThrottledError } from "~/integrations/shopify-admin-client.server";
import { LanguageModelError } from "~/pipeline/language-model";

/**
 * Turns an outage thrown inside a step into what Inngest should do about it: wait as long as the
 * provider asked (`RetryAfterError`), give up (`NonRetriableError`), or retry with backoff (any
 * other error). Bad input never reaches here: it is a value, handled by the step itself.
 */

/** When a provider asks for a pause but names none. */
export const DEFAULT_OPENAI_RETRY_MS = 30_000;
export const DEFAULT_SHOPIFY_RETRY_MS = 2_000;

export function toStepError(error: unknown): unknown {
  if (error instanceof LanguageModelError) {
    if (error.code === "rate-limited") {
      return new RetryAfterError(
        "The description writer is busy; trying again shortly.",
        error.retryAfterMs ?? DEFAULT_OPENAI_RETRY_MS,
        { cause: error },
      );
    }
    if (!error.retryable) {
      return new NonRetriableError(
        "The description writer refused this request. Try again later or write the description by hand.",
        { cause: error },
      );
    }
    return error;
  }
  if (error instanceof ShopifyThrottledError) {
    // retryAfterMs comes from Shopify's cost extension: (requested − available) / restoreRate.
    return new RetryAfterError(
      "Shopify asked us to slow down; publishing again shortly.",
      error.retryAfterMs > 0 ? error.retryAfterMs : DEFAULT_SHOPIFY_RETRY_MS,
      { cause: error },
    );
  }
  return error;
}

/** Runs `work`, rethrowing its failure in the shape Inngest acts on. */
export async function withStepErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStepError(error);
  }
}
