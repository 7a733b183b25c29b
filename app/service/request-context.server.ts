import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/**
 * What every log line of a request carries: its id (the caller's `X-Request-Id` when it is a sane
 * token, else a new UUID) and, once authentication has verified it, the shop. The server
 * (server.ts) opens the context before Remix runs any loader or action, so everything the request
 * does — Prisma, the Admin API, the queue — logs inside it.
 */
export interface RequestContext {
  readonly requestId: string;
  /** Set by `noteShop()` after a session token, webhook HMAC or offline session was verified. */
  shop?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** A proxy's or load balancer's id is kept only if it is short and plain (it lands in every log line). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(header: string | null | undefined): string {
  return header && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Records the verified shop on the current request's context (outside a request it does nothing). */
export function noteShop(shop: string): void {
  const context = storage.getStore();
  if (context) context.shop = shop;
}

/** `authenticate.admin` / `.webhook` / …, noting the shop of whatever they verified. */
export function notingShop<A extends unknown[], R>(
  authenticate: (...args: A) => Promise<R>,
  shopOf: (verified: R) => string,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const verified = await authenticate(...args);
    noteShop(shopOf(verified));
    return verified;
  };
}
