import { describe, expect, it } from "vitest";
import { parseDate } from "./coa-dates";

describe("parseDate", () => {
  it("reads a day, a month's name and a two-digit year", () => {
    expect(parseDate("30 Sep 21")).toBe("2021-09-30");
    expect(parseDate("Test Date: 03 Oct 21")).toBe("2021-10-03");
  });

  it("still prefers a four-digit year", () => {
    expect(parseDate("3 OCTOBER 2021")).toBe("2021-10-03");
  });

  it("reads no date from a number beside a word that is not a month", () => {
    expect(parseDate("30 mg 21")).toBeNull();
    expect(parseDate("5 Marijuana 20")).toBeNull();
  });
});
