import { describe, expect, it } from "vitest";
import { flowerReport } from "../../test/writer-test-reports";
import { readSummary, summaryOf } from "./report-summary.server";

describe("report summaries", () => {
  const report = flowerReport();
  const summary = summaryOf(report);

  it("keeps the list's facts of a report", () => {
    expect(summary).toEqual({
      thc: report.totals.thc,
      lab: report.lab.name,
      batch: report.sample.batch,
      dateTested: report.sample.dateTested,
    });
  });

  it("reads the stored summary, else the same facts from a report stored before summaries", () => {
    expect(readSummary({ summary: JSON.stringify(summary) })).toEqual(summary);
    expect(readSummary({ summary: null, report: JSON.stringify(report) })).toEqual(summary);
  });

  it("blanks only a part that does not fit, and everything for text that is not JSON", () => {
    const odd = { ...summary, thc: "lots", lab: 7 };
    expect(readSummary({ summary: JSON.stringify(odd) })).toEqual({
      ...summary,
      thc: null,
      lab: null,
    });
    const none = { thc: null, lab: null, batch: null, dateTested: null };
    expect(readSummary({ summary: "{not json" })).toEqual(none);
    expect(readSummary({ summary: null, report: null })).toEqual(none);
    expect(readSummary({ summary: "[1]" })).toEqual(none);
  });
});
