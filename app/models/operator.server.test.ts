import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import {
  createOperator,
  hashPassword,
  lockout,
  verifyOperatorLogin,
  verifyPassword,
} from "./operator.server";

const db = useTestDatabase();
// Production's scrypt cost makes each check ~100 ms; these tests log in many times.
const cheap = { N: 2 ** 10, r: 8, p: 1 };

describe("operators", () => {
  it("hashes passwords with a salt and verifies only the right one", async () => {
    const first = await hashPassword("correct horse battery");
    const second = await hashPassword("correct horse battery", cheap);
    expect(first).not.toBe(second);
    expect(first).not.toContain("correct horse");
    expect(first.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("correct horse battery", first)).toBe(true);
    expect(await verifyPassword("correct horse battery!", first)).toBe(false);
    expect(await verifyPassword("anything", "not-a-hash")).toBe(false);
  });

  it("logs in with the right password, case-insensitive email, and records when", async () => {
    await createOperator(
      db().prisma,
      {
        email: "Ops@Heady.example",
        password: "a long operator secret",
      },
      cheap,
    );
    const now = new Date("2026-04-01T09:00:00Z");
    const result = await verifyOperatorLogin(
      db().prisma,
      "ops@heady.example ",
      "a long operator secret",
      now,
    );
    expect(result.ok && result.operator.lastLoginAt?.toISOString()).toBe(now.toISOString());
    expect(
      await verifyOperatorLogin(db().prisma, "nobody@heady.example", "a long operator secret"),
    ).toEqual({
      ok: false,
      reason: "invalid-credentials",
    });
  });

  it("locks an account after repeated failures, even for the right password, until the lock ends", async () => {
    await createOperator(
      db().prisma,
      {
        email: "locked@heady.example",
        password: "the real password",
      },
      cheap,
    );
    const start = new Date("2026-04-01T10:00:00Z");
    const results = [];
    for (let attempt = 0; attempt < lockout.maxFailures; attempt++) {
      results.push(
        await verifyOperatorLogin(db().prisma, "locked@heady.example", "a wrong guess", start),
      );
    }
    expect(results.at(-1)).toMatchObject({ ok: false, reason: "locked" });
    expect(
      await verifyOperatorLogin(db().prisma, "locked@heady.example", "the real password", start),
    ).toMatchObject({
      reason: "locked",
    });
    const later = new Date(start.getTime() + lockout.lockMs + 1);
    expect(
      (await verifyOperatorLogin(db().prisma, "locked@heady.example", "the real password", later))
        .ok,
    ).toBe(true);
  });

  it("refuses short passwords", async () => {
    await expect(
      createOperator(db().prisma, { email: "short@heady.example", password: "short" }),
    ).rejects.toThrow(/12/);
  });
});
