import { describe, expect, it } from "vitest";
import { shouldPoll } from "./use-polling";

describe("shouldPoll", () => {
  it("asks again when the last answer has arrived", () => {
    expect(shouldPoll("idle", null, 10_000, 12_000)).toBe(true);
    expect(shouldPoll("idle", 9_000, 10_000, 12_000)).toBe(true);
  });

  it("waits for a revalidation under way, but not past the stall limit", () => {
    expect(shouldPoll("loading", 9_000, 10_000, 12_000)).toBe(false);
    expect(shouldPoll("loading", 9_000, 20_999, 12_000)).toBe(false);
    expect(shouldPoll("loading", 9_000, 21_000, 12_000)).toBe(true);
  });

  it("does not interrupt a load whose start it has not yet seen", () => {
    expect(shouldPoll("loading", null, 10_000, 12_000)).toBe(false);
  });
});
