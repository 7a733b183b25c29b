import { describe, expect, it } from "vitest";
import { emptyLabReport, type LabReport } from "./lab-report";
import {
  LAB_RESULTS_DEFINITIONS,
  LAB_RESULTS_KEYS,
  labResultsSummarySchema,
  planLabReportPublish,
} from "./publish-plan";
import { COA_URL_PLACEHOLDER } from "./compliance-guard";

function flowerReport(): LabReport {
  const report = emptyLabReport();
  report.lab = { name: "Example Analytical Lab", license: "C8-0000000-LIC" };
  report.sample = {
    ...report.sample,
    productName: "Test Flower",
    batch: "B-2291",
    dateTested: "2026-03-04",
  };
  report.basis = "dry-weight";
  report.totals.thc = { value: 23.81, unit: "%", qualifier: null, source: "printed" };
  report.totals.cbd = { value: null, unit: "%", qualifier: "ND", source: "printed" };
  report.cannabinoids = [
    { analyte: "thca", label: "THCa", value: 26.1, unit: "%", qualifier: null, source: "printed" },
    { analyte: "cbd", label: "CBD", value: null, unit: "%", qualifier: "ND", source: "printed" },
  ];
  report.terpenes = Array.from({ length: 14 }, (_, i) => ({
    analyte: `terp-${i}`,
    label: `Terpene ${i}`,
    value: (i + 1) / 10,
    unit: "%",
    qualifier: null,
    source: "printed" as const,
  }));
  report.safety = {
    overall: "pass",
    panels: [
      { panel: "pesticides", status: "pass" },
      { panel: "heavy_metals", status: "not-tested" },
    ],
  };
  report.verificationUrl = "https://lab.example/coa/B-2291";
  return report;
}

const description = {
  descriptionHtml:
    '<p>Batch <strong>B-2291</strong></p><script>alert(1)</script><a href="javascript:alert(1)">x</a><a href="https://lab.example/coa">COA</a><img src=x onerror=alert(1)>',
  seoTitle: "<b>Test Flower</b>   lab tested",
  seoDescription: "Total THC 23.81%.",
};

