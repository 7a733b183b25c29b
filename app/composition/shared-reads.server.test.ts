import { describe, expect, it } from "vitest";
import { boundedMap, sharedReads } from "./shared-reads.server";

describe("sharedReads", () => {
  it("gives requests that arrive while a read is under way that read, and serves it until it is stale", async () => {
    const reads = sharedReads<string>({ ttlMs: 1_000, maxEntries: 10 });
    let started = 0;
    const start = () => Promise.resolve(`answer ${++started}`);
    const together = await Promise.all([
      reads.read("a.myshopify.com", start, 0),
      reads.read("a.myshopify.com", start, 10),
      reads.read("a.myshopify.com", start, 999),
    ]);
    expect(together).toEqual(["answer 1", "answer 1", "answer 1"]);
    expect(await reads.read("a.myshopify.com", start, 1_000)).toBe("answer 2");
    // Another shop never gets the first shop's answer.
    expect(await reads.read("b.myshopify.com", start, 1_000)).toBe("answer 3");
  });

  it("keeps a failed answer only for the failure period and a rejected read not at all", async () => {
    const reads = sharedReads<string | null>({
      ttlMs: 60_000,
      failureTtlMs: 100,
      isFailure: (value) => value === null,
      maxEntries: 10,
    });
    expect(await reads.read("s", () => Promise.resolve(null), 0)).toBeNull();
    expect(await reads.read("s", () => Promise.resolve("late"), 50)).toBeNull();
    expect(await reads.read("s", () => Promise.resolve("fresh"), 100)).toBe("fresh");

    const rejected = reads.read("t", () => Promise.reject(new Error("outage")), 0);
    await expect(rejected).rejects.toThrow("outage");
    expect(await reads.read("t", () => Promise.resolve("again"), 1)).toBe("again");
  });

  it("forgets its oldest shops past the bound", async () => {
    const reads = sharedReads<number>({ ttlMs: 60_000, maxEntries: 2 });
    let started = 0;
    const start = () => Promise.resolve(++started);
    await reads.read("one", start, 0);
    await reads.read("two", start, 0);
    await reads.read("three", start, 0);
    expect(await reads.read("two", start, 1)).toBe(2);
    expect(await reads.read("one", start, 1)).toBe(4);
  });
});

describe("boundedMap", () => {
  it("keeps the most recently set entries", () => {
    const map = boundedMap<string, number>(2);
    map.set("a", 1);
    map.set("b", 2);
    map.set("a", 3);
    map.set("c", 4);
    expect([map.get("a"), map.get("b"), map.get("c")]).toEqual([3, undefined, 4]);
  });
});
