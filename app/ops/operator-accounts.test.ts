import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { TEST_ENV } from "../../test/shopify/requests";
import { ADDRESS_LIMIT, createOperator, lockout } from "~/models/operator.server";
import { OPERATOR_SESSION_HOURS } from "~/models/operator-session.server";
import { issueResetFor } from "./operator-accounts.server";

// Operator accounts through the console's route modules: the sign-in limits under a parallel
// burst, server-side sessions, password change and reset, roles, and disabling an account.
let database: TestDatabase;
let prisma: PrismaClient;
let routes: {
  login: typeof import("~/routes/ops_.login");
  logout: typeof import("~/routes/ops.logout");
  overview: typeof import("~/routes/ops._index");
  activityCsv: typeof import("~/routes/ops.activity[.csv]");
  account: typeof import("~/routes/ops.account");
  operators: typeof import("~/routes/ops.operators");
  reset: typeof import("~/routes/ops_.reset");
};
const cheapKdf = { N: 2 ** 10, r: 8, p: 1 };
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  Object.assign(process.env, TEST_ENV, { DATABASE_URL: database.url, OPS_TRUSTED_PROXY_HOPS: "1" });
  for (const [email, role] of [
    ["admin@heady.example", "admin"],
    ["second-admin@heady.example", "admin"],
    ["support@heady.example", "support"],
    ["target@heady.example", "support"],
    ["burst@heady.example", "support"],
    ["changer@heady.example", "support"],
    ["forgetful@heady.example", "support"],
  ] as const) {
    await createOperator(prisma, { email, password: PASSWORD, role }, cheapKdf);
  }
  routes = {
    login: await import("~/routes/ops_.login"),
    logout: await import("~/routes/ops.logout"),
    overview: await import("~/routes/ops._index"),
    activityCsv: await import("~/routes/ops.activity[.csv]"),
    account: await import("~/routes/ops.account"),
    operators: await import("~/routes/ops.operators"),
    reset: await import("~/routes/ops_.reset"),
  };
});

afterAll(async () => {
  const { db } = await import("~/db.server");
  await db.$disconnect();
  await database.cleanup();
});

const args = (request: Request) => ({ request, params: {}, context: {} });

