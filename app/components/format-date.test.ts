import { describe, expect, it } from "vitest";
import { formatDate } from "./format-date";

describe("formatDate", () => {
  it("writes a COA's calendar day and a timestamp the same way", () => {
    expect(formatDate("2026-03-04")).toBe("Mar 4, 2026");
    expect(formatDate("2026-12-31T23:59:00.000Z")).toBe("Dec 31, 2026");
  });

  it("leaves text that is not an ISO date as printed, and a missing date missing", () => {
    expect(formatDate("04/03/2026")).toBe("04/03/2026");
    expect(formatDate(null)).toBeNull();
  });
});
