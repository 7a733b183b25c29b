import {
  createHash,
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from "node:crypto";
import type { Operator } from "@prisma/client";

export type { Operator };
import type { Db } from "~/db.server";

// scrypt from node:crypto: memory-hard, no native dependency. N=2^15, r=8 costs ~32 MiB and
// ~100 ms per check; the parameters are stored with each hash so they can be raised later.
export type ScryptParams = { N: number; r: number; p: number };
export const defaultScryptParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const keyLength = 32;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; allow twice that (Node's default cap is 32 MiB).
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$<base64 salt>$<base64 key>` */
export async function hashPassword(
  password: string,
  params: ScryptParams = defaultScryptParams,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return [
    "scrypt",
    params.N,
    params.r,
    params.p,
    salt.toString("base64"),
    key.toString("base64"),
  ].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const lockout = { maxFailures: 5, lockMs: 15 * 60 * 1000 } as const;

export const OPERATOR_ROLES = ["admin", "support"] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export function isOperatorRole(value: string): value is OperatorRole {
  return (OPERATOR_ROLES as readonly string[]).includes(value);
}

export const MIN_PASSWORD_LENGTH = 12;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`Operator passwords need at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

export async function createOperator(
  db: Db,
  input: { email: string; password: string; role?: OperatorRole },
  /** Tests pass cheaper parameters; production keeps the default. */
  kdf: ScryptParams = defaultScryptParams,
): Promise<Operator> {
  checkPasswordStrength(input.password);
  return db.operator.create({
    data: {
      email: normaliseEmail(input.email),
      passwordHash: await hashPassword(input.password, kdf),
      ...(input.role ? { role: input.role } : {}),
    },
  });
}

export function findOperatorByEmail(db: Db, email: string): Promise<Operator | null> {
  return db.operator.findUnique({ where: { email: normaliseEmail(email) } });
}

export function listOperators(db: Db): Promise<Operator[]> {
  return db.operator.findMany({ orderBy: { email: "asc" } });
}

export type LoginResult =
  | { ok: true; operator: Operator }
  | { ok: false; reason: "invalid-credentials" | "disabled" }
  | { ok: false; reason: "locked"; until: Date | null };

// Verifying against a throwaway hash for unknown emails keeps response times alike, so timing
// does not reveal which emails are operators.
let decoyHash: Promise<string> | undefined;
async function spendDecoyCheck(password: string): Promise<void> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(password, await decoyHash);
}

/**
 * Reserves one of the account's `lockout.maxFailures` attempts before any password is checked.
 * The reservation is one conditional UPDATE, so the database decides: of any number of parallel
 * guesses at most `maxFailures` get a slot, and the rest never reach the password check. The slot
 * that fills the account sets the lock at once; a success gives every slot back.
 */
async function reserveLoginAttempt(db: Db, operatorId: string, now: Date): Promise<boolean> {
  // A lock that has run out starts a fresh count (only one parallel request matches `lte: now`).
  await db.operator.updateMany({
    where: { id: operatorId, lockedUntil: { lte: now } },
    data: { lockedUntil: null, failedLoginCount: 0 },
  });
  const reserved = await db.operator.updateMany({
    where: { id: operatorId, lockedUntil: null, failedLoginCount: { lt: lockout.maxFailures } },
    data: { failedLoginCount: { increment: 1 } },
  });
  if (reserved.count === 0) return false;
  await db.operator.updateMany({
    where: { id: operatorId, lockedUntil: null, failedLoginCount: { gte: lockout.maxFailures } },
    data: { lockedUntil: new Date(now.getTime() + lockout.lockMs) },
  });
  return true;
}

/**
 * Checks an operator's password. After `lockout.maxFailures` failures in a row the account locks
 * for `lockout.lockMs`; a success resets the counter. A disabled account never signs in.
 */
export async function verifyOperatorLogin(
  db: Db,
  email: string,
  password: string,
  now = new Date(),
): Promise<LoginResult> {
  const operator = await findOperatorByEmail(db, email);
  if (!operator) {
    await spendDecoyCheck(password);
    return { ok: false, reason: "invalid-credentials" };
  }
  if (!(await reserveLoginAttempt(db, operator.id, now))) {
    await spendDecoyCheck(password);
    const current = await db.operator.findUnique({ where: { id: operator.id } });
    return { ok: false, reason: "locked", until: current?.lockedUntil ?? null };
  }
  if (!(await verifyPassword(password, operator.passwordHash))) {
    const current = await db.operator.findUnique({ where: { id: operator.id } });
    return current?.lockedUntil
      ? { ok: false, reason: "locked", until: current.lockedUntil }
      : { ok: false, reason: "invalid-credentials" };
  }
  const updated = await db.operator.update({
    where: { id: operator.id },
    data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now },
  });
  if (updated.disabledAt) return { ok: false, reason: "disabled" };
  return { ok: true, operator: updated };
}

/** Per client address: more failed sign-ins than this in the window and no password is checked. */
export const ADDRESS_LIMIT = { failures: 20, windowMs: 15 * 60 * 1000 } as const;

/**
 * Takes one of an address's attempts for the current window, before any password is checked.
 * The window row is made if missing, restarted if old, and the attempt taken by one conditional
 * UPDATE, so the database decides: of any number of parallel requests, at most
 * `ADDRESS_LIMIT.failures` get an attempt. Returns false when the address has none left.
 */
