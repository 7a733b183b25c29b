/**
 * Removes secrets from anything about to be logged, at any depth: a value whose key names a secret
 * (token, secret, password, cookie, authorization, api key, signature, HMAC — any case, any
 * position, so `session.accessToken`, `X-Shopify-Access-Token`, `Authorization` and `Set-Cookie`
 * all match), and, in any string, the shapes of Shopify and OpenAI credentials and bearer tokens.
 * Numbers and booleans under such keys stay (`inputTokens: 812` is a count, not a credential).
 * Fetch `Headers`, `Map`s and `Error`s are opened up first, since a logger would print them empty
 * or whole; cycles and very deep objects are cut.
 */

export const REDACTED = "[redacted]";

const SECRET_KEY = /token|secret|passw(or)?d|cookie|authori[sz]ation|api[-_]?key|signature|hmac/i;

/**
 * Shopify access tokens (shpat_, shpca_, shppa_, shpss_, shprt_), OpenAI keys (sk-…), and the
 * credential after "Bearer " or "Basic ".
 */
const SECRET_VALUE =
  /\b(?:shp(?:at|ca|pa|ss|rt)_[A-Za-z0-9]+|sk-[A-Za-z0-9_-]{12,})|\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

const MAX_DEPTH = 10;

export function redactString(text: string): string {
  return text.replace(SECRET_VALUE, (_match, scheme: string | undefined) =>
    scheme ? `${scheme} ${REDACTED}` : REDACTED,
  );
}

export function redactSecrets(value: unknown): unknown {
  return redact(value, 0, new WeakSet());
}

function redact(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactString(value);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
    if (value instanceof Date) return value;
    if (value instanceof Uint8Array) return `[${value.length} bytes]`;
    return redactEntries(entriesOf(value), depth, seen);
  } finally {
    seen.delete(value);
  }
}

function entriesOf(value: object): [string, unknown][] {
  if (value instanceof Headers || value instanceof Map) {
    return [...(value as Map<unknown, unknown>).entries()].map(([k, v]) => [String(k), v]);
  }
  if (value instanceof Error) {
    const own = Object.entries(value);
    const cause = value.cause === undefined ? [] : [["cause", value.cause] as [string, unknown]];
    return [
      ["type", value.name],
      ["message", value.message],
      ["stack", value.stack],
      ...own,
      ...cause,
    ];
  }
  return Object.entries(value);
}

function redactEntries(
  entries: [string, unknown][],
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const harmless = typeof item === "number" || typeof item === "boolean" || item == null;
    out[key] = SECRET_KEY.test(key) && !harmless ? REDACTED : redact(item, depth + 1, seen);
  }
  return out;
}
