import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";

/**
 * The serve route, called over HTTP the way Inngest calls it. A PUT makes the SDK register its
 * functions with the Inngest server; a tiny local stand-in for that server (INNGEST_BASE_URL)
 * captures the registration, which is exactly the configuration Inngest would enforce.
 */

let registrations: unknown[] = [];
let inngestServer: Server;
let route: typeof import("./api.inngest");
let database: TestDatabase;

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

  vi.stubEnv("INNGEST_DEV", "1");
  vi.stubEnv("INNGEST_BASE_URL", `http://127.0.0.1:${port}`);
  vi.stubEnv("SHOPIFY_API_KEY", "test-api-key");
  vi.stubEnv("SHOPIFY_API_SECRET", "test-api-secret");
  vi.stubEnv("SHOPIFY_APP_URL", "https://heady-lab-results.test");
  vi.stubEnv("SCOPES", "read_products,write_products,write_files");
  vi.stubEnv("TOKEN_ENCRYPTION_KEYS", `v1:${Buffer.alloc(32, 7).toString("base64")}`);
  vi.stubEnv("OPS_SESSION_SECRET", "x".repeat(40));
  // Importing the route loads the app's Shopify config, whose session storage checks its table.
  database = await createTestDatabase();
  vi.stubEnv("DATABASE_URL", database.url);
  route = await import("./api.inngest");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => inngestServer.close(resolve));
  await database?.cleanup();
});

function request(method: string): Request {
  return new Request("http://localhost:3000/api/inngest", {
    method,
    // Without a host header the handler cannot build its own URL and answers 500.
    headers: { host: "localhost:3000", "content-type": "application/json" },
  });
}

describe("api.inngest", () => {
  it("answers Inngest's introspection: the pipeline, its failure handler and the stale-queue sweep", async () => {
    const response = await route.loader({ request: request("GET"), params: {}, context: {} });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ function_count: 7, mode: "dev" });
  });

  it("registers process-lab-report with its trigger, flow control, retries and cancellations", async () => {
    registrations = [];
    const response = await route.action({ request: request("PUT"), params: {}, context: {} });

    expect(response.status).toBe(200);
    expect(registrations).toHaveLength(1);
    const registration = registrations[0] as {
      appName: string;
      functions: Record<string, unknown>[];
    };
    expect(registration.appName).toBe("heady-lab-results");
    const main = registration.functions.find(
      (f) => f.id === "heady-lab-results-process-lab-report",
    );
    expect(main).toMatchObject({
      triggers: [{ event: "lab-report/pdf.uploaded" }],
      concurrency: [
        { key: "event.data.shop", limit: 2 },
        { key: '"openai"', limit: 10, scope: "env" },
      ],
      idempotency: 'event.data.reportId + "-" + string(event.data.attempt)',
      singleton: { key: "event.data.reportId", mode: "skip" },
      cancel: [
        { event: "lab-report/deleted", if: "async.data.reportId == event.data.reportId" },
        { event: "shop/app.uninstalled", if: "async.data.shop == event.data.shop" },
      ],
    });
    const steps = Object.values(main?.steps as Record<string, { retries?: { attempts: number } }>);
    expect(steps[0]?.retries).toEqual({ attempts: 5 });
    // onFailure is registered as its own function, triggered by this function's failure event.
    const failure = registration.functions.find(
      (f) => f.id === "heady-lab-results-process-lab-report-failure",
    );
    expect(failure).toMatchObject({
      triggers: [
        {
          event: "inngest/function.failed",
          expression: "event.data.function_id == 'heady-lab-results-process-lab-report'",
        },
      ],
    });
    // The sweep that sends a report's lost event again runs on a schedule, one sweep at a time.
    const sweep = registration.functions.find(
      (f) => f.id === "heady-lab-results-requeue-stale-lab-reports",
    );
    expect(sweep).toMatchObject({
      triggers: [{ cron: "*/10 * * * *" }],
      concurrency: { limit: 1 },
    });
  });

  it("registers the daily freshness fan-out as a cron, and the per-shop check once per shop and day", async () => {
    registrations = [];
    await route.action({ request: request("PUT"), params: {}, context: {} });
    const { functions } = registrations[0] as { functions: Record<string, unknown>[] };
    const byId = (id: string) => functions.find((f) => f.id === `heady-lab-results-${id}`);
    expect(byId("find-stale-coas")).toMatchObject({ triggers: [{ cron: "TZ=UTC 0 7 * * *" }] });
    expect(byId("check-coa-freshness")).toMatchObject({
      triggers: [{ event: "shop/coa-freshness-check.requested" }],
      idempotency: 'event.data.shop + "-" + event.data.day',
      concurrency: { key: "event.data.shop", limit: 1 },
    });
    expect(byId("send-coa-failed-trigger")).toMatchObject({
      triggers: [{ event: "lab-report/safety.failed" }],
      idempotency: "event.data.reportId",
    });
    expect(byId("migrate-batch-records")).toMatchObject({
      triggers: [{ event: "shop/batch-record-migration.requested" }],
      singleton: { key: "event.data.shop", mode: "skip" },
    });
  });
});
