import { createCookieSessionStorage, redirect } from "@remix-run/node";
import type { Db } from "~/models/database.server";
import { env } from "~/env.server";
import { countActivity, recordActivity } from "~/models/activity.server";
import { findOperator, verifyOperatorLogin, type Operator } from "~/models/operator.server";

/**
 * The operator console (/ops) sits outside Shopify's auth: operators sign in with an email and a
 * password (scrypt, app/models/operator.server.ts) and hold a signed, HTTP-only cookie scoped to /ops.
 * Sessions last 8 hours; the cookie carries only the operator's id.
 */
const SESSION_HOURS = 8;

type OpsSessionData = { operatorId: string };

let storage: ReturnType<typeof createCookieSessionStorage<OpsSessionData>> | undefined;
function sessionStorage() {
  storage ??= createCookieSessionStorage<OpsSessionData>({
    cookie: {
      name: "__heady_ops",
      httpOnly: true,
      path: "/ops",
      sameSite: "strict",
      secure: env().NODE_ENV === "production",
      secrets: [env().OPS_SESSION_SECRET],
      maxAge: SESSION_HOURS * 60 * 60,
    },
  });
  return storage;
}

/** The log's shop column for entries that belong to no shop. */
export const OPS_LOG_SHOP = "(ops)";

/** Per client address: more failed sign-ins than this in the window and we stop checking passwords. */
export const ADDRESS_LIMIT = { failures: 20, windowMs: 15 * 60 * 1000 } as const;

export function clientAddress(request: Request): string {
  // Behind a proxy the first X-Forwarded-For entry is the client; without one we can only say "unknown".
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
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
  const recentFailures = await countActivity(db, {
    shop: OPS_LOG_SHOP,
    action: "ops.login-failed",
    target: address,
    since: new Date(now.getTime() - ADDRESS_LIMIT.windowMs),
  });
  if (recentFailures >= ADDRESS_LIMIT.failures) {
    return { ok: false, message: "Too many attempts from your network. Try again in 15 minutes." };
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
    return {
      ok: false,
      message:
        result.reason === "locked"
          ? "This account is locked after repeated failures. Try again in 15 minutes."
          : "Email or password is incorrect.",
    };
  }
  const session = await sessionStorage().getSession();
  session.set("operatorId", result.operator.id);
  await recordActivity(db, {
    shop: OPS_LOG_SHOP,
    actor: `operator:${result.operator.email}`,
    action: "ops.login",
    target: address,
  });
  const headers = new Headers({ "Set-Cookie": await sessionStorage().commitSession(session) });
  return { ok: true, headers };
}

/** The signed-in operator, or a redirect to the sign-in page. */
export async function requireOperator(db: Db, request: Request): Promise<Operator> {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  const id = session.get("operatorId");
  const operator = typeof id === "string" ? await findOperator(db, id) : null;
  if (!operator) throw redirect("/ops/login");
  return operator;
}

export async function signOutOperator(request: Request): Promise<Headers> {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  return new Headers({ "Set-Cookie": await sessionStorage().destroySession(session) });
}
