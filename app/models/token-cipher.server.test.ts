import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTokenCipher, parseTokenKeys, TokenCipherError } from "./token-cipher.server";

const key = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

describe("token cipher", () => {
  it("round-trips a token and never shows it in the ciphertext", () => {
    const cipher = createTokenCipher(key("v1"));
    const token = "shpat_0123456789abcdef0123456789abcdef";
    const sealed = cipher.encrypt(token);
    expect(sealed).not.toContain(token);
    expect(sealed.startsWith("enc:v1:")).toBe(true);
    expect(cipher.decrypt(sealed)).toBe(token);
  });

  it("uses a fresh IV, so the same token encrypts differently each time", () => {
    const cipher = createTokenCipher(key("v1"));
    expect(cipher.encrypt("same")).not.toBe(cipher.encrypt("same"));
  });

  it("encrypts with the first key and still decrypts values made with an older key", () => {
    const v1 = key("v1");
    const v2 = key("v2");
    const old = createTokenCipher(v1).encrypt("token-from-last-year");
    const rotated = createTokenCipher(`${v2},${v1}`);
    expect(rotated.currentKeyId).toBe("v2");
    expect(rotated.decrypt(old)).toBe("token-from-last-year");
    expect(rotated.encrypt("new").startsWith("enc:v2:")).toBe(true);
  });

  it("refuses a value whose key was removed, and a tampered value", () => {
    const v1 = key("v1");
    const sealed = createTokenCipher(v1).encrypt("secret");
    expect(() => createTokenCipher(key("v2")).decrypt(sealed)).toThrow(/No key "v1"/);
    const parts = sealed.split(":");
    const body = Buffer.from(parts[4] ?? "", "base64");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString("base64");
    expect(() => createTokenCipher(v1).decrypt(parts.join(":"))).toThrow(TokenCipherError);
  });

  it("rejects keys that are not 32 bytes, malformed, duplicated or missing", () => {
    expect(() => parseTokenKeys(`v1:${randomBytes(16).toString("base64")}`)).toThrow(/16 bytes/);
    expect(() => parseTokenKeys("just-a-password")).toThrow(/not "<id>:<base64/);
    const k = key("v1");
    expect(() => parseTokenKeys(`${k},${k}`)).toThrow(/unique/);
    expect(() => parseTokenKeys(" , ")).toThrow(/No token encryption key/);
  });
});
