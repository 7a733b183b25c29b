import { randomUUID } from "node:crypto";
import {
  API_KEY,
  API_SECRET_KEY,
  APP_URL,
  getHmac,
  getJwt,
} from "@shopify/shopify-api/test-helpers";

/**
 * Requests as Shopify sends them, signed with the test app's secret: real HMACs and real session tokens
 * (@shopify/shopify-api/test-helpers), so the library's own verification runs in tests.
 */
export const TEST_APP = { apiKey: API_KEY, apiSecret: API_SECRET_KEY, appUrl: APP_URL };

/** The environment the app needs in tests; DATABASE_URL is set per test file. */
export const TEST_ENV = {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: API_KEY,
  SHOPIFY_API_SECRET: API_SECRET_KEY,
  SHOPIFY_APP_URL: APP_URL,
  SCOPES: "read_products,write_products,read_files,write_files",
  TOKEN_ENCRYPTION_KEYS: "v1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
  OPS_SESSION_SECRET: "test-ops-session-secret-of-at-least-32-chars",
  INNGEST_DEV: "1",
  LOG_LEVEL: "silent",
} as const;

/**
 * The Inngest part of a production environment (the app refuses INNGEST_DEV there): cloud mode,
 * with keys. Spread over TEST_ENV.
 */
export const PRODUCTION_INNGEST_ENV = {
  INNGEST_DEV: "",
  INNGEST_EVENT_KEY: "test-event-key",
  INNGEST_SIGNING_KEY: `signkey-test-${"0f".repeat(32)}`,
} as const;

export interface WebhookOptions {
  topic: string;
  shop: string;
  payload: unknown;
  eventId?: string;
  webhookId?: string;
  /** Sign with another secret (a forged delivery). */
  secret?: string;
  /** Change the body after signing (a tampered delivery). */
  tamper?: (body: string) => string;
}

export function webhookRequest(options: WebhookOptions): Request {
  const path = `/webhooks/${options.topic}`;
  const signedBody = JSON.stringify(options.payload);
  const hmac = getHmac(signedBody, options.secret ?? API_SECRET_KEY);
  const body = options.tamper ? options.tamper(signedBody) : signedBody;
  return new Request(`${APP_URL}${path}`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": options.topic,
      "x-shopify-hmac-sha256": hmac,
      "x-shopify-shop-domain": options.shop,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
      "x-shopify-event-id": options.eventId ?? randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  });
}

/** A request from the embedded admin carrying a real session token for `shop`. */
export async function adminRequest(
  shop: string,
  path: string,
  init: RequestInit = {},
): Promise<Request> {
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), API_KEY, API_SECRET_KEY);
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  return new Request(`${APP_URL}${path}`, { ...init, headers });
}
