import type { Operator } from "~/models/operator.server";
import { z } from "zod";
import type { Db } from "~/models/database.server";
import { recordActivity } from "~/models/activity.server";
import {
  changeOperatorPassword,
  countActiveAdmins,
  createOperator,
  disableOperator,
  enableOperator,
  findOperatorByEmail,
  isOperatorRole,
  issuePasswordReset,
  redeemPasswordReset,
  setOperatorRole,
  type OperatorRole,
  type ScryptParams,
} from "~/models/operator.server";
import { revokeOperatorSessions } from "~/models/operator-session.server";
import { randomBytes } from "node:crypto";

/**
 * What operators do to accounts: change their own password, and (admins) add operators, change a
 * role, disable or enable an account, and issue a password reset. Every change is an activity
 * entry under the shop "(ops)"; none of them logs a password or a token.
 */

const OPS_LOG_SHOP = "(ops)";

export type AccountResult =
  | { ok: true; message: string; resetToken?: { token: string; expiresAt: string } }
  | { ok: false; message: string };

type Kdf = { kdf?: ScryptParams };

function actorOf(operator: Pick<Operator, "email">): string {
  return `operator:${operator.email}`;
}

export async function changeOwnPassword(
  db: Db,
  signedIn: { operator: Operator; sessionId: string },
  input: { currentPassword: string; newPassword: string; confirmPassword: string },
  options: Kdf = {},
): Promise<AccountResult> {
  if (input.newPassword !== input.confirmPassword) {
    return { ok: false, message: "The new password and its confirmation differ." };
  }
  const changed = await changeOperatorPassword(
    db,
    { operatorId: signedIn.operator.id, ...input },
    options.kdf,
  );
  if (!changed.ok) return { ok: false, message: changed.message };
  // Whoever else holds a session of this account (a stolen cookie) is signed out.
  const ended = await revokeOperatorSessions(db, signedIn.operator.id, new Date(), {
    exceptSessionId: signedIn.sessionId,
  });
  await recordActivity(db, {
    shop: OPS_LOG_SHOP,
    actor: actorOf(signedIn.operator),
    action: "ops.password-changed",
    target: signedIn.operator.email,
    details: { otherSessionsEnded: ended },
  });
  return { ok: true, message: "Your password is changed. Other sessions were signed out." };
}

export async function resetPasswordWithToken(
  db: Db,
  input: { token: string; newPassword: string; confirmPassword: string },
  options: Kdf & { now?: Date } = {},
): Promise<AccountResult> {
  if (input.newPassword !== input.confirmPassword) {
    return { ok: false, message: "The new password and its confirmation differ." };
  }
  const now = options.now ?? new Date();
  const reset = await redeemPasswordReset(db, input, now, options.kdf);
  if (!reset.ok) return { ok: false, message: reset.message };
  const ended = await revokeOperatorSessions(db, reset.operator.id, now);
  await recordActivity(db, {
    shop: OPS_LOG_SHOP,
    actor: actorOf(reset.operator),
    action: "ops.password-reset",
    target: reset.operator.email,
    details: { sessionsEnded: ended },
  });
  return { ok: true, message: "Your password is set. Sign in with it." };
}

/** Issues a reset token for `email`; `issuedBy` is "cli" or "operator:<email>". */
export async function issueResetFor(
  db: Db,
  input: { email: string; issuedBy: string },
  now = new Date(),
): Promise<AccountResult> {
  const operator = await findOperatorByEmail(db, input.email);
  if (!operator) return { ok: false, message: `No operator has the email ${input.email}.` };
  const reset = await issuePasswordReset(
    db,
    { operatorId: operator.id, issuedBy: input.issuedBy },
    now,
  );
  await recordActivity(db, {
    shop: OPS_LOG_SHOP,
    actor: input.issuedBy,
    action: "ops.password-reset-issued",
    target: operator.email,
    details: { expiresAt: reset.expiresAt.toISOString() },
  });
  return {
    ok: true,
    message: `Reset token for ${operator.email} issued. It is shown only now and works once.`,
    resetToken: { token: reset.token, expiresAt: reset.expiresAt.toISOString() },
  };
}

