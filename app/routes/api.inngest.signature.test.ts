import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLabReport } from "~/models/lab-report.server";
import { inngestMode } from "~/inngest/client";
import { createTestDatabase, type TestDatabase } from "../../test/db";

/**
 * /api/inngest in production, called as an attacker would: anonymous or with a signature made with
 * the wrong key. Signatures are made with the scheme the Inngest SDK verifies
 * (inngest/components/InngestCommHandler.js, helpers/net.js): `X-Inngest-Signature: t=<unix
 * seconds>&s=<hex HMAC-SHA256 of the body's canonical JSON followed by t>`, keyed with the signing
 * key's text after its `signkey-<env>-` prefix.
 */

const SIGNING_KEY = `signkey-prod-${"5e".repeat(32)}`;
const WRONG_KEY = `signkey-prod-${"a1".repeat(32)}`;
const APP_URL = "https://heady-lab-results.test";
const VICTIM = "victim.myshopify.com";

const BASE_ENV = {
  SHOPIFY_API_KEY: "test-api-key",
  SHOPIFY_API_SECRET: "test-api-secret",
  SHOPIFY_APP_URL: APP_URL,
  SCOPES: "read_products,write_products,write_files",
  TOKEN_ENCRYPTION_KEYS: `v1:${Buffer.alloc(32, 7).toString("base64")}`,
  OPS_SESSION_SECRET: "x".repeat(40),
  SHOP_FINGERPRINT_KEY: "y".repeat(40),
  INNGEST_EVENT_KEY: "test-event-key",
  LOG_LEVEL: "silent",
};

let database: TestDatabase;
let inngestServer: Server;
let registrations: { url: string }[] = [];

function stubEnv(values: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
}

beforeAll(async () => {
  inngestServer = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (req.url?.startsWith("/fn/register")) registrations.push(JSON.parse(body));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, modified: true }));
    });
  });
  await new Promise<void>((resolve) => inngestServer.listen(0, "127.0.0.1", resolve));
  const { port } = inngestServer.address() as AddressInfo;
  database = await createTestDatabase();
  stubEnv({
    ...BASE_ENV,
    DATABASE_URL: database.url,
    INNGEST_BASE_URL: `http://127.0.0.1:${port}`,
    NODE_ENV: "production",
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  vi.resetModules();
  await new Promise((resolve) => inngestServer.close(resolve));
  await database?.cleanup();
});

/** JSON with every object's keys sorted: RFC 8785's form for the strings and integers sent here. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function sign(body: string, key: string, at = Math.floor(Date.now() / 1000)): string {
  const hmac = createHmac("sha256", key.replace(/^signkey-\w+-/, ""))
    .update(body + String(at))
    .digest("hex");
  return `t=${at}&s=${hmac}`;
}

/** What Inngest sends to run the failure handler after a run of process-lab-report failed. */
function failureCall(reportId: string): { url: string; body: string } {
  const failed = {
    name: "inngest/function.failed",
    data: {
      function_id: "heady-lab-results-process-lab-report",
      run_id: "01JFORGEDRUN0000000000000",
      error: { name: "Error", message: "forged" },
      event: {
        name: "lab-report/pdf.uploaded",
        data: { reportId, shop: VICTIM, attempt: 1 },
      },
    },
    ts: Date.now(),
  };
  const body = canonicalJson({
    ctx: {
      attempt: 0,
      disable_immediate_execution: false,
      fn_id: "heady-lab-results-process-lab-report-failure",
      run_id: "01JFORGEDFAILURE000000000",
      stack: { current: 0, stack: [] },
      use_api: false,
    },
    event: failed,
    events: [failed],
    steps: {},
    version: 1,
  });
  const url = `${APP_URL}/api/inngest?fnId=heady-lab-results-process-lab-report-failure&stepId=step`;
  return { url, body };
}

function post(url: string, body: string, signature?: string): Request {
  const headers: Record<string, string> = {
    host: new URL(APP_URL).host,
    "content-type": "application/json",
  };
  if (signature) headers["x-inngest-signature"] = signature;
  return new Request(url, { method: "POST", headers, body });
}

async function victimReport(): Promise<string> {
  const report = await createLabReport(database.prisma, {
    shop: VICTIM,
    fileName: "coa.pdf",
    sha256: "c".repeat(64),
    sizeBytes: 3,
    bytes: new Uint8Array([37, 80, 68]),
  });
  return report.id;
}

async function traces(reportId: string) {
  const report = await database.prisma.labReport.findUniqueOrThrow({ where: { id: reportId } });
  const activity = await database.prisma.activityLog.count({ where: { target: reportId } });
  return { status: report.status, errorCode: report.errorCode, activity };
}

