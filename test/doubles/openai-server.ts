import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for OpenAI's Chat Completions endpoint (`POST /v1/chat/completions`), speaking
 * the real wire format (see node_modules/openai/resources/chat/completions/completions.d.ts:
 * ChatCompletion, ChatCompletionMessage, CompletionUsage; errors as `{ error: { message, type,
 * param, code } }`). A real server on 127.0.0.1 and a random port, so the real SDK is exercised.
 *
 * Replies are scripted in order; when the script runs out, `fallback` answers (default: 500).
 */
export type ScriptedReply =
  /** A structured answer: `value` is serialised as the assistant message's content. */
  | { kind: "json"; value: unknown }
  /** Raw assistant content, e.g. malformed JSON. */
  | { kind: "content"; content: string; finishReason?: "stop" | "length" | "content_filter" }
  | { kind: "refusal"; refusal: string }
  | { kind: "rate-limited"; retryAfterSeconds?: number; retryAfterMs?: number }
  | { kind: "server-error"; status?: number }
  | { kind: "unauthorized" }
  /** Never answers: the client's timeout must fire. */
  | { kind: "hang" };

export interface ChatMessageSent {
  role: string;
  /** Text; a message with pictures arrives as parts instead (read it with textOf / partsOf). */
  content: string;
}

export type ChatContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: string } };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: {
    model?: string;
    messages?: ChatMessageSent[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean } };
    max_completion_tokens?: number;
    [key: string]: unknown;
  };
}

export interface OpenAiDoubleOptions {
  /** Counts prompt tokens for `usage.prompt_tokens`; default: a rough 4-characters-per-token. */
  countTokens?: (text: string) => number;
  fallback?: ScriptedReply | ((request: RecordedRequest) => ScriptedReply);
}

export interface OpenAiDouble {
  /** The base URL to hand to the SDK, e.g. http://127.0.0.1:40123/v1 */
  baseURL: string;
  requests: RecordedRequest[];
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

export async function startOpenAiDouble(options: OpenAiDoubleOptions = {}): Promise<OpenAiDouble> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  const countTokens = options.countTokens ?? ((text: string) => Math.ceil(text.length / 4));
  let sequence = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      sendJson(res, 500, errorBody(`double failed: ${String(error)}`, "server_error"));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: { ...req.headers },
      body: raw ? (JSON.parse(raw) as RecordedRequest["body"]) : {},
    };
    requests.push(recorded);
    if (req.method !== "POST" || !req.url?.startsWith("/v1/chat/completions")) {
      sendJson(res, 404, errorBody(`Unknown path ${req.url ?? ""}`, "invalid_request_error"));
      return;
    }
    const reply = queue.shift() ?? fallbackFor(recorded);
    const promptTokens = (recorded.body.messages ?? []).reduce(
      (sum, message) => sum + countTokens(textOf(message.content)),
      0,
    );
    sequence += 1;
    switch (reply.kind) {
      case "json":
        sendJson(res, 200, completion(JSON.stringify(reply.value), null, "stop"));
        return;
      case "content":
        sendJson(res, 200, completion(reply.content, null, reply.finishReason ?? "stop"));
        return;
      case "refusal":
        sendJson(res, 200, completion(null, reply.refusal, "stop"));
        return;
      case "rate-limited": {
        const headers: Record<string, string> = {};
        if (reply.retryAfterSeconds !== undefined) {
          headers["retry-after"] = String(reply.retryAfterSeconds);
        }
        if (reply.retryAfterMs !== undefined)
          headers["retry-after-ms"] = String(reply.retryAfterMs);
        sendJson(
          res,
          429,
          errorBody("Rate limit reached for requests", "requests", "rate_limit_exceeded"),
          headers,
        );
        return;
      }
      case "server-error":
        sendJson(res, reply.status ?? 500, errorBody("The server had an error", "server_error"));
        return;
      case "unauthorized":
        sendJson(
          res,
          401,
          errorBody("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
        );
        return;
      case "hang":
        return;
    }

    function completion(content: string | null, refusal: string | null, finishReason: string) {
      const completionTokens = content ? countTokens(content) : 0;
      return {
        id: `chatcmpl-double-${sequence}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: recorded.body.model ?? "gpt-4o",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content, refusal, annotations: [] },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
        system_fingerprint: "fp_double",
      };
    }
  }

  function fallbackFor(request: RecordedRequest): ScriptedReply {
    const fallback = options.fallback ?? { kind: "server-error", status: 500 };
    return typeof fallback === "function" ? fallback(request) : fallback;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging requests keep their sockets open; close them so the server can stop.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function errorBody(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-request-id": "req_double",
    ...headers,
  });
  res.end(text);
}

/** A message's content as parts: text and images (`image_url` with a data: URL). */
export function partsOf(content: unknown): ChatContentPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? (content as ChatContentPart[]) : [];
}

/** The text of a message: its parts' texts joined (an image counts as no text here). */
export function textOf(content: unknown): string {
  return partsOf(content)
    .map((part) => (part.type === "text" ? part.text : ""))
    .join("\n");
}