async function settle(promise: Promise<Response> | Response): Promise<Response> {
  try {
    return await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The client sends `claimed`; our one trusted proxy appends the address it saw. */
function loginRequest(email: string, password: string, seenByProxy: string, claimed?: string) {
  return new Request("https://app.example/ops/login", {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    headers: { "x-forwarded-for": claimed ? `${claimed}, ${seenByProxy}` : seenByProxy },
  });
}

async function signIn(email: string, password = PASSWORD, address = "203.0.113.50") {
  const response = await routes.login.action(args(loginRequest(email, password, address)));
  expect(response.status).toBe(302);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

function get(path: string, cookie: string) {
  return new Request(`https://app.example${path}`, { headers: { cookie } });
}

function post(path: string, cookie: string, form: Record<string, string>) {
  return new Request(`https://app.example${path}`, {
    method: "POST",
    headers: { cookie },
    body: new URLSearchParams(form),
  });
}

async function overviewStatus(cookie: string): Promise<number> {
  return (await settle(routes.overview.loader(args(get("/ops", cookie))))).status;
}

async function activity(action: string) {
  return prisma.activityLog.findMany({ where: { action }, orderBy: { at: "asc" } });
}

describe("operator sign-in under attack", () => {
  it("checks at most five passwords of an account when thirty guesses arrive at once with rotating X-Forwarded-For", async () => {
    const guesses = Array.from({ length: 30 }, (_, i) =>
      routes.login.action(
        args(
          loginRequest(
            "burst@heady.example",
            i === 29 ? PASSWORD : `guess number ${i}`,
            "198.51.100.30",
            `192.0.2.${i}`,
          ),
        ),
      ),
    );
    const responses = await Promise.all(guesses);
    const failures = (await activity("ops.login-failed")).filter(
      (row) => row.target === "198.51.100.30",
    );
    const checkedWrong = failures.filter((row) =>
      row.details.includes('"reason":"invalid-credentials"'),
    ).length;
    const signedIn = responses.filter((response) => response.status === 302).length;
    // Each wrong guess that reached the password check was one of the five reserved attempts
    // (the fifth also locks, and reads as locked); the right password can be among them, or not.
    expect(checkedWrong + signedIn).toBeLessThanOrEqual(lockout.maxFailures);
    expect(responses).toHaveLength(30);
    if (signedIn === 0) {
      const account = await prisma.operator.findUnique({ where: { email: "burst@heady.example" } });
      expect(account?.lockedUntil).not.toBeNull();
    }
    // The rotating first entries were ignored: every attempt counted against the proxy's address.
    expect(failures.every((row) => row.target === "198.51.100.30")).toBe(true);
    expect(await prisma.activityLog.count({ where: { target: { startsWith: "192.0.2." } } })).toBe(
      0,
    );
  });

  it("lets no more than twenty guesses from one address reach a password check, however parallel", async () => {
    const address = "198.51.100.77";
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        routes.login.action(
          args(loginRequest(`nobody${i}@heady.example`, "x", address, `203.0.113.${i}`)),
        ),
      ),
    );
    const checked = (await activity("ops.login-failed")).filter((row) => row.target === address);
    const refused = (await activity("ops.login-refused-address")).filter(
      (row) => row.target === address,
    );
    expect(checked.length).toBeLessThanOrEqual(ADDRESS_LIMIT.failures);
    expect(checked.length + refused.length).toBe(30);
    expect(responses.every((response) => response.status === 401)).toBe(true);
    // The right password is refused from that address too; elsewhere it works.
    const blocked = await routes.login.action(
      args(loginRequest("admin@heady.example", PASSWORD, address)),
    );
    expect(blocked.status).toBe(401);
    expect(await signIn("admin@heady.example", PASSWORD, "198.51.100.78")).toMatch(/__heady_ops=/);
  });
});

describe("operator sessions", () => {
  it("ends a session on the server at sign-out: the old cookie no longer opens anything", async () => {
    const cookie = await signIn("support@heady.example");
    expect(await overviewStatus(cookie)).toBe(200);
    const out = await settle(routes.logout.action(args(post("/ops/logout", cookie, {}))));
    expect(out.status).toBe(302);
    expect(await overviewStatus(cookie)).toBe(302);
    expect((await activity("ops.logout")).at(-1)?.actor).toBe("operator:support@heady.example");
  });

  it("refuses a session once it has expired on the server, whatever the cookie says", async () => {
    const cookie = await signIn("support@heady.example");
    const operator = await prisma.operator.findUniqueOrThrow({
      where: { email: "support@heady.example" },
    });
    const latest = await prisma.operatorSession.findFirstOrThrow({
      where: { operatorId: operator.id },
      orderBy: { createdAt: "desc" },
    });
    expect(latest.expiresAt.getTime() - latest.createdAt.getTime()).toBe(
      OPERATOR_SESSION_HOURS * 3_600_000,
    );
    expect(await overviewStatus(cookie)).toBe(200);
    await prisma.operatorSession.update({
      where: { id: latest.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await overviewStatus(cookie)).toBe(302);
  });
});

describe("roles", () => {
  it("lets support read the overview and download CSVs, but not see or change operators", async () => {
    const cookie = await signIn("support@heady.example");
    expect(await overviewStatus(cookie)).toBe(200);
    const csv = await settle(routes.activityCsv.loader(args(get("/ops/activity.csv", cookie))));
    expect(csv.status).toBe(200);
    const list = await settle(routes.operators.loader(args(get("/ops/operators", cookie))));
    expect(list.status).toBe(403);
    const change = await settle(
      routes.operators.action(
        args(
          post("/ops/operators", cookie, {
            intent: "set-role",
            email: "support@heady.example",
            role: "admin",
          }),
        ),
      ),
    );
    expect(change.status).toBe(403);
    const me = await prisma.operator.findUniqueOrThrow({
      where: { email: "support@heady.example" },
    });
    expect(me.role).toBe("support");
  });

  it("lets an admin add an operator, who sets a password with the token shown once", async () => {
    const cookie = await signIn("admin@heady.example");
    const added = await settle(
      routes.operators.action(
        args(
          post("/ops/operators", cookie, {
            intent: "create",
            email: "New@heady.example",
            role: "support",
          }),
        ),
      ),
    );
    expect(added.status).toBe(200);
    const body = (await added.json()) as { resetToken?: { token: string } };
    const token = body.resetToken?.token ?? "";
    expect(token.length).toBeGreaterThan(20);
    // Only the token's hash is stored.
    expect(JSON.stringify(await prisma.operatorPasswordReset.findMany())).not.toContain(token);

    const newPassword = "a brand new operator password";
    const set = await routes.reset.action(
      args(post("/ops/reset", "", { token, newPassword, confirmPassword: newPassword })),
    );
    expect(set.status).toBe(200);
    expect(await signIn("new@heady.example", newPassword)).toMatch(/__heady_ops=/);
    expect((await activity("ops.operator-created")).map((row) => row.target)).toContain(
      "new@heady.example",
    );
  });

  it("keeps at least one enabled admin", async () => {
    const cookie = await signIn("admin@heady.example");
    const demote = (email: string) =>
      settle(
        routes.operators.action(
          args(post("/ops/operators", cookie, { intent: "set-role", email, role: "support" })),
        ),
      );
    expect((await demote("second-admin@heady.example")).status).toBe(200);
    const last = await demote("admin@heady.example");
    expect(last.status).toBe(400);
    expect(JSON.stringify(await last.json())).toMatch(/at least one enabled admin/);
  });
});

describe("disabling an account", () => {
  it("ends the account's live session at once and refuses its sign-in", async () => {
    const targetCookie = await signIn("target@heady.example");
    expect(await overviewStatus(targetCookie)).toBe(200);
    const admin = await signIn("admin@heady.example");
    const disabled = await settle(
      routes.operators.action(
        args(post("/ops/operators", admin, { intent: "disable", email: "target@heady.example" })),
      ),
    );
    expect(disabled.status).toBe(200);
    expect(await overviewStatus(targetCookie)).toBe(302);
    const again = await routes.login.action(
      args(loginRequest("target@heady.example", PASSWORD, "203.0.113.60")),
    );
    expect(again.status).toBe(401);
    const entry = (await activity("ops.operator-disabled")).at(-1);
    expect(entry?.actor).toBe("operator:admin@heady.example");
    expect(entry?.details).toContain('"sessionsEnded":1');

    await settle(
      routes.operators.action(
        args(post("/ops/operators", admin, { intent: "enable", email: "target@heady.example" })),
      ),
    );
    expect(await signIn("target@heady.example")).toMatch(/__heady_ops=/);
  });
});

describe("passwords", () => {
  it("changes a password only with the current one, and signs out the account's other sessions", async () => {
    const here = await signIn("changer@heady.example");
    const elsewhere = await signIn("changer@heady.example", PASSWORD, "203.0.113.61");
    const next = "changed operator password";
    const wrong = await routes.account.action(
      args(
        post("/ops/account", here, {
          currentPassword: "not it",
          newPassword: next,
          confirmPassword: next,
        }),
      ),
    );
    expect(wrong.status).toBe(400);
    const right = await routes.account.action(
      args(
        post("/ops/account", here, {
          currentPassword: PASSWORD,
          newPassword: next,
          confirmPassword: next,
        }),
      ),
    );
    expect(right.status).toBe(200);
    expect(await overviewStatus(here)).toBe(200);
    expect(await overviewStatus(elsewhere)).toBe(302);
    const refused = await routes.login.action(
      args(loginRequest("changer@heady.example", PASSWORD, "203.0.113.62")),
    );
    expect(refused.status).toBe(401);
    expect(await signIn("changer@heady.example", next)).toMatch(/__heady_ops=/);
    const entry = (await activity("ops.password-changed")).at(-1);
    expect(entry?.target).toBe("changer@heady.example");
    expect(entry?.details).not.toContain(next);
  });

  it("resets a password with a CLI-issued token once, and never after it expires", async () => {
    const issued = await issueResetFor(prisma, {
      email: "forgetful@heady.example",
      issuedBy: "cli",
    });
    const token = issued.ok ? (issued.resetToken?.token ?? "") : "";
    const next = "a password remembered at last";
    const use = () =>
      routes.reset.action(
        args(post("/ops/reset", "", { token, newPassword: next, confirmPassword: next })),
      );
    const [first, second] = await Promise.all([use(), use()]);
    expect([first.status, second.status].sort()).toEqual([200, 400]);
    expect(await signIn("forgetful@heady.example", next)).toMatch(/__heady_ops=/);

    const late = await issueResetFor(
      prisma,
      { email: "forgetful@heady.example", issuedBy: "cli" },
      new Date(Date.now() - 25 * 3_600_000),
    );
    const lateToken = late.ok ? (late.resetToken?.token ?? "") : "";
    const expired = await routes.reset.action(
      args(
        post("/ops/reset", "", {
          token: lateToken,
          newPassword: "yet another password here",
          confirmPassword: "yet another password here",
        }),
      ),
    );
    expect(expired.status).toBe(400);
    const issuedRows = await activity("ops.password-reset-issued");
    expect(issuedRows.map((row) => row.actor)).toContain("cli");
    expect(JSON.stringify(issuedRows)).not.toContain(token);
  });
});
