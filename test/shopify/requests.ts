import { createHmac, randomUUID } from "node:crypto";
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
  SHOP_FINGERPRINT_KEY: "test-shop-fingerprint-key-of-at-least-32-chars",
  INNGEST_DEV: "1",
  LOG_LEVEL: "silent",
  // Upload pacing (app/service/upload-pacing.ts) only where a test sets it: elsewhere a test's
  // back-to-back uploads would depend on how fast the machine runs it.
  UPLOAD_SHOP_BYTES_PER_SECOND: String(2 ** 40),
  UPLOAD_TOTAL_BYTES_PER_SECOND: String(2 ** 40),
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

export interface AppProxyOptions {
  shop: string;
  /** The path on the app's side of the proxy, e.g. "/proxy/lab/CP-0425". */
  path: string;
  /** Query parameters the shopper sent (e.g. the search form's `batch`). */
  query?: Record<string, string>;
  /** Sign with another secret (a forged request). */
  secret?: string;
  /** Leave the signature out. */
  unsigned?: boolean;
  timestamp?: number;
  pathPrefix?: string;
}

/**
 * A request as Shopify forwards it through the app proxy, signed as Shopify documents it
 * (shopify.dev, "Authenticate app proxies"): every query parameter but `signature`, as `key=value`
 * (several values joined by commas), sorted by key and concatenated with no separator; the
 * signature is the hex HMAC-SHA256 of that string with the app's secret. Computed here from the
 * documentation, not with the library that verifies it.
 */
export function appProxyRequest(options: AppProxyOptions): Request {
  const params: Record<string, string> = {
    shop: options.shop,
    logged_in_customer_id: "",
    path_prefix: options.pathPrefix ?? "/apps/lab",
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    ...options.query,
  };
  const message = Object.keys(params)
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join("");
  const signature = createHmac("sha256", options.secret ?? API_SECRET_KEY)
    .update(message)
    .digest("hex");
  const search = new URLSearchParams(params);
  if (!options.unsigned) search.set("signature", signature);
  return new Request(`${APP_URL}${options.path}?${search.toString()}`, {
    headers: { accept: "text/html", "user-agent": "Mozilla/5.0 (iPhone) Safari/604.1" },
  });
}
