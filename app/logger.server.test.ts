import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.server";

describe("logger", () => {
  it("never writes a token, key, password or authorization header", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const previous = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "info";
    const log = createLogger(sink);
    process.env.LOG_LEVEL = previous;

    log.info(
      {
        session: { shop: "a.myshopify.com", accessToken: "shpat_secret_value" },
        apiKey: "sk-live-secret",
        request: { headers: { authorization: "Bearer eyJsecret", cookie: "ops=secret" } },
        operator: { email: "ops@example.com", password: "hunter2-secret" },
      },
      "something happened",
    );

    const line = lines.join("");
    expect(line).toContain("something happened");
    expect(line).toContain("a.myshopify.com");
    expect(line).not.toMatch(/secret|eyJ|hunter2/);
    expect(line).toContain("[redacted]");
  });
});