describe("the publish plan", () => {
  it("sanitises the description again: scripts, images and javascript: links never reach Shopify", () => {
    const plan = planLabReportPublish(flowerReport(), description);
    expect(plan.descriptionHtml).not.toMatch(/script|onerror|javascript:|<img/i);
    expect(plan.descriptionHtml).toContain("<strong>B-2291</strong>");
    expect(plan.descriptionHtml).toContain('href="https://lab.example/coa"');
  });

  it("publishes PDF strings to metafields as plain text: no markup or hidden characters for any theme or headless client", () => {
    const report = flowerReport();
    report.lab.name = "Acme <b>Labs</b>";
    report.sample.productName = "Haze <script>fetch('https://evil.example')</script>";
    report.sample.strain = "<img src=x onerror=alert(1)>";
    report.sample.batch = "B-22\u200b91";
    report.cannabinoids[0]!.label = "THCa </td><script>alert(2)</script>";
    const plan = planLabReportPublish(report, description);
    const everything = JSON.stringify(plan.metafields);
    expect(everything).not.toMatch(/<|>|script|onerror|evil\.example|\\u200b|\u200b/i);
    const summary = labResultsSummarySchema.parse(
      JSON.parse(plan.metafields.find((m) => m.key === "summary")?.value ?? "{}"),
    );
    expect(summary.lab.name).toBe("Acme Labs");
    expect(summary.sample.productName).toBe("Haze");
    expect(summary.sample.strain).toBeNull();
    expect(summary.cannabinoids[0]?.label).toBe("THCa");
    expect(plan.metafields.find((m) => m.key === "batch")?.value).toBe("B-2291");
  });

  it("uses a sanitiser passed in instead of its own when one is given", () => {
    const plan = planLabReportPublish(flowerReport(), description, { sanitize: () => "<p>x</p>" });
    expect(plan.descriptionHtml).toBe("<p>x</p>");
  });

  it("makes SEO fields plain text within the lengths search engines show", () => {
    const long = { ...description, seoDescription: "word ".repeat(200) };
    const plan = planLabReportPublish(flowerReport(), long);
    expect(plan.seo.title).toBe("Test Flower lab tested");
    expect(plan.seo.description.length).toBeLessThanOrEqual(320);
  });

  it("publishes totals exactly as printed, qualifiers included", () => {
    const plan = planLabReportPublish(flowerReport(), description);
    const byKey = Object.fromEntries(plan.metafields.map((m) => [m.key, m]));
    expect(byKey.total_thc).toEqual({
      key: "total_thc",
      type: "single_line_text_field",
      value: "23.81%",
    });
    expect(byKey.total_cbd?.value).toBe("ND");
    expect(byKey.batch?.value).toBe("B-2291");
    expect(byKey.test_date).toEqual({ key: "test_date", type: "date", value: "2026-03-04" });
    expect(byKey.verdict?.value).toBe("pass");
  });

  it("a failed safety panel is published as failed, never as passing", () => {
    const report = flowerReport();
    report.safety = { overall: "fail", panels: [{ panel: "pesticides", status: "fail" }] };
    const plan = planLabReportPublish(report, description);
    const summary = labResultsSummarySchema.parse(
      JSON.parse(plan.metafields.find((m) => m.key === "summary")?.value ?? "null"),
    );
    expect(plan.metafields.find((m) => m.key === "verdict")?.value).toBe("fail");
    expect(summary.panels).toEqual([{ panel: "pesticides", label: "Pesticides", status: "fail" }]);
  });

  it("removes fields the report does not have, so a previous COA's values are not left showing", () => {
    const report = flowerReport();
    report.sample.batch = null;
    report.sample.dateTested = "March 2026";
    report.verificationUrl = "javascript:alert(1)";
    const plan = planLabReportPublish(report, description);
    expect(plan.metafieldsToRemove).toEqual(
      expect.arrayContaining(["batch", "test_date", "verification_url"]),
    );
    expect(plan.metafields.map((m) => m.key)).not.toContain("batch");
  });

  it("trims the JSON summary to what the storefront shows: the strongest ten terpenes, no warnings", () => {
    const plan = planLabReportPublish(flowerReport(), description);
    const raw = plan.metafields.find((m) => m.key === "summary")?.value ?? "";
    const summary = labResultsSummarySchema.parse(JSON.parse(raw));
    expect(summary.terpenes).toHaveLength(10);
    expect(summary.terpenes[0]?.label).toBe("Terpene 13");
    expect(summary.totals.thc?.display).toBe("23.81%");
    expect(raw).not.toContain("warnings");
  });

  it("gives the storefront the basis of the concentrations, never per serving beside a mg/g table", () => {
    const basisOf = (report: LabReport) => {
      const raw = planLabReportPublish(report, description).metafields.find(
        (m) => m.key === "summary",
      )?.value;
      return labResultsSummarySchema.parse(JSON.parse(raw ?? "{}")).basis;
    };
    expect(basisOf(flowerReport())).toBe("dry-weight");
    // Stored before the basis kept to concentrations: "per serving" said nothing of these figures.
    const stored = flowerReport();
    stored.basis = "per-serving";
    expect(basisOf(stored)).toBeNull();
  });

  it("declares a definition for every key it writes, the verdict limited to the known values", () => {
    expect(LAB_RESULTS_DEFINITIONS.map((d) => d.key).sort()).toEqual([...LAB_RESULTS_KEYS].sort());
    const verdict = LAB_RESULTS_DEFINITIONS.find((d) => d.key === "verdict");
    expect(JSON.parse(verdict?.validations[0]?.value ?? "[]")).toContain("fail");
  });
});

describe("the COA link in the published description", () => {
  const written = {
    ...description,
    descriptionHtml: `<p>Lab tested.</p><p><a href="${COA_URL_PLACEHOLDER}">View the full Certificate of Analysis</a></p>`,
  };

  it("points at the uploaded COA file when there is one", () => {
    const plan = planLabReportPublish(flowerReport(), written, {
      coaUrl: "https://cdn.shopify.com/s/files/1/0001/files/coa.pdf?v=1",
    });
    expect(plan.descriptionHtml).toContain(
      'href="https://cdn.shopify.com/s/files/1/0001/files/coa.pdf?v=1"',
    );
    expect(plan.descriptionHtml).not.toContain(COA_URL_PLACEHOLDER);
  });

  it("falls back to the lab's https verification page", () => {
    const plan = planLabReportPublish(flowerReport(), written);
    expect(plan.descriptionHtml).toContain('href="https://lab.example/coa/B-2291"');
    expect(plan.descriptionHtml).not.toContain(COA_URL_PLACEHOLDER);
  });

  it("keeps the words but drops the link when there is no https URL to give", () => {
    const report = flowerReport();
    report.verificationUrl = "http://lab.example/insecure";
    const plan = planLabReportPublish(report, written);
    expect(plan.descriptionHtml).not.toContain("<a");
    expect(plan.descriptionHtml).toContain("View the full Certificate of Analysis");
  });
});
