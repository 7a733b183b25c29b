import { z } from "zod";
import type { Db } from "~/models/database.server";
import { recordActivity } from "~/models/activity.server";
import {
  apiScopeSchema,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from "~/models/api-token.server";

/**
 * The API access page's server side: a shop's tokens, made, named and revoked by its staff. A new
 * token's value is returned once, to be shown once; the list shows only its first characters.
 */

export type ApiTokenRow = {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export async function apiTokenRows(db: Db, shop: string): Promise<ApiTokenRow[]> {
  return (await listApiTokens(db, shop)).map((token) => ({
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scope: token.scopes.includes("write") ? "write" : "read",
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  }));
}

const tokenForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z
      .string()
      .trim()
      .min(1, "Name the token after the system that will use it.")
      .max(80, "Use at most 80 characters."),
    scope: apiScopeSchema,
  }),
  z.object({ intent: z.literal("revoke"), id: z.string().min(1).max(64) }),
]);

export type ApiTokenAction =
  | { ok: true; message: string; created?: { name: string; token: string; scope: string } }
  | { ok: false; message: string };

export async function changeApiTokens(
  db: Db,
  shop: string,
  raw: Record<string, unknown>,
): Promise<ApiTokenAction> {
  const parsed = tokenForm.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues[0]?.message ?? "Check the form." };
  }
  const input = parsed.data;
  if (input.intent === "create") {
    const { token, summary } = await createApiToken(db, {
      shop,
      name: input.name,
      scope: input.scope,
    });
    await recordActivity(db, {
      shop,
      actor: "merchant",
      action: "api-token.created",
      target: summary.id,
      details: { name: summary.name, prefix: summary.prefix, scopes: summary.scopes },
    });
    return {
      ok: true,
      message: `Token “${summary.name}” created. Copy it now: it is not shown again.`,
      created: { name: summary.name, token, scope: input.scope },
    };
  }
  const revoked = await revokeApiToken(db, { shop, id: input.id });
  if (!revoked) return { ok: false, message: "This token does not exist or is already revoked." };
  await recordActivity(db, {
    shop,
    actor: "merchant",
    action: "api-token.revoked",
    target: revoked.id,
    details: { name: revoked.name, prefix: revoked.prefix },
  });
  return { ok: true, message: `Token “${revoked.name}” revoked. Requests with it now get 401.` };
}
