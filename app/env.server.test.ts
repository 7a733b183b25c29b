import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, shopFingerprintKey } from "./env.server";

const complete = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://app.example.com",
  SCOPES: "write_products",
  TOKEN_ENCRYPTION_KEYS: "v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  OPS_SESSION_SECRET: "x".repeat(32),
};

describe("environment validation", () => {
  it("accepts a complete environment and fills in defaults", () => {
    const env = parseEnv(complete);
    expect(env.OPENAI_MODEL).toBe("gpt-4o");
    expect(env.COA_MAX_PAGES).toBe(40);
    expect(env.DATABASE_URL).toBe("file:./prisma/dev.sqlite");
  });

  it("treats an empty assignment as unset, as in a copied .env.example", () => {
    const env = parseEnv({
      ...complete,
      OPENAI_API_KEY: "",
      OPENAI_BASE_URL: "",
      COA_MAX_PAGES: "",
    });
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(env.OPENAI_BASE_URL).toBeUndefined();
    expect(env.COA_MAX_PAGES).toBe(40);
    expect(() => parseEnv({ ...complete, SHOPIFY_API_SECRET: "" })).toThrow(
      /SHOPIFY_API_SECRET is missing/,
    );
  });

  it("names every missing variable at once", () => {
    const { SHOPIFY_API_SECRET: _secret, SCOPES: _scopes, ...partial } = complete;
    let error: unknown;
    try {
      parseEnv(partial);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).problems).toEqual([
      "SHOPIFY_API_SECRET is missing",
      "SCOPES is missing",
    ]);
    expect((error as EnvError).message).toContain("SHOPIFY_API_SECRET is missing");
  });

  it("rejects a malformed value with the variable's name", () => {
    expect(() => parseEnv({ ...complete, SHOPIFY_APP_URL: "not a url" })).toThrow(
      /SHOPIFY_APP_URL/,
    );
    expect(() => parseEnv({ ...complete, COA_MAX_PAGES: "many" })).toThrow(/COA_MAX_PAGES/);
  });

  it("refuses to start in production without Inngest's signing key, or with its dev mode", () => {
    const key = `signkey-prod-${"ab".repeat(32)}`;
    const problems = (raw: Record<string, string>) => {
      try {
        parseEnv(raw);
        return [];
      } catch (error) {
        return (error as EnvError).problems;
      }
    };
    // Everything production needs besides Inngest's settings.
    const production = {
      ...complete,
      NODE_ENV: "production",
      SHOP_FINGERPRINT_KEY: "f".repeat(32),
    };
    expect(problems(production)).toEqual([
      "INNGEST_SIGNING_KEY is missing (required in production)",
    ]);
    expect(problems({ ...production, INNGEST_DEV: "1" })).toEqual([
      "INNGEST_DEV must not be set in production (it turns off signature checks)",
      "INNGEST_SIGNING_KEY is missing (required in production)",
    ]);
    expect(problems({ ...production, INNGEST_DEV: "1", INNGEST_SIGNING_KEY: key })).toEqual([
      "INNGEST_DEV must not be set in production (it turns off signature checks)",
    ]);
    expect(parseEnv({ ...production, INNGEST_SIGNING_KEY: key })).toMatchObject({
      NODE_ENV: "production",
      INNGEST_SIGNING_KEY: key,
    });
    // A copied .env.example's empty INNGEST_DEV= is no dev mode.
    expect(problems({ ...production, INNGEST_DEV: "", INNGEST_SIGNING_KEY: key })).toEqual([]);
  });

  it("refuses to start in production without the key of shop/redact's fingerprint, or with a short one", () => {
    const inngest = { INNGEST_SIGNING_KEY: `signkey-prod-${"ab".repeat(32)}` };
    const production = { ...complete, ...inngest, NODE_ENV: "production" };
    expect(() => parseEnv(production)).toThrow(
      /SHOP_FINGERPRINT_KEY is missing \(required in production\)/,
    );
    expect(() => parseEnv({ ...production, SHOP_FINGERPRINT_KEY: "short" })).toThrow(
      /SHOP_FINGERPRINT_KEY/,
    );
    // Outside production a key is derived from the API secret: keyed all the same.
    const development = parseEnv(complete);
    expect(shopFingerprintKey(development)).not.toBe("");
    expect(shopFingerprintKey(development)).not.toBe(complete.SHOPIFY_API_SECRET);
    expect(
      shopFingerprintKey(parseEnv({ ...production, SHOP_FINGERPRINT_KEY: "k".repeat(32) })),
    ).toBe("k".repeat(32));
  });

  it("refuses a signing key that is not a hexadecimal HMAC key", () => {
    expect(() => parseEnv({ ...complete, INNGEST_SIGNING_KEY: "secret" })).toThrow(
      /INNGEST_SIGNING_KEY: must be hexadecimal/,
    );
    const selfHosted = "0123456789abcdef".repeat(4);
    expect(parseEnv({ ...complete, INNGEST_SIGNING_KEY: selfHosted }).INNGEST_SIGNING_KEY).toBe(
      selfHosted,
    );
  });

  it("lets development use the local Inngest dev server without keys", () => {
    expect(parseEnv({ ...complete, NODE_ENV: "development", INNGEST_DEV: "1" }).INNGEST_DEV).toBe(
      "1",
    );
  });
});
