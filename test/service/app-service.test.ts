import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, startAppServer, type AppServer } from "../browser/app-server";
import { createTestDatabase, type TestDatabase } from "../db";
import { startInngestEventApi, type InngestEventApiDouble } from "../doubles/inngest-event-api";
import { TEST_ENV, webhookRequest } from "../shopify/requests";

/**
 * The production build served by `npm start` (server.ts), as an operator and a load balancer see
 * it: health and readiness, protected metrics, one JSON log line per request with its id and
 * shop, and an operator console that refuses to be framed.
 */
const METRICS_TOKEN = "metrics-token-for-the-service-test";
const SHOP = "service-test.myshopify.com";

let database: TestDatabase;
let queue: InngestEventApiDouble;
let server: AppServer;

beforeAll(async () => {
  buildApp();
  database = await createTestDatabase();
  queue = await startInngestEventApi();
  server = await startAppServer({
    ...TEST_ENV,
    DATABASE_URL: database.url,
    INNGEST_BASE_URL: queue.baseUrl,
    METRICS_TOKEN,
    LOG_LEVEL: "info",
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await queue?.close();
  await database?.cleanup();
});

function logLines(): Record<string, unknown>[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the app as a service", () => {
  it("answers /healthz without touching anything else", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("is ready when its database and the queue's server answer, and says what it checked", async () => {
    const response = await fetch(`${server.url}/readyz`);
    const body = (await response.json()) as {
      status: string;
      checks: Record<string, { ok: boolean }>;
    };
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      status: "ready",
      checks: { database: { ok: true }, queue: { ok: true } },
    });
  });

  it("serves /metrics only to the bearer of METRICS_TOKEN", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { Authorization: "Bearer guess" },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${server.url}/metrics`, {
      headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(right.status).toBe(200);
    const text = await right.text();
    for (const name of [
      "heady_uploads_total",
      "heady_pipeline_stage_duration_seconds",
      "heady_lab_report_failures_total",
      "heady_openai_tokens_total",
      "heady_shopify_throttles_total",
      "process_resident_memory_bytes",
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
  });

  it("logs one JSON line per request with the caller's request id and the verified shop", async () => {
    const signed = webhookRequest({ topic: "customers/data_request", shop: SHOP, payload: {} });
    const response = await fetch(`${server.url}/webhooks/customers/data_request`, {
      method: "POST",
      headers: { ...Object.fromEntries(signed.headers), "X-Request-Id": "lb-trace-42" },
      body: await signed.text(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("lb-trace-42");

    const deadline = Date.now() + 5_000;
    let line: Record<string, unknown> | undefined;
    while (!line && Date.now() < deadline) {
      line = logLines().find((l) => l.requestId === "lb-trace-42" && l.msg === "request");
      if (!line) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(line).toMatchObject({
      requestId: "lb-trace-42",
      shop: SHOP,
      method: "POST",
      path: "/webhooks/customers/data_request",
      status: 200,
    });
  });

  it("gives a request without an id a new one, and never takes a malformed one", async () => {
    const plain = await fetch(`${server.url}/healthz`);
    expect(plain.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await fetch(`${server.url}/healthz`, {
      headers: { "X-Request-Id": 'x"}\u0000{"shop":"forged' },
    }).catch(() => null);
    if (hostile) expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("forbids framing the operator console, signed in or not", async () => {
    for (const path of ["/ops/login", "/ops"]) {
      const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
      expect(response.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
    const data = await fetch(`${server.url}/ops/login?_data=routes%2Fops_.login`);
    expect(data.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
  });

  it("keeps an idle keep-alive connection open past Node's 5 s, as a proxy in front expects", async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), "127.0.0.1");
    const received: string[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    const ask = () =>
      socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n");
    const answers = () => received.join("").match(/HTTP\/1\.1 200 OK/g)?.length ?? 0;
    try {
      await new Promise<void>((resolve) => socket.once("connect", resolve));
      ask();
      await expect.poll(answers, { timeout: 10_000 }).toBe(1);
      expect(received.join("")).toMatch(/\r\nKeep-Alive: timeout=65\r\n/i);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(socket.destroyed).toBe(false);
      ask();
      await expect.poll(answers, { timeout: 10_000 }).toBe(2);
    } finally {
      socket.destroy();
      await closed;
    }
  }, 30_000);
});
