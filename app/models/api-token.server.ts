import { createHash, randomBytes } from "node:crypto";
import type { ApiToken } from "@prisma/client";
import { z } from "zod";
import type { Db } from "~/models/database.server";

/**
 * A merchant's tokens for the REST API (/api/v1). A token is 32 random bytes (256 bits) behind a
 * recognisable prefix; only its SHA-256 is stored. A slow password hash is not needed: nobody can
 * guess or brute-force a 256-bit random value from its hash, so a fast hash loses nothing and keeps
 * the lookup a single indexed read per request.
 */

export const API_SCOPES = ["read", "write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const apiScopeSchema = z.enum(API_SCOPES);

const TOKEN_PREFIX = "hlr_";
/** Characters of the token shown in lists ("hlr_" and 8 more). */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type ApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export function tokenScopes(row: Pick<ApiToken, "scopes">): ApiScope[] {
  return row.scopes
    .split(",")
    .map((scope) => apiScopeSchema.safeParse(scope.trim()))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []));
}

function summary(row: ApiToken): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: tokenScopes(row),
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

/** Write includes read: a token that may upload and approve may also look. */
function normaliseScopes(scope: ApiScope): string {
  return scope === "write" ? "read,write" : "read";
}

/** Creates a token; the returned `token` is the only time its value exists outside the caller. */
export async function createApiToken(
  db: Db,
  input: { shop: string; name: string; scope: ApiScope },
): Promise<{ token: string; summary: ApiTokenSummary }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await db.apiToken.create({
    data: {
      shop: input.shop,
      name: input.name,
      tokenHash: hashApiToken(token),
      prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
      scopes: normaliseScopes(input.scope),
    },
  });
  return { token, summary: summary(row) };
}

export async function listApiTokens(db: Db, shop: string): Promise<ApiTokenSummary[]> {
  const rows = await db.apiToken.findMany({
    where: { shop },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(summary);
}

/** Revokes one of the shop's live tokens; false when there is none by that id (or it was revoked). */
export async function revokeApiToken(
  db: Db,
  input: { shop: string; id: string },
  now = new Date(),
): Promise<ApiTokenSummary | null> {
  const { count } = await db.apiToken.updateMany({
    where: { shop: input.shop, id: input.id, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count === 0) return null;
  const row = await db.apiToken.findFirst({ where: { shop: input.shop, id: input.id } });
  return row ? summary(row) : null;
}

export type ApiCaller = { tokenId: string; shop: string; name: string; scopes: ApiScope[] };

/** The live token a bearer value names, or null (unknown, revoked or uninstalled read alike). */
export async function findLiveApiToken(db: Db, token: string): Promise<ApiCaller | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    include: { owner: { select: { uninstalledAt: true } } },
  });
  // A shop that uninstalled the app has no API either, until it installs again.
  if (!row || row.revokedAt || row.owner.uninstalledAt) return null;
  return { tokenId: row.id, shop: row.shop, name: row.name, scopes: tokenScopes(row) };
}

export type RateDecision =
  | { allowed: true; limit: number; remaining: number; resetSeconds: number }
  | { allowed: false; limit: number; remaining: 0; resetSeconds: number };

const WINDOW_MS = 60_000;

/**
 * Counts one request against the token's fixed one-minute window, in the database so that every
 * app process shares the limit. The increment and the read are one statement (an upsert), so
 * parallel requests cannot all see the same count.
 */
export async function countApiRequest(
  db: Db,
  tokenId: string,
  limitPerMinute: number,
  now = new Date(),
): Promise<RateDecision> {
  const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
  const row = await db.apiRequestWindow.upsert({
    where: { tokenId_windowStart: { tokenId, windowStart } },
    create: { tokenId, windowStart, count: 1 },
    update: { count: { increment: 1 } },
  });
  const resetSeconds = Math.max(
    1,
    Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000),
  );
  if (row.count === 1) {
    // First request of a window: record the use and drop windows nobody will read again.
    await db.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: now } });
    await db.apiRequestWindow.deleteMany({
      where: { tokenId, windowStart: { lt: windowStart } },
    });
  }
  if (row.count > limitPerMinute) {
    return { allowed: false, limit: limitPerMinute, remaining: 0, resetSeconds };
  }
  return {
    allowed: true,
    limit: limitPerMinute,
    remaining: limitPerMinute - row.count,
    resetSeconds,
  };
}
