import { describe, expect, it } from "vitest";
import { createUploadPacer, type UploadPacingLimits } from "./upload-pacing";

const MB = 1024 * 1024;
const LIMITS: UploadPacingLimits = {
  shopBytesPerSecond: 4 * MB,
  shopBurstBytes: 60 * MB,
  totalBytesPerSecond: 16 * MB,
  totalBurstBytes: 120 * MB,
};

function clock() {
  let t = 0;
  return { now: () => t, advance: (seconds: number) => (t += seconds * 1000) };
}

describe("createUploadPacer", () => {
  it("takes a burst at once, then asks the shop to wait as long as the refill needs", () => {
    const time = clock();
    const pacer = createUploadPacer(LIMITS, time.now);
    for (let i = 0; i < 3; i++)
      expect(pacer.take("a.myshopify.com", 20 * MB)).toEqual({ ok: true });
    // The bucket is empty: 20 MB more at 4 MB/s is 5 s away.
    expect(pacer.take("a.myshopify.com", 20 * MB)).toEqual({ ok: false, retryAfterSeconds: 5 });
    time.advance(4);
    expect(pacer.take("a.myshopify.com", 20 * MB)).toEqual({ ok: false, retryAfterSeconds: 1 });
    time.advance(1);
    expect(pacer.take("a.myshopify.com", 20 * MB)).toEqual({ ok: true });
  });

  it("a refused request takes nothing from the buckets", () => {
    const time = clock();
    const pacer = createUploadPacer(LIMITS, time.now);
    expect(pacer.take("a.myshopify.com", 60 * MB).ok).toBe(true);
    expect(pacer.take("a.myshopify.com", 8 * MB)).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(pacer.take("a.myshopify.com", 8 * MB)).toEqual({ ok: false, retryAfterSeconds: 2 });
    time.advance(2);
    expect(pacer.take("a.myshopify.com", 8 * MB).ok).toBe(true);
  });

  it("one shop's uploads do not hold another's, up to what all shops together may send", () => {
    const time = clock();
    const pacer = createUploadPacer(LIMITS, time.now);
    expect(pacer.take("a.myshopify.com", 60 * MB).ok).toBe(true);
    expect(pacer.take("a.myshopify.com", 1 * MB).ok).toBe(false);
    expect(pacer.take("b.myshopify.com", 60 * MB).ok).toBe(true);
    // The shared bucket (120 MB) is now empty: a third shop with a full bucket of its own waits.
    expect(pacer.take("c.myshopify.com", 16 * MB)).toEqual({ ok: false, retryAfterSeconds: 1 });
    time.advance(1);
    expect(pacer.take("c.myshopify.com", 16 * MB).ok).toBe(true);
  });

  it("a request larger than the burst waits for a full bucket and leaves it in debt", () => {
    const time = clock();
    const pacer = createUploadPacer({ ...LIMITS, shopBurstBytes: 10 * MB }, time.now);
    expect(pacer.take("a.myshopify.com", 12 * MB).ok).toBe(true);
    // 2 MB in debt: 6 MB needs (6 + 2) / 4 = 2 s.
    expect(pacer.take("a.myshopify.com", 6 * MB)).toEqual({ ok: false, retryAfterSeconds: 2 });
  });

  it("keeps a bounded number of shops, dropping full buckets first", () => {
    const time = clock();
    const pacer = createUploadPacer({ ...LIMITS, totalBurstBytes: 1e15 }, time.now);
    expect(pacer.take("busy.myshopify.com", 60 * MB).ok).toBe(true);
    for (let i = 0; i < 10_000; i++) pacer.take(`shop-${i}.myshopify.com`, 1);
    // The busy shop's empty bucket was not the one dropped: it still waits.
    expect(pacer.take("busy.myshopify.com", 60 * MB).ok).toBe(false);
  });
});