describe("api.inngest in production", () => {
  it("refuses to load with INNGEST_DEV set, which would turn signature checks off", async () => {
    vi.resetModules();
    stubEnv({ INNGEST_DEV: "1", INNGEST_SIGNING_KEY: SIGNING_KEY });
    await expect(import("./api.inngest")).rejects.toThrow(/INNGEST_DEV must not be set/);
    vi.resetModules();
    stubEnv({ INNGEST_DEV: undefined, INNGEST_SIGNING_KEY: undefined });
    await expect(import("./api.inngest")).rejects.toThrow(/INNGEST_SIGNING_KEY is missing/);
  });

  it("never puts the client in dev mode in production, even where INNGEST_DEV slipped through", async () => {
    expect(inngestMode({ NODE_ENV: "production", INNGEST_DEV: "1" })).toEqual({ isDev: false });
    expect(inngestMode({ NODE_ENV: "development", INNGEST_DEV: "1" })).toEqual({});
    // The app's client, served without the environment check: an unsigned call still runs nothing.
    vi.resetModules();
    stubEnv({ INNGEST_DEV: "1", INNGEST_SIGNING_KEY: SIGNING_KEY });
    const { inngest } = await import("~/inngest/client");
    const { serve } = await import("inngest/remix");
    const runs: unknown[] = [];
    const probe = inngest.createFunction(
      { id: "probe", triggers: [{ event: "test/probe.sent" }] },
      async ({ event }) => runs.push(event),
    );
    const handler = serve({ client: inngest, functions: [probe] });
    const sent = { name: "test/probe.sent", data: {} };
    const body = canonicalJson({
      ctx: { attempt: 0, run_id: "01JPROBE00000000000000000", stack: { current: 0, stack: [] } },
      event: sent,
      events: [sent],
      steps: {},
      version: 1,
    });
    const url = `${APP_URL}/api/inngest?fnId=heady-lab-results-probe&stepId=step`;
    const response = await handler({ request: post(url, body) });
    expect(response.status).toBe(401);
    expect(runs).toEqual([]);
  });

  describe("with a signing key", () => {
    let route: typeof import("./api.inngest");
    beforeAll(async () => {
      vi.resetModules();
      stubEnv({ INNGEST_DEV: undefined, INNGEST_SIGNING_KEY: SIGNING_KEY });
      route = await import("./api.inngest");
    });

    const run = (request: Request) => route.action({ request, params: {}, context: {} });

    it("refuses an unsigned or wrongly signed call to fail another shop's report, changing nothing", async () => {
      const reportId = await victimReport();
      const before = await traces(reportId);
      expect(before).toEqual({ status: "queued", errorCode: null, activity: 0 });
      const { url, body } = failureCall(reportId);
      const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
      const forged = [
        undefined,
        "t=1&s=00",
        sign(body, WRONG_KEY),
        sign(body.replace("forged", "FORGED"), SIGNING_KEY),
        sign(body, SIGNING_KEY, tenMinutesAgo),
      ];
      for (const signature of forged) {
        const response = await run(post(url, body, signature));
        expect(response.status).toBe(401);
        expect(await traces(reportId)).toEqual(before);
      }
    });

    it("refuses an unsigned call to run the main function with forged step results", async () => {
      const reportId = await victimReport();
      const uploaded = {
        name: "lab-report/pdf.uploaded",
        data: { reportId, shop: VICTIM, attempt: 1 },
      };
      const body = canonicalJson({
        ctx: { attempt: 0, run_id: "01JFORGEDMAIN000000000000", stack: { current: 0, stack: [] } },
        event: uploaded,
        events: [uploaded],
        steps: {},
        version: 1,
      });
      const url = `${APP_URL}/api/inngest?fnId=heady-lab-results-process-lab-report&stepId=step`;
      const response = await run(post(url, body));
      expect(response.status).toBe(401);
      expect(await traces(reportId)).toEqual({ status: "queued", errorCode: null, activity: 0 });
    });

    it("runs a call signed with the signing key", async () => {
      const reportId = await victimReport();
      const { url, body } = failureCall(reportId);
      const response = await run(post(url, body, sign(body, SIGNING_KEY)));
      // The SDK answers a run that finished as one "RunComplete" operation, signed with the same key.
      expect(response.status).toBe(206);
      expect(await response.json()).toMatchObject([{ op: "RunComplete" }]);
      expect(response.headers.get("x-inngest-signature")).toMatch(/^t=\d+&s=[0-9a-f]{64}$/);
      expect(await traces(reportId)).toEqual({
        status: "failed",
        errorCode: "processing-failed",
        activity: 1,
      });
    });

    it("registers the functions at the app's own URL, whatever Host a request names", async () => {
      registrations = [];
      const request = new Request("https://attacker.example/api/inngest", {
        method: "PUT",
        headers: { host: "attacker.example" },
      });
      await route.action({ request, params: {}, context: {} });
      expect(registrations.map((r) => new URL(r.url).origin)).toEqual([APP_URL]);
    });
  });
});
