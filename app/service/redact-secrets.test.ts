import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "./redact-secrets";

describe("redactSecrets", () => {
  it("replaces the value of every key naming a secret, at any depth and in any case", () => {
    const out = redactSecrets({
      session: { accessToken: "a", nested: [{ ACCESS_TOKEN: "b" }] },
      "X-Shopify-Access-Token": "c",
      Authorization: "d",
      "set-cookie": "e",
      webhookSecret: "f",
      userPassword: "g",
      x_api_key: "h",
      "X-Shopify-Hmac-Sha256": "i",
      shop: "a.myshopify.com",
    });
    expect(out).toEqual({
      session: { accessToken: REDACTED, nested: [{ ACCESS_TOKEN: REDACTED }] },
      "X-Shopify-Access-Token": REDACTED,
      Authorization: REDACTED,
      "set-cookie": REDACTED,
      webhookSecret: REDACTED,
      userPassword: REDACTED,
      x_api_key: REDACTED,
      "X-Shopify-Hmac-Sha256": REDACTED,
      shop: "a.myshopify.com",
    });
  });

  it("removes credential shapes from free text", () => {
    expect(
      redactSecrets({
        message: "token shpat_abc123 then Bearer eyJ.x.y and sk-proj_abcdefghijklmnop",
      }),
    ).toEqual({ message: `token ${REDACTED} then Bearer ${REDACTED} and ${REDACTED}` });
  });

  it("survives cycles and leaves the input untouched", () => {
    const input: Record<string, unknown> = { token: "t", name: "n" };
    input.self = input;
    expect(redactSecrets(input)).toEqual({ token: REDACTED, name: "n", self: "[circular]" });
    expect(input.token).toBe("t");
  });
});
