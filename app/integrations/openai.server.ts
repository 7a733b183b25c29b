import OpenAI, {
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  APIConnectionError,
} from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import {
  LanguageModelError,
  type LanguageModel,
  type StructuredRequest,
  type StructuredResponse,
} from "../pipeline/language-model";

/**
 * The only importer of the `openai` SDK. Implements the pipeline's LanguageModel port with Chat
 * Completions structured outputs (`response_format: json_schema`, strict), built from a zod schema.
 *
 * Retries are off in the SDK (`maxRetries: 0`): the queue decides about retries from the typed
 * LanguageModelError this file throws. The API key is never logged nor put in an error message.
 */
export interface OpenAiLanguageModelOptions {
  apiKey: string;
  /** An OpenAI-compatible endpoint (OPENAI_BASE_URL), e.g. the local test double. */
  baseURL?: string;
  model?: string;
  timeoutMs: number;
}

export const DEFAULT_OPENAI_MODEL = "gpt-4o";

export function createOpenAiLanguageModel(options: OpenAiLanguageModelOptions): LanguageModel {
  const model = options.model ?? DEFAULT_OPENAI_MODEL;
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: 0,
  });

  async function generate<T>(request: StructuredRequest<T>): Promise<StructuredResponse<T>> {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await client.chat.completions.create({
        model,
        // Instructions and untrusted document data travel in separate messages, so the data can
        // never pose as the system prompt.
        messages: [
          { role: "system", content: request.system },
          { role: "user", content: userContent(request) },
        ],
        response_format: zodResponseFormat(request.schema, request.schemaName),
        ...(request.maxOutputTokens !== undefined
          ? { max_completion_tokens: request.maxOutputTokens }
          : {}),
      });
    } catch (error) {
      throw toLanguageModelError(error);
    }
    return {
      value: parseCompletion(completion, request),
      model: completion.model,
      usage: usageOf(completion),
    };
  }

  return { model, generate };
}

/** The data as text, and the pictures (if any) after it as data: URLs, never fetched from anywhere. */
function userContent<T>(
  request: StructuredRequest<T>,
): string | OpenAI.Chat.Completions.ChatCompletionContentPart[] {
  if (!request.images?.length) return request.data;
  return [
    { type: "text", text: request.data },
    ...request.images.map((image) => ({
      type: "image_url" as const,
      image_url: {
        url: `data:image/png;base64,${Buffer.from(image.png).toString("base64")}`,
        detail: "high" as const,
      },
    })),
  ];
}

function parseCompletion<T>(
  completion: OpenAI.Chat.Completions.ChatCompletion,
  request: StructuredRequest<T>,
): T {
  const choice = completion.choices[0];
  if (!choice) throw new LanguageModelError("malformed-output", "The completion has no choices.");
  if (choice.message.refusal) {
    throw new LanguageModelError("refused", `The model refused: ${choice.message.refusal}`);
  }
  if (choice.finish_reason === "content_filter") {
    throw new LanguageModelError("refused", "The answer was stopped by the content filter.");
  }
  if (choice.finish_reason === "length") {
    throw new LanguageModelError("malformed-output", "The answer was cut off at the token limit.");
  }
  const content = choice.message.content;
  if (content === null || content === "") {
    throw new LanguageModelError("malformed-output", "The answer has no content.");
  }
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (cause) {
    throw new LanguageModelError("malformed-output", "The answer is not valid JSON.", null, {
      cause,
    });
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw new LanguageModelError(
      "malformed-output",
      `The answer does not match the ${request.schemaName} schema: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

function usageOf(
  completion: OpenAI.Chat.Completions.ChatCompletion,
): StructuredResponse<unknown>["usage"] {
  if (!completion.usage) return null;
  return {
    inputTokens: completion.usage.prompt_tokens,
    outputTokens: completion.usage.completion_tokens,
  };
}

/** Maps SDK failures to the port's typed errors; anything unrecognised is rethrown as a bug. */
export function toLanguageModelError(error: unknown): unknown {
  if (error instanceof LanguageModelError) return error;
  // Timeout first: it is a subclass of APIConnectionError, which is a subclass of APIError.
  if (error instanceof APIConnectionTimeoutError) {
    return new LanguageModelError("timeout", "The model did not answer in time.", null, {
      cause: error,
    });
  }
  if (error instanceof APIUserAbortError) {
    return new LanguageModelError("timeout", "The model call was aborted.", null, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new LanguageModelError("server-error", "Could not reach the model endpoint.", null, {
      cause: error,
    });
  }
  if (!(error instanceof APIError)) return error;
  const status = error.status ?? 0;
  // The SDK's own message repeats the provider's; it never contains the key.
  const message = `The model endpoint answered ${status}: ${error.message}`;
  if (status === 429) {
    return new LanguageModelError("rate-limited", message, retryAfterMs(error.headers), {
      cause: error,
    });
  }
  if (status === 401 || status === 403) {
    return new LanguageModelError("unauthorized", message, null, { cause: error });
  }
  if (status >= 500) return new LanguageModelError("server-error", message, null, { cause: error });
  if (status === 408) return new LanguageModelError("timeout", message, null, { cause: error });
  return new LanguageModelError("bad-request", message, null, { cause: error });
}

/**
 * OpenAI sends `retry-after-ms` (milliseconds) and/or the standard `retry-after` (seconds, or an
 * HTTP date). The SDK reads the same two headers for its own retries.
 */
export function retryAfterMs(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | null {
  const ms = headers?.get("retry-after-ms");
  if (ms) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const after = headers?.get("retry-after");
  if (after) {
    const seconds = Number.parseFloat(after);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  return null;
}

/** The app's model from its environment: OpenAI when a key is set, else none (the built-in writer). */
export function languageModelFromEnv(config: {
  OPENAI_API_KEY?: string;
  OPENAI_MODEL: string;
  OPENAI_TIMEOUT_MS: number;
  OPENAI_BASE_URL?: string;
}): LanguageModel | undefined {
  if (!config.OPENAI_API_KEY) return undefined;
  return createOpenAiLanguageModel({
    apiKey: config.OPENAI_API_KEY,
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
  });
}
