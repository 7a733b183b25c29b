import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "~/logger.server";
import { noteShop } from "~/service/request-context.server";
import type { ServerMiddleware } from "~/service/server-middleware.server";
import { normalizeTopic, type VerifiedWebhook, type WebhookTopic } from "./receive-webhook.server";
import { verifyRawWebhook } from "./verify-raw-webhook.server";

/** Our topics' payloads are a few kilobytes; a body past this is refused unread. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

export interface WebhookMiddlewareDeps {
  topics: readonly WebhookTopic[];
  secret(): string;
  handle(topic: WebhookTopic, webhook: VerifiedWebhook & { eventId: string }): Promise<unknown>;
}

/**
 * Answers POST /webhooks/<topic> in the production server before Remix (server.ts): the raw body's
 * HMAC, then the topic's handler (one insert guarded by the delivery's unique event id), then 200
 * — no request object, route matching or session lookup on the way. Other paths, and deliveries of
 * Shopify's newer event format (no X-Shopify-Hmac-Sha256), go on to the Remix routes, which do the
 * same through the library. A delivery of another topic at a topic's address is answered and ignored.
 */
export function createWebhookMiddleware(deps: WebhookMiddlewareDeps): ServerMiddleware {
  const byPath = new Map(deps.topics.map((topic) => [`/webhooks/${topic}`, topic]));
  return (request, response, next) => {
    const topic = request.method === "POST" ? byPath.get(pathOf(request.url)) : undefined;
    if (!topic || request.headers["x-shopify-hmac-sha256"] === undefined) return next();
    receive(deps, topic, request, response).catch((error: unknown) => {
      logger.error({ err: error, topic }, "webhook failed");
      answer(response, 500);
    });
  };
}

async function receive(
  deps: WebhookMiddlewareDeps,
  topic: WebhookTopic,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request, WEBHOOK_MAX_BYTES);
  if (body === null) return answer(response, 413);
  const check = verifyRawWebhook((name) => headerOf(request, name), body, deps.secret());
  if (!check.ok) return answer(response, check.status);
  noteShop(check.webhook.shop);
  if (normalizeTopic(check.webhook.topic) === topic) await deps.handle(topic, check.webhook);
  answer(response, 200);
}

function pathOf(url: string | undefined): string {
  const path = (url ?? "").split("?")[0] ?? "";
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function answer(response: ServerResponse, status: number): void {
  if (response.headersSent) return;
  response.writeHead(status, { "Content-Length": "0" });
  response.end();
}

/** The body, or null once it passes `max` bytes (the rest is not read). */
function readBody(request: IncomingMessage, max: number): Promise<Buffer | null> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > max) {
    request.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        request.removeAllListeners("data");
        request.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks, size)));
    request.on("error", reject);
  });
}
