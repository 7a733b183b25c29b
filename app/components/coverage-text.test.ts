import { describe, expect, it } from "vitest";
import { coverageDetail, coverageSummary, uploadLabel } from "./coverage-text";

describe("the words of the COA freshness card", () => {
  it("says when a COA stopped or will stop counting, as calendar days, with the days left", () => {
    const report = { batch: "CP-0425-B", dateTested: "2025-12-19", staleOn: "2026-12-19" };
    expect(coverageDetail({ state: "stale", report: { ...report, daysLeft: -3 } })).toBe(
      "Batch CP-0425-B, tested Dec 19, 2025, is stale since Dec 19, 2026.",
    );
    expect(coverageDetail({ state: "soon-stale", report: { ...report, daysLeft: 1 } })).toBe(
      "Batch CP-0425-B, tested Dec 19, 2025, is stale from Dec 19, 2026 (in 1 day).",
    );
    expect(
      coverageDetail({ state: "undated", report: { ...report, batch: null, daysLeft: null } }),
    ).toMatch(/^Its COA: no test date/);
    expect(uploadLabel("missing")).toBe("Upload a COA");
    expect(uploadLabel("stale")).toBe("Upload a new COA");
  });

  it("sums the variants on sale and names only the states present", () => {
    expect(coverageSummary({ missing: 2, stale: 1, soonStale: 0, undated: 0, fresh: 3 })).toBe(
      "Of 6 variants on sale: 1 stale, 2 without a COA.",
    );
    expect(coverageSummary({ missing: 0, stale: 0, soonStale: 0, undated: 0, fresh: 1 })).toBe(
      "The one variant on sale has a current COA.",
    );
    expect(coverageSummary({ missing: 0, stale: 0, soonStale: 0, undated: 0, fresh: 4 })).toBe(
      "All 4 variants on sale have a current COA.",
    );
  });
});
