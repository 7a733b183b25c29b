import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// AES-256-GCM with a 96-bit random IV per value. Ciphertext format:
//   enc:<keyId>:<base64 iv>:<base64 auth tag>:<base64 ciphertext>
// The key id lets any listed key decrypt, so keys rotate without a data migration
// (docs/decisions/004-token-encryption-and-rotation.md).
const prefix = "enc";
const ivBytes = 12;

export type TokenCipher = {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  isEncrypted(value: string): boolean;
  /** The id of the key new values are encrypted with. */
  currentKeyId: string;
};

export class TokenCipherError extends Error {
  override readonly name = "TokenCipherError";
}

type Key = { id: string; secret: Buffer };

/** Parses `v1:<base64 32 bytes>,v0:<…>` (or a list of such entries); the first key encrypts. */
export function parseTokenKeys(keys: string | readonly string[]): Key[] {
  const entries = (typeof keys === "string" ? keys.split(",") : keys)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) throw new TokenCipherError("No token encryption key given");
  const parsed = entries.map((entry, index) => {
    const match = /^([A-Za-z0-9_-]+):([A-Za-z0-9+/=]+)$/.exec(entry);
    if (!match?.[1] || !match[2]) {
      throw new TokenCipherError(`Token key #${index + 1} is not "<id>:<base64 of 32 bytes>"`);
    }
    const secret = Buffer.from(match[2], "base64");
    if (secret.length !== 32) {
      throw new TokenCipherError(`Token key "${match[1]}" is ${secret.length} bytes, not 32`);
    }
    return { id: match[1], secret };
  });
  const ids = new Set(parsed.map((key) => key.id));
  if (ids.size !== parsed.length) throw new TokenCipherError("Token key ids must be unique");
  return parsed;
}

export function createTokenCipher(keys: string | readonly string[]): TokenCipher {
  const parsed = parseTokenKeys(keys);
  const current = parsed[0] as Key;
  const byId = new Map(parsed.map((key) => [key.id, key.secret]));

  return {
    currentKeyId: current.id,
    isEncrypted: (value) => value.startsWith(`${prefix}:`),
    encrypt(plaintext) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv("aes-256-gcm", current.secret, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [prefix, current.id, iv, tag, body]
        .map((part) => (typeof part === "string" ? part : part.toString("base64")))
        .join(":");
    },
    decrypt(ciphertext) {
      const [tag0, keyId, iv, tag, body, ...rest] = ciphertext.split(":");
      if (tag0 !== prefix || !keyId || !iv || !tag || body === undefined || rest.length > 0) {
        throw new TokenCipherError("Not an encrypted token");
      }
      const secret = byId.get(keyId);
      if (!secret) throw new TokenCipherError(`No key "${keyId}" among TOKEN_ENCRYPTION_KEYS`);
      const decipher = createDecipheriv("aes-256-gcm", secret, Buffer.from(iv, "base64"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      try {
        return Buffer.concat([
          decipher.update(Buffer.from(body, "base64")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        // GCM's tag check failed: the value was altered or another key with the same id made it.
        throw new TokenCipherError(`Token does not authenticate under key "${keyId}"`);
      }
    },
  };
}
