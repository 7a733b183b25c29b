import {
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

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createOperator(
  db: Db,
  input: { email: string; password: string; role?: string },
  /** Tests pass cheaper parameters; production keeps the default. */
  kdf: ScryptParams = defaultScryptParams,
): Promise<Operator> {
  if (input.password.length < 12) throw new Error("Operator passwords need at least 12 characters");
  return db.operator.create({
    data: {
      email: normaliseEmail(input.email),
      passwordHash: await hashPassword(input.password, kdf),
      ...(input.role ? { role: input.role } : {}),
    },
  });
}

export type LoginResult =
  | { ok: true; operator: Operator }
  | { ok: false; reason: "invalid-credentials" }
  | { ok: false; reason: "locked"; until: Date };

// Verifying against a throwaway hash for unknown emails keeps response times alike, so timing
// does not reveal which emails are operators.
let decoyHash: Promise<string> | undefined;

/**
 * Checks an operator's password. After `lockout.maxFailures` failures in a row the account locks
 * for `lockout.lockMs`; a success resets the counter.
 */
export async function verifyOperatorLogin(
  db: Db,
  email: string,
  password: string,
  now = new Date(),
): Promise<LoginResult> {
  const operator = await db.operator.findUnique({ where: { email: normaliseEmail(email) } });
  if (!operator) {
    decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
    await verifyPassword(password, await decoyHash);
    return { ok: false, reason: "invalid-credentials" };
  }
  if (operator.lockedUntil && operator.lockedUntil > now) {
    return { ok: false, reason: "locked", until: operator.lockedUntil };
  }
  if (await verifyPassword(password, operator.passwordHash)) {
    const updated = await db.operator.update({
      where: { id: operator.id },
      data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now },
    });
    return { ok: true, operator: updated };
  }
  // Increment in the database, not from the value read above, so parallel guesses all count.
  const updated = await db.operator.update({
    where: { id: operator.id },
    data: { failedLoginCount: { increment: 1 } },
  });
  if (updated.failedLoginCount >= lockout.maxFailures) {
    const until = new Date(now.getTime() + lockout.lockMs);
    await db.operator.update({
      where: { id: operator.id },
      data: { lockedUntil: until, failedLoginCount: 0 },
    });
    return { ok: false, reason: "locked", until };
  }
  return { ok: false, reason: "invalid-credentials" };
}

export function findOperator(db: Db, id: string): Promise<Operator | null> {
  return db.operator.findUnique({ where: { id } });
}
