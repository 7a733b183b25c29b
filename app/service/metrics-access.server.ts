import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Who may read /metrics: a scraper sending `Authorization: Bearer <METRICS_TOKEN>`. Without a
 * configured token the endpoint does not exist (404); a missing or wrong token is a 401. The
 * comparison takes the same time whatever the token (SHA-256 digests compared in constant time),
 * so the answer time says nothing about how much of a guess was right.
 */
export type MetricsAccess = "granted" | "no-endpoint" | "unauthorized";

export function metricsAccess(
  authorization: string | null,
  token: string | undefined,
): MetricsAccess {
  if (!token) return "no-endpoint";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return "unauthorized";
  return sameSecret(match[1]!, token) ? "granted" : "unauthorized";
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
