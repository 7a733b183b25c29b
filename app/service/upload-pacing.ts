/**
 * How fast this process takes in COA uploads: a token bucket of bytes for each shop and one for all
 * shops together. Storing an upload costs the server's main thread time in proportion to its size
 * (hashing, the database write, garbage collection), so one shop sending large files back to back
 * could slow every other shop's requests, Shopify's webhooks included. An upload takes its declared
 * size from both buckets before its body is read; when either is short, it is told how many seconds
 * to wait (HTTP 429 with Retry-After), and the bulk upload page waits and sends it again.
 *
 * Ordinary use never waits: each shop may send `shopBurstBytes` at once (a few of the largest files
 * allowed), then `shopBytesPerSecond`. The buckets live in the process: each instance paces what it
 * receives.
 */
export interface UploadPacingLimits {
  shopBytesPerSecond: number;
  shopBurstBytes: number;
  totalBytesPerSecond: number;
  totalBurstBytes: number;
}

export type PacingDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface UploadPacer {
  /** Takes `bytes` from the shop's bucket and the shared one, or says how long to wait. */
  take(shop: string, bytes: number): PacingDecision;
}

/** Shops whose buckets are kept at most; full buckets are dropped first (they hold no debt). */
const MAX_SHOPS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export function createUploadPacer(
  limits: UploadPacingLimits,
  now: () => number = () => performance.now(),
): UploadPacer {
  const shops = new Map<string, Bucket>();
  const total: Bucket = { tokens: limits.totalBurstBytes, at: now() };

  const refill = (bucket: Bucket, rate: number, burst: number, t: number) => {
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * rate);
    bucket.at = t;
  };
  /** Seconds until `bucket` holds `bytes` (a request larger than the burst waits for a full bucket). */
  const waitFor = (bucket: Bucket, bytes: number, rate: number, burst: number) => {
    const needed = Math.min(bytes, burst) - bucket.tokens;
    return needed <= 0 ? 0 : Math.ceil(needed / rate);
  };

  function forget(t: number) {
    for (const [shop, bucket] of shops) {
      refill(bucket, limits.shopBytesPerSecond, limits.shopBurstBytes, t);
      if (bucket.tokens >= limits.shopBurstBytes) shops.delete(shop);
    }
    if (shops.size < MAX_SHOPS) return;
    // Still too many: drop the fullest tenth, which only makes those shops' next uploads freer.
    const fullest = [...shops].sort((a, b) => b[1].tokens - a[1].tokens);
    for (const [shop] of fullest.slice(0, Math.ceil(MAX_SHOPS / 10))) shops.delete(shop);
  }

  return {
    take(shop, bytes) {
      const t = now();
      let bucket = shops.get(shop);
      if (!bucket) {
        if (shops.size >= MAX_SHOPS) forget(t);
        bucket = { tokens: limits.shopBurstBytes, at: t };
        shops.set(shop, bucket);
      }
      refill(bucket, limits.shopBytesPerSecond, limits.shopBurstBytes, t);
      refill(total, limits.totalBytesPerSecond, limits.totalBurstBytes, t);
      const wait = Math.max(
        waitFor(bucket, bytes, limits.shopBytesPerSecond, limits.shopBurstBytes),
        waitFor(total, bytes, limits.totalBytesPerSecond, limits.totalBurstBytes),
      );
      if (wait > 0) return { ok: false, retryAfterSeconds: wait };
      // A request larger than a burst empties the bucket (and may leave it in debt).
      bucket.tokens -= bytes;
      total.tokens -= bytes;
      return { ok: true };
    },
  };
}
