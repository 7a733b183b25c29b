import { createHmac } from "node:crypto";
import { z } from "zod";

const signingKey = z
  .string()
  .regex(/^(signkey-\w+-)?(?:[0-9a-f]{2}){16,}$/i, "must be hexadecimal, at least 32 digits");

/**
 * The environment, parsed once. A missing or malformed variable stops the app at start-up with a message that
 * names every problem at once, rather than failing later inside a request.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.url(),
  SCOPES: z.string().min(1),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  DATABASE_URL: z.string().min(1).default("file:./prisma/dev.sqlite"),
  /** Comma-separated `v<n>:<base64 of 32 bytes>` keys; the first encrypts, all decrypt (docs/decisions/004). */
  TOKEN_ENCRYPTION_KEYS: z.string().min(1),
  /**
   * Keys the fingerprint shop/redact keeps of an erased shop's domain (HMAC-SHA256), so the record
   * cannot be matched by hashing a list of domains. Required in production; elsewhere, without it,
   * a key derived from SHOPIFY_API_SECRET is used.
   */
  SHOP_FINGERPRINT_KEY: z.string().min(32).optional(),
  /** Signs the operator console's session cookie. */
  OPS_SESSION_SECRET: z.string().min(32),
  /**
   * How many proxies in front of the app append to X-Forwarded-For (a load balancer: 1). The
   * operator sign-in limit keys on the address the outermost of them saw; 0 reads no header.
   */
  OPS_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Requests per minute each REST API token may make (/api/v1). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o"),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** "1" makes plan charges test charges (development stores); they are always test outside production. */
  SHOPIFY_BILLING_TEST: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  /**
   * Verifies that a call to /api/inngest comes from Inngest: an HMAC-SHA256 key, hexadecimal, with
   * Inngest Cloud's `signkey-<env>-` prefix or without it (self-hosted `inngest start --signing-key`).
   */
  INNGEST_SIGNING_KEY: signingKey.optional(),
  /** The previous key while rotating (Inngest tries it when the first does not match). */
  INNGEST_SIGNING_KEY_FALLBACK: signingKey.optional(),
  /** Development only: talk to the local Inngest dev server, which signs nothing. */
  INNGEST_DEV: z.string().optional(),
  COA_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  COA_MAX_PAGES: z.coerce.number().int().positive().default(40),
  /**
   * How fast one shop's uploads are taken in, after a burst of three of the largest files, and all
   * shops' together after a burst of six (app/service/upload-pacing.ts); faster ones are asked to wait.
   */
  UPLOAD_SHOP_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  UPLOAD_TOTAL_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  COA_EXTRACTION_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** Pages of a scanned COA (no text layer) read by OCR at most, first pages first. */
  COA_SCAN_MAX_PAGES: z.coerce.number().int().positive().default(6),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Where Inngest's SDK sends events (a self-hosted server or the dev server); /readyz probes it. */
  INNGEST_BASE_URL: z.url().optional(),
  INNGEST_EVENT_API_BASE_URL: z.url().optional(),
  /** The bearer token Prometheus sends to /metrics; without it /metrics is a 404. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Called (POST, JSON) when the pipeline's failure rate crosses ALERT_FAILURE_RATE (docs/decisions/012). */
  ALERT_WEBHOOK_URL: z.url().optional(),
  ALERT_FAILURE_RATE: z.coerce.number().gt(0).max(1).default(0.5),
  ALERT_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  ALERT_MIN_STEPS: z.coerce.number().int().positive().default(10),
  ALERT_COOLDOWN_SECONDS: z.coerce.number().int().nonnegative().default(3600),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override readonly name = "EnvError";
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function parseEnv(raw: Record<string, string | undefined>): Env {
  // An empty assignment (`OPENAI_API_KEY=` copied from .env.example) means "not set".
  const source = Object.fromEntries(
    Object.entries(raw).map(([name, value]) => [name, value === "" ? undefined : value]),
  );
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        return source[name] === undefined ? `${name} is missing` : `${name}: ${issue.message}`;
      }),
    );
  }
  const env = result.data;
  if (env.NODE_ENV === "production") {
    // In dev mode the Inngest SDK runs any POST to /api/inngest without checking its signature:
    // anyone could then fail another shop's report or forge a step's result.
    const problems: string[] = [];
    if (env.INNGEST_DEV) {
      problems.push("INNGEST_DEV must not be set in production (it turns off signature checks)");
    }
    if (!env.INNGEST_SIGNING_KEY) {
      problems.push("INNGEST_SIGNING_KEY is missing (required in production)");
    }
    if (!env.SHOP_FINGERPRINT_KEY) {
      problems.push("SHOP_FINGERPRINT_KEY is missing (required in production)");
    }
    if (problems.length > 0) throw new EnvError(problems);
  }
  return env;
}

/**
 * The key of shop/redact's fingerprint: SHOP_FINGERPRINT_KEY (required in production), else one
 * derived from the app's API secret, so a development install's records are keyed too.
 */
export function shopFingerprintKey(config: Env): string {
  return (
    config.SHOP_FINGERPRINT_KEY ??
    createHmac("sha256", config.SHOPIFY_API_SECRET).update("shop-fingerprint").digest("base64")
  );
}

let cached: Env | undefined;

/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
