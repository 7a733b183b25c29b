import { createHash, randomBytes } from "node:crypto";
import type { Operator } from "~/models/operator.server";
import type { Db } from "~/models/database.server";

/**
 * Operator console sessions, kept on the server: the cookie carries a random token, the table its
 * SHA-256 with an expiry and a revocation time. Signing out, disabling the operator, or a password
 * change ends a session at once, whatever cookie a browser still holds.
 */

export const OPERATOR_SESSION_HOURS = 8;

function sessionId(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createOperatorSession(
  db: Db,
  operatorId: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + OPERATOR_SESSION_HOURS * 60 * 60 * 1000);
  await db.operatorSession.create({
    data: { id: sessionId(token), operatorId, createdAt: now, expiresAt },
  });
  return { token, expiresAt };
}

export type LiveOperatorSession = { sessionId: string; operator: Operator };

/** The session a token names if it is unexpired, unrevoked and its operator is not disabled. */
export async function findLiveOperatorSession(
  db: Db,
  token: string,
  now = new Date(),
): Promise<LiveOperatorSession | null> {
  if (token.length === 0 || token.length > 200) return null;
  const id = sessionId(token);
  const session = await db.operatorSession.findUnique({
    where: { id },
    include: { operator: true },
  });
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
  if (session.operator.disabledAt) return null;
  return { sessionId: id, operator: session.operator };
}

export async function revokeOperatorSession(db: Db, token: string, now = new Date()) {
  await db.operatorSession.updateMany({
    where: { id: sessionId(token), revokedAt: null },
    data: { revokedAt: now },
  });
}

/** Ends every live session of an operator; returns how many were live. */
export async function revokeOperatorSessions(
  db: Db,
  operatorId: string,
  now = new Date(),
  options: { exceptSessionId?: string } = {},
): Promise<number> {
  const { count } = await db.operatorSession.updateMany({
    where: {
      operatorId,
      revokedAt: null,
      expiresAt: { gt: now },
      ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}),
    },
    data: { revokedAt: now },
  });
  return count;
}

/** Expired and revoked sessions older than a day are of no further use. */
export async function pruneOperatorSessions(db: Db, now = new Date()): Promise<number> {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const { count } = await db.operatorSession.deleteMany({
    where: { OR: [{ expiresAt: { lt: dayAgo } }, { revokedAt: { lt: dayAgo } }] },
  });
  return count;
}
