import type { Db } from "~/models/database.server";
import { recordActivity } from "~/models/activity.server";
import {
  countApiRequest,
  findLiveApiToken,
  type ApiCaller,
  type ApiScope,
} from "~/models/api-token.server";
import { problemResponse } from "./problem.server";

/**
 * Every REST API request (/api/v1) goes through `handleApiRequest`: a bearer token that names a live
 * token (else 401), the scope the operation needs (else 403), the token's rate limit (else 429 with
 * Retry-After), then the operation, always for the token's own shop. Each call is an activity
 * entry of its shop (calls without a valid token under "(api)"), with its method, path and status.
 */

export const API_LOG_SHOP = "(api)";

export type ApiContext = { caller: ApiCaller; request: Request };

export type ApiAuthDeps = { db: Db; rateLimitPerMinute: number; now(): Date };

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

const UNAUTHORIZED_HEADERS = { "WWW-Authenticate": 'Bearer realm="heady-lab-results"' };

export async function handleApiRequest(
  deps: ApiAuthDeps,
  request: Request,
  scope: ApiScope,
  operation: (context: ApiContext) => Promise<Response>,
): Promise<Response> {
  const path = new URL(request.url).pathname;
  const token = bearerToken(request);
  const caller = token ? await findLiveApiToken(deps.db, token) : null;
  if (!caller) {
    await recordActivity(deps.db, {
      shop: API_LOG_SHOP,
      actor: "api:anonymous",
      action: "api.request",
      target: path,
      details: { method: request.method, status: 401, tokenPresented: token !== null },
    });
    return problemResponse(
      request,
      401,
      "unauthorized",
      token
        ? "The API token is unknown or was revoked. Create a token on the app's API access page."
        : "Send an API token as `Authorization: Bearer <token>`.",
      UNAUTHORIZED_HEADERS,
    );
  }

  const response = await authorisedResponse(deps, request, caller, scope, operation);
  await recordActivity(deps.db, {
    shop: caller.shop,
    actor: `api:${caller.name}`,
    action: "api.request",
    target: path,
    details: { method: request.method, status: response.status, tokenId: caller.tokenId },
  });
  return response;
}

async function authorisedResponse(
  deps: ApiAuthDeps,
  request: Request,
  caller: ApiCaller,
  scope: ApiScope,
  operation: (context: ApiContext) => Promise<Response>,
): Promise<Response> {
  const rate = await countApiRequest(deps.db, caller.tokenId, deps.rateLimitPerMinute, deps.now());
  const rateHeaders = {
    "RateLimit-Limit": String(rate.limit),
    "RateLimit-Remaining": String(rate.remaining),
    "RateLimit-Reset": String(rate.resetSeconds),
  };
  if (!rate.allowed) {
    return problemResponse(
      request,
      429,
      "rate-limited",
      `This token may make ${rate.limit} requests a minute. Try again in ${rate.resetSeconds} s.`,
      { ...rateHeaders, "Retry-After": String(rate.resetSeconds) },
    );
  }
  if (!caller.scopes.includes(scope)) {
    return problemResponse(
      request,
      403,
      "forbidden",
      `This token has the scope ${caller.scopes.join(", ")}; the request needs ${scope}.`,
      rateHeaders,
    );
  }
  const response = await operation({ caller, request });
  for (const [name, value] of Object.entries(rateHeaders)) response.headers.set(name, value);
  return response;
}