export const manageOperatorForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    email: z.email().max(254),
    role: z.string().refine(isOperatorRole, "Choose admin or support."),
  }),
  z.object({
    intent: z.literal("set-role"),
    email: z.string().min(1),
    role: z.string().refine(isOperatorRole, "Choose admin or support."),
  }),
  z.object({ intent: z.literal("disable"), email: z.string().min(1) }),
  z.object({ intent: z.literal("enable"), email: z.string().min(1) }),
  z.object({ intent: z.literal("issue-reset"), email: z.string().min(1) }),
]);

/** An admin's change to an operator account (the caller has checked that `admin` is one). */
export async function manageOperator(
  db: Db,
  admin: Operator,
  raw: Record<string, unknown>,
  options: Kdf & { now?: Date } = {},
): Promise<AccountResult> {
  const parsed = manageOperatorForm.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues[0]?.message ?? "Check the form." };
  }
  const input = parsed.data;
  const now = options.now ?? new Date();
  const actor = actorOf(admin);
  if (input.intent === "issue-reset") {
    return issueResetFor(db, { email: input.email, issuedBy: actor }, now);
  }
  if (input.intent === "create") {
    if (await findOperatorByEmail(db, input.email)) {
      return { ok: false, message: `An operator with the email ${input.email} exists.` };
    }
    // The new operator sets a password with the reset token; nobody ever knows this random one.
    const created = await createOperator(
      db,
      {
        email: input.email,
        password: randomBytes(24).toString("base64url"),
        role: input.role as OperatorRole,
      },
      options.kdf,
    );
    await recordActivity(db, {
      shop: OPS_LOG_SHOP,
      actor,
      action: "ops.operator-created",
      target: created.email,
      details: { role: created.role },
    });
    const reset = await issueResetFor(db, { email: created.email, issuedBy: actor }, now);
    return reset.ok
      ? { ...reset, message: `Operator ${created.email} added. Hand over this reset token.` }
      : reset;
  }

  const target = await findOperatorByEmail(db, input.email);
  if (!target) return { ok: false, message: `No operator has the email ${input.email}.` };
  const losesAdmin =
    target.role === "admin" &&
    !target.disabledAt &&
    (input.intent === "disable" || (input.intent === "set-role" && input.role !== "admin"));
  if (losesAdmin && (await countActiveAdmins(db)) <= 1) {
    return { ok: false, message: "Keep at least one enabled admin." };
  }

  switch (input.intent) {
    case "set-role": {
      const changed = await setOperatorRole(db, target.id, input.role as OperatorRole);
      if (!changed) return { ok: false, message: `${target.email} is already ${input.role}.` };
      await recordActivity(db, {
        shop: OPS_LOG_SHOP,
        actor,
        action: "ops.operator-role-changed",
        target: target.email,
        details: { from: target.role, to: input.role },
      });
      return { ok: true, message: `${target.email} is now ${input.role}.` };
    }
    case "disable": {
      if (!(await disableOperator(db, target.id, now))) {
        return { ok: false, message: `${target.email} is already disabled.` };
      }
      const ended = await revokeOperatorSessions(db, target.id, now);
      await recordActivity(db, {
        shop: OPS_LOG_SHOP,
        actor,
        action: "ops.operator-disabled",
        target: target.email,
        details: { sessionsEnded: ended },
      });
      return { ok: true, message: `${target.email} is disabled and signed out.` };
    }
    case "enable": {
      if (!(await enableOperator(db, target.id))) {
        return { ok: false, message: `${target.email} is not disabled.` };
      }
      await recordActivity(db, {
        shop: OPS_LOG_SHOP,
        actor,
        action: "ops.operator-enabled",
        target: target.email,
      });
      return { ok: true, message: `${target.email} can sign in again.` };
    }
  }
}
