import { describe, expect, it } from "vitest";
import { coaFreshness, DEFAULT_FRESHNESS_POLICY } from "./coa-freshness";

const policy = DEFAULT_FRESHNESS_POLICY;
const on = (iso: string) => new Date(`${iso}T15:00:00Z`);

describe("a COA's freshness", () => {
  it("is fresh until 30 days before its first anniversary, then soon stale, then stale", () => {
    const tested = { dateTested: "2025-03-05" };
    expect(coaFreshness(tested, policy, on("2025-06-01"))).toMatchObject({
      state: "fresh",
      staleOn: "2026-03-05",
      by: "policy",
      ageDays: 88,
    });
    expect(coaFreshness(tested, policy, on("2026-02-03"))).toMatchObject({
      state: "soon-stale",
      daysLeft: 30,
    });
    expect(coaFreshness(tested, policy, on("2026-03-04"))).toMatchObject({
      state: "soon-stale",
      daysLeft: 1,
    });
    expect(coaFreshness(tested, policy, on("2026-03-05"))).toMatchObject({
      state: "stale",
      daysLeft: 0,
    });
  });

  it("honours an earlier 'void after' date printed by the lab, and ignores a later one", () => {
    expect(
      coaFreshness({ dateTested: "2025-03-05", voidAfter: "2025-09-05" }, policy, on("2025-09-06")),
    ).toMatchObject({ state: "stale", staleOn: "2025-09-06", by: "void-after" });
    expect(
      coaFreshness({ dateTested: "2025-03-05", voidAfter: "2027-01-01" }, policy, on("2025-09-06")),
    ).toMatchObject({ state: "fresh", staleOn: "2026-03-05", by: "policy" });
  });

  it("follows the shop's own policy and clamps month ends", () => {
    expect(
      coaFreshness(
        { dateTested: "2025-01-31" },
        { staleAfterMonths: 1, warnDays: 7 },
        on("2025-02-20"),
      ),
    ).toMatchObject({ state: "fresh", staleOn: "2025-02-28" });
  });

  it("says it cannot tell when the COA prints no test date, rather than guessing", () => {
    expect(coaFreshness({ dateTested: null }, policy, on("2025-01-01"))).toEqual({
      state: "unknown",
      reason: "no-test-date",
    });
    expect(coaFreshness({ dateTested: "March 2025" }, policy, on("2025-01-01")).state).toBe(
      "unknown",
    );
  });
});
