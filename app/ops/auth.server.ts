import { createCookie, redirect } from "@remix-run/node";
import type { Db } from "~/models/database.server";
import { env } from "~/env.server";
import { recordActivity } from "~/models/activity.server";
import {
  reserveAddressAttempt,
  returnAddressAttempt,
  verifyOperatorLogin,
  type Operator,
} from "~/models/operator.server";
import {
  OPERATOR_SESSION_HOURS,
  createOperatorSession,
  findLiveOperatorSession,
  pruneOperatorSessions,
  revokeOperatorSession,
} from "~/models/operator-session.server";

/**
 * Operator console (/ops) sign-in, outside Shopify's auth (docs/decisions/009, 013). The cookie is
 * signed, HTTP-only, `SameSite=Strict`, scoped to /ops, and holds only a random session token; the
 * session itself (expiry, revocation, the operator's state) lives in the database and is checked
 * on every request.
 */

/** The log's shop column for entries that belong to no shop. */
export const OPS_LOG_SHOP = "(ops)";

/** One message for every refusal, so the page never tells which emails are operators. */
export const SIGN_IN_REFUSED =
  "Email or password is incorrect, or the account is locked after repeated failures (try again in 15 minutes).";
export const ADDRESS_REFUSED = "Too many attempts from your network. Try again in 15 minutes.";

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie("__heady_ops", {
    httpOnly: true,
    path: "/ops",
    sameSite: "strict",
    secure: env().NODE_ENV === "production",
    secrets: [env().OPS_SESSION_SECRET],
    maxAge: OPERATOR_SESSION_HOURS * 60 * 60,
  });
  return cookie;
}

/**
 * The client's address as the trusted proxies saw it. Each of the `OPS_TRUSTED_PROXY_HOPS` proxies
 * in front of the app appends the address it received the request from to X-Forwarded-For, so
 * the entry that many places from the right was written by our outermost proxy; everything left
 * of it is whatever the client sent and is ignored. With no trusted proxy the header is not read.
 */
export function clientAddress(
  request: Request,
  trustedHops = env().OPS_TRUSTED_PROXY_HOPS,
): string {
  if (trustedHops <= 0) return "direct";
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[entries.length - trustedHops] ?? "unknown";
}

async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export type OperatorLogin = { ok: true; headers: Headers } | { ok: false; message: string };

export async function signInOperator(
  db: Db,
  request: Request,
  email: string,
  password: string,
  now = new Date(),
): Promise<OperatorLogin> {
  const address = clientAddress(request);
  if (!(await reserveAddressAttempt(db, address, now))) {
    await recordActivity(db, {
      shop: OPS_LOG_SHOP,
      actor: "anonymous",
      action: "ops.login-refused-address",
      target: address,
    });
    return { ok: false, message: ADDRESS_REFUSED };
  }
  const result = await verifyOperatorLogin(db, email, password, now);
  if (!result.ok) {
    await recordActivity(db, {
      shop: OPS_LOG_SHOP,
      actor: "anonymous",
      action: "ops.login-failed",
      target: address,
      details: { reason: result.reason },
    });
    return { ok: false, message: SIGN_IN_REFUSED };
  }
  await returnAddressAttempt(db, address);
  const session = await createOperatorSession(db, result.operator.id, now);
  // Sign-ins are rare: a good moment to drop sessions that ended more than a day ago.
  await pruneOperatorSessions(db, now);
  await recordActivity(db, {
    shop: OPS_LOG_SHOP,
    actor: `operator:${result.operator.email}`,
    action: "ops.login",
    target: address,
  });
  return {
    ok: true,
    headers: new Headers({ "Set-Cookie": await sessionCookie().serialize(session.token) }),
  };
}

export type SignedInOperator = { operator: Operator; sessionId: string };

/** The signed-in operator and session, or a redirect to the sign-in page. */
export async function requireOperator(db: Db, request: Request): Promise<SignedInOperator> {
  const token = await readSessionToken(request);
  const live = token ? await findLiveOperatorSession(db, token) : null;
  if (!live) throw redirect("/ops/login");
  return { operator: live.operator, sessionId: live.sessionId };
}

/** Only admins manage operators; support sees a 403. */
export async function requireAdmin(db: Db, request: Request): Promise<SignedInOperator> {
  const signedIn = await requireOperator(db, request);
  if (signedIn.operator.role !== "admin") {
    throw new Response("Only an admin operator can do this.", { status: 403 });
  }
  return signedIn;
}

export async function signOutOperator(db: Db, request: Request): Promise<Headers> {
  const token = await readSessionToken(request);
  if (token) {
    const live = await findLiveOperatorSession(db, token);
    await revokeOperatorSession(db, token);
    if (live) {
      await recordActivity(db, {
        shop: OPS_LOG_SHOP,
        actor: `operator:${live.operator.email}`,
        action: "ops.logout",
      });
    }
  }
  return new Headers({
    "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }),
  });
}
