import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.server";
import { noteShop, runWithRequestContext } from "./service/request-context.server";

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "info";
  const log = createLogger(sink);
  process.env.LOG_LEVEL = previous;
  return {
    log,
    lines,
    parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe("logger", () => {
  it("never writes a token, key, password, cookie or authorization header, however deeply nested", () => {
    const { log, lines } = capture();
    const headers = new Headers({
      "X-Shopify-Access-Token": "shpat_headersecret1",
      Authorization: "Bearer eyJheadersecret",
      Accept: "application/json",
    });

    log.info(
      {
        session: { shop: "a.myshopify.com", accessToken: "shpat_secret_value" },
        apiKey: "sk-live-secret",
        request: {
          headers: {
            Authorization: "Bearer eyJsecret",
            cookie: "ops=secret",
            "X-Shopify-Access-Token": "shpat_secret2",
            "Set-Cookie": ["ops_session=secret3"],
          },
        },
        deep: { a: { b: { c: { d: { session: { refreshToken: "shprt_deepsecret" } } } } } },
        outgoing: { headers },
        operator: { email: "ops@example.com", password: "hunter2-secret", passwordHash: "x$y" },
        config: { OPS_SESSION_SECRET: "session-secret-value", clientSecret: "client-secret" },
        note: "called with Bearer eyJinlinesecret and shpat_inlinesecret4",
      },
      "something happened",
    );

    const line = lines.join("");
    expect(line).toContain("something happened");
    expect(line).toContain("a.myshopify.com");
    expect(line).toContain("application/json");
    expect(line).not.toMatch(/secret|eyJ|hunter2|x\$y/);
    expect(line).toContain("[redacted]");
  });

  it("keeps counts whose names contain 'token' (usage figures are not credentials)", () => {
    const { log, parsed } = capture();
    log.info({ usage: { inputTokens: 812, outputTokens: 240 } }, "written");
    expect(parsed()[0]).toMatchObject({ usage: { inputTokens: 812, outputTokens: 240 } });
  });

  it("redacts secrets in an error's own fields and in child bindings", () => {
    const { log, lines } = capture();
    const error = Object.assign(new Error("Shopify answered 401"), {
      request: { headers: { "X-Shopify-Access-Token": "shpat_errsecret" } },
    });
    log.child({ session: { accessToken: "shpat_childsecret" } }).error({ err: error }, "failed");
    const line = lines.join("");
    expect(line).toContain("Shopify answered 401");
    expect(line).not.toMatch(/errsecret|childsecret/);
  });

  it("puts the request id and, once verified, the shop on every line of a request", () => {
    const { log, parsed } = capture();
    log.info("outside any request");
    runWithRequestContext({ requestId: "req-123" }, () => {
      log.info("before authentication");
      noteShop("b.myshopify.com");
      log.info("after authentication");
    });

    const [outside, before, after] = parsed();
    expect(outside).not.toHaveProperty("requestId");
    expect(before).toMatchObject({ requestId: "req-123" });
    expect(before).not.toHaveProperty("shop");
    expect(after).toMatchObject({ requestId: "req-123", shop: "b.myshopify.com" });
  });

  it("keeps the context across awaits", async () => {
    const { log, parsed } = capture();
    await runWithRequestContext({ requestId: "req-async" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      noteShop("c.myshopify.com");
      await Promise.resolve();
      log.info("later");
    });
    expect(parsed()[0]).toMatchObject({ requestId: "req-async", shop: "c.myshopify.com" });
  });
});