export async function reserveAddressAttempt(
  db: Db,
  address: string,
  now = new Date(),
): Promise<boolean> {
  try {
    await db.operatorLoginWindow.upsert({
      where: { address },
      create: { address, windowStart: now, attempts: 0 },
      update: {},
    });
  } catch (error) {
    // A parallel request created the row first (P2002): it exists, which is all we need.
    if (!(error instanceof Error && "code" in error && error.code === "P2002")) throw error;
  }
  await db.operatorLoginWindow.updateMany({
    where: { address, windowStart: { lte: new Date(now.getTime() - ADDRESS_LIMIT.windowMs) } },
    data: { windowStart: now, attempts: 0 },
  });
  const taken = await db.operatorLoginWindow.updateMany({
    where: { address, attempts: { lt: ADDRESS_LIMIT.failures } },
    data: { attempts: { increment: 1 } },
  });
  return taken.count === 1;
}

/** A successful sign-in does not count against its address. */
export async function returnAddressAttempt(db: Db, address: string): Promise<void> {
  await db.operatorLoginWindow.updateMany({
    where: { address, attempts: { gt: 0 } },
    data: { attempts: { decrement: 1 } },
  });
}

export type PasswordChange =
  | { ok: true; operator: Operator }
  | { ok: false; reason: "wrong-current-password" | "too-short"; message: string };

/** Changes an operator's own password; the current one is required. */
export async function changeOperatorPassword(
  db: Db,
  input: { operatorId: string; currentPassword: string; newPassword: string },
  kdf: ScryptParams = defaultScryptParams,
): Promise<PasswordChange> {
  const operator = await db.operator.findUnique({ where: { id: input.operatorId } });
  if (!operator || !(await verifyPassword(input.currentPassword, operator.passwordHash))) {
    return {
      ok: false,
      reason: "wrong-current-password",
      message: "The current password is not right.",
    };
  }
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) {
    return {
      ok: false,
      reason: "too-short",
      message: `Choose a new password of at least ${MIN_PASSWORD_LENGTH} characters.`,
    };
  }
  const updated = await db.operator.update({
    where: { id: operator.id },
    data: { passwordHash: await hashPassword(input.newPassword, kdf) },
  });
  return { ok: true, operator: updated };
}

export const PASSWORD_RESET_HOURS = 24;

function resetId(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Issues a single-use reset token for an operator (there is no email service: whoever issues it
 * hands it over). Earlier unused tokens of the operator stop working.
 */
export async function issuePasswordReset(
  db: Db,
  input: { operatorId: string; issuedBy: string },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_HOURS * 60 * 60 * 1000);
  await db.operatorPasswordReset.updateMany({
    where: { operatorId: input.operatorId, usedAt: null },
    data: { usedAt: now },
  });
  await db.operatorPasswordReset.create({
    data: {
      id: resetId(token),
      operatorId: input.operatorId,
      issuedBy: input.issuedBy,
      createdAt: now,
      expiresAt,
    },
  });
  return { token, expiresAt };
}

export type PasswordReset =
  | { ok: true; operator: Operator }
  | { ok: false; reason: "invalid-token" | "too-short"; message: string };

/**
 * Sets a new password with a reset token. The token is spent by one conditional UPDATE, so two
 * parallel uses cannot both succeed; an expired, used or unknown token reads alike.
 */
export async function redeemPasswordReset(
  db: Db,
  input: { token: string; newPassword: string },
  now = new Date(),
  kdf: ScryptParams = defaultScryptParams,
): Promise<PasswordReset> {
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) {
    return {
      ok: false,
      reason: "too-short",
      message: `Choose a new password of at least ${MIN_PASSWORD_LENGTH} characters.`,
    };
  }
  const invalid: PasswordReset = {
    ok: false,
    reason: "invalid-token",
    message: "This reset link is not valid: it was used, it expired, or it was mistyped.",
  };
  if (input.token.length === 0 || input.token.length > 200) return invalid;
  const id = resetId(input.token);
  const spent = await db.operatorPasswordReset.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (spent.count === 0) return invalid;
  const reset = await db.operatorPasswordReset.findUnique({ where: { id } });
  if (!reset) return invalid;
  const operator = await db.operator.update({
    where: { id: reset.operatorId },
    data: {
      passwordHash: await hashPassword(input.newPassword, kdf),
      failedLoginCount: 0,
      lockedUntil: null,
    },
  });
  return { ok: true, operator };
}

/** Disables an account (guarded: only an enabled one); its sessions are the caller's to revoke. */
export async function disableOperator(db: Db, operatorId: string, now = new Date()) {
  const { count } = await db.operator.updateMany({
    where: { id: operatorId, disabledAt: null },
    data: { disabledAt: now },
  });
  return count === 1;
}

export async function enableOperator(db: Db, operatorId: string) {
  const { count } = await db.operator.updateMany({
    where: { id: operatorId, disabledAt: { not: null } },
    data: { disabledAt: null, failedLoginCount: 0, lockedUntil: null },
  });
  return count === 1;
}

export async function setOperatorRole(db: Db, operatorId: string, role: OperatorRole) {
  const { count } = await db.operator.updateMany({
    where: { id: operatorId, role: { not: role } },
    data: { role },
  });
  return count === 1;
}

/** Admins who can still sign in: the last one may not be disabled or demoted. */
export function countActiveAdmins(db: Db): Promise<number> {
  return db.operator.count({ where: { role: "admin", disabledAt: null } });
}

export function findOperator(db: Db, id: string): Promise<Operator | null> {
  return db.operator.findUnique({ where: { id } });
}
