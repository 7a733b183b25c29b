import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { TEST_ENV } from "../../test/shopify/requests";
import { createOperator } from "~/models/operator.server";

// The operator console end to end through its route modules: sign-in, lockout, the per-address
// limit, the session cookie, and the CSV export.
let database: TestDatabase;
let prisma: PrismaClient;
let routes: {
  login: typeof import("~/routes/ops_.login");
  overview: typeof import("~/routes/ops._index");
  reportsCsv: typeof import("~/routes/ops.reports[.csv]");
};
const cheapKdf = { N: 2 ** 10, r: 8, p: 1 };
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  // One trusted proxy: the last X-Forwarded-For entry is the address it saw.
  Object.assign(process.env, TEST_ENV, { DATABASE_URL: database.url, OPS_TRUSTED_PROXY_HOPS: "1" });
  await createOperator(prisma, { email: "ops@heady.example", password: PASSWORD }, cheapKdf);
  await createOperator(prisma, { email: "locked@heady.example", password: PASSWORD }, cheapKdf);
  routes = {
    login: await import("~/routes/ops_.login"),
    overview: await import("~/routes/ops._index"),
    reportsCsv: await import("~/routes/ops.reports[.csv]"),
  };
});

afterAll(async () => {
  const { db } = await import("~/db.server");
  await db.$disconnect();
  await database.cleanup();
});

const args = (request: Request) => ({ request, params: {}, context: {} });

function loginRequest(email: string, password: string, address = "203.0.113.7") {
  return new Request("https://app.example/ops/login", {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    headers: { "x-forwarded-for": address },
  });
}

async function settle(promise: Promise<Response>): Promise<Response> {
  try {
    return await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function signIn(): Promise<string> {
  const response = await routes.login.action(args(loginRequest("OPS@heady.example ", PASSWORD)));
  expect(response.status).toBe(302);
  const cookie = response.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Strict/i);
  return cookie.split(";")[0] ?? "";
}

describe("the operator console", () => {
  it("sends anyone without a session to the sign-in page", async () => {
    const response = await settle(
      routes.overview.loader(args(new Request("https://app.example/ops"))),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/ops/login");
  });

  it("rejects a wrong password without saying whether the email exists", async () => {
    const unknown = await routes.login.action(args(loginRequest("nobody@heady.example", "x")));
    const wrong = await routes.login.action(args(loginRequest("ops@heady.example", "nope")));
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it("signs an operator in with a signed cookie that opens the overview; a forged cookie does not", async () => {
    const cookie = await signIn();
    const overview = await settle(
      routes.overview.loader(args(new Request("https://app.example/ops", { headers: { cookie } }))),
    );
    expect(overview.status).toBe(200);
    expect(await overview.json()).toHaveProperty("shops");

    const [name, value] = cookie.split("=");
    const forged = `${name}=${(value ?? "").replace(/^./, (c) => (c === "a" ? "b" : "a"))}`;
    const refused = await settle(
      routes.overview.loader(
        args(new Request("https://app.example/ops", { headers: { cookie: forged } })),
      ),
    );
    expect(refused.status).toBe(302);
  });

  it("locks an account after five failures in a row, even against the right password, and says no more than for a wrong password", async () => {
    for (let i = 0; i < 5; i++) {
      await routes.login.action(
        args(loginRequest("locked@heady.example", "wrong", "198.51.100.1")),
      );
    }
    const response = await routes.login.action(
      args(loginRequest("locked@heady.example", PASSWORD, "198.51.100.1")),
    );
    expect(response.status).toBe(401);
    const wrong = await routes.login.action(
      args(loginRequest("nobody@heady.example", "wrong", "198.51.100.2")),
    );
    // The same words for a locked account as for an unknown email: no list of operators leaks.
    expect(await response.json()).toEqual(await wrong.json());
  });

  it("stops checking passwords from an address after twenty failures in fifteen minutes", async () => {
    const address = "192.0.2.99";
    for (let i = 0; i < 20; i++) {
      await routes.login.action(args(loginRequest(`guess${i}@heady.example`, "x", address)));
    }
    const response = await routes.login.action(
      args(loginRequest("ops@heady.example", PASSWORD, address)),
    );
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).toMatch(/Too many attempts/);
    // Another address is not affected.
    const elsewhere = await routes.login.action(
      args(loginRequest("ops@heady.example", PASSWORD, "192.0.2.100")),
    );
    expect(elsewhere.status).toBe(302);
  });

  it("exports every shop's lab reports as CSV with formula cells neutralised", async () => {
    await prisma.shop.create({ data: { domain: "csv.myshopify.com" } });
    await prisma.labReport.create({
      data: {
        shop: "csv.myshopify.com",
        fileName: '=HYPERLINK("https://evil.example").pdf',
        productTitle: 'Lemon, "Tree"',
        sha256: "cd".repeat(32),
        sizeBytes: 10,
        status: "failed",
        errorCode: "encrypted-pdf",
      },
    });
    const cookie = await signIn();
    const response = await settle(
      routes.reportsCsv.loader(
        args(new Request("https://app.example/ops/reports.csv", { headers: { cookie } })),
      ),
    );
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await response.text()).trim().split("\n");
    expect(lines[0]).toBe(
      "shop,report_id,status,file_name,product,error_code,created_at,published_at",
    );
    const row = lines.find((line) => line.startsWith("csv.myshopify.com"));
    expect(row).toContain(`"'=HYPERLINK(""https://evil.example"").pdf"`);
    expect(row).toContain(`"Lemon, ""Tree"""`);
    expect(row).toContain("encrypted-pdf");

    const anonymous = await settle(
      routes.reportsCsv.loader(args(new Request("https://app.example/ops/reports.csv"))),
    );
    expect(anonymous.status).toBe(302);
  });
});
