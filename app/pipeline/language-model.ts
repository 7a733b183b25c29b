import type { z } from "zod";

/**
 * The port through which the pipeline asks a language model for structured output.
 * The pipeline never imports a vendor SDK; app/integrations/openai.server.ts implements this.
 */
export interface StructuredRequest<T> {
  /** Instructions. Document text never goes here: it goes in `data`. */
  system: string;
  /** Untrusted material (text from a PDF, a lab report as JSON): data, never instructions. */
  data: string;
  schema: z.ZodType<T>;
  /** A short snake_case name for the schema (sent to the model as the response format name). */
  schemaName: string;
  maxOutputTokens?: number;
  /** Pictures sent with `data` (pages of a scanned COA), for a model that can see: PNG bytes. */
  images?: { name: string; png: Uint8Array }[];
}

export interface StructuredResponse<T> {
  value: T;
  model: string;
  usage: { inputTokens: number; outputTokens: number } | null;
}

export interface LanguageModel {
  readonly model: string;
  generate<T>(request: StructuredRequest<T>): Promise<StructuredResponse<T>>;
}

export type LanguageModelErrorCode =
  | "rate-limited"
  | "server-error"
  | "timeout"
  | "refused"
  | "malformed-output"
  | "bad-request"
  | "unauthorized";

/** Any failure of the model call, typed so the queue can decide about retries. */
export class LanguageModelError extends Error {
  override readonly name = "LanguageModelError";
  constructor(
    readonly code: LanguageModelErrorCode,
    message: string,
    /** For "rate-limited": how long the provider asked us to wait, in milliseconds. */
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return this.code === "rate-limited" || this.code === "server-error" || this.code === "timeout";
  }
}
