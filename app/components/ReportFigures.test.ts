import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import type { LabReport } from "~/pipeline/lab-report";
import { basisLabel, SampleFacts } from "./ReportFigures";
import { flowerReport, hempGummyReport, measure } from "../../test/writer-test-reports";

/** The "Figures are" row of the report page's sample facts, as the merchant reads it. */
function figuresAre(report: LabReport): string {
  const html = renderToString(h(AppProvider, { i18n: en }, h(SampleFacts, { report })));
  const text = html.replace(/<[^>]+>/g, "\n").replace(/\n+/g, "\n");
  return /Figures are\n([^\n]*)/.exec(text)?.[1] ?? "";
}

/** An edible as its COA prints it: mg/g rows, and amounts per serving beside them. */
function mgPerGramEdible(basis: LabReport["basis"]): LabReport {
  const report = hempGummyReport();
  report.basis = basis;
  report.totals.thc = { ...measure(0.9723, "mg/g"), source: "computed" };
  return report;
}

describe("what the report page says its figures are", () => {
  it("names the basis of the concentrations shown", () => {
    expect(figuresAre(flowerReport())).toBe("Dry weight");
    expect(figuresAre(mgPerGramEdible("as-received"))).toBe("As received");
  });

  it("never says per serving beside an mg/g table, even for a report stored saying so", () => {
    expect(basisLabel(mgPerGramEdible("per-serving"))).toBeNull();
    expect(figuresAre(mgPerGramEdible("per-serving"))).toBe("Not found on the COA");
  });

  it("says per unit where the figures shown are amounts per unit", () => {
    expect(figuresAre(hempGummyReport())).toBe("Per unit");
  });
});
