import { describe, expect, it } from "vitest";
import { checkDescription } from "./compliance-guard";
import { buildDisclosures } from "./disclosures";
import { hempFlags } from "./hemp-flags";
import type { LabReport } from "./lab-report";
import { summarizeLabReport } from "./publish-plan";
import { htmlToText } from "./sanitize-description-html";
import { writeTemplateDescription } from "./template-writer";
import { safetyVerdict } from "./verdicts";
import { writerSettingsSchema } from "./writer-settings";
import { flowerReport, hempGummyReport, measure } from "../../test/writer-test-reports";

function write(report: LabReport, category: "flower" | "edibles" = "flower") {
  const settings = writerSettingsSchema.parse({ length: "standard" });
  const copy = writeTemplateDescription({
    report,
    productTitle: "Orchard Haze",
    category,
    kind: "marijuana",
    settings,
    disclosures: buildDisclosures(report, "marijuana", settings),
  });
  return {
    copy,
    guard: checkDescription(copy, { report, settings, productTitle: "Orchard Haze" }),
  };
}

describe("verdicts that claim no more than the document", () => {
  it("never shows an R&D or QA-only report as passed safety testing, in the block or the copy", () => {
    const report = flowerReport();
    report.warnings.push("not-a-compliance-coa");
    expect(report.safety.overall).toBe("pass");
    expect(safetyVerdict(report)).toBe("tested");
    expect(summarizeLabReport(report).verdict).toBe("tested");
    const { copy, guard } = write(report);
    expect(guard).toEqual({ ok: true });
    expect(htmlToText(copy.descriptionHtml)).toMatch(/not a compliance test/);
    expect(copy.highlights.join(" ")).not.toMatch(/passed/i);
  });

  it("does not count a potency panel ('Cannabinoids: Pass') as safety testing", () => {
    const report = flowerReport();
    report.safety = { overall: "pass", panels: [{ panel: "cannabinoids", status: "pass" }] };
    expect(safetyVerdict(report)).toBeNull();
    expect(summarizeLabReport(report).panels).toEqual([]);
    expect(htmlToText(write(report).copy.descriptionHtml)).not.toMatch(/cannabinoids: passed/i);
  });

  it("words a panel the lab did not judge as tested with no verdict printed", () => {
    const report = flowerReport();
    report.safety = { overall: null, panels: [{ panel: "pesticides", status: "tested" }] };
    expect(safetyVerdict(report)).toBe("tested");
    expect(htmlToText(write(report).copy.descriptionHtml)).toMatch(
      /Pesticides: tested, no pass\/fail verdict printed/,
    );
  });

  it("keeps a failed safety panel a fail whatever the overall line says", () => {
    const report = flowerReport();
    report.safety = {
      overall: "pass",
      panels: [
        { panel: "pesticides", status: "pass" },
        { panel: "microbials", status: "fail" },
      ],
    };
    expect(safetyVerdict(report)).toBe("fail");
  });
});

describe("amounts per serving in the copy and on the storefront", () => {
  it("writes an edible's per-unit amounts under their basis, never as the product's total", () => {
    const report = hempGummyReport();
    const { copy, guard } = write(report, "edibles");
    expect(guard).toEqual({ ok: true });
    const text = htmlToText(copy.descriptionHtml);
    expect(text).toMatch(/Per unit/);
    expect(text).toMatch(/Total THC\s+2\.5 mg/);
    expect(summarizeLabReport(report).perUnit[0]?.amounts[0]).toMatchObject({
      label: "Total THC",
      display: "2.5 mg THC per unit",
    });
    expect(summarizeLabReport(report).totals.thc).toBeNull();
  });

  it("the guard refuses a description stating a share over 100 %, even one the report holds", () => {
    const report = flowerReport();
    report.totals.thc = measure(216.8593);
    const { copy } = write(flowerReport());
    const result = checkDescription(
      { ...copy, seoDescription: "Total THC 216.8593%." },
      { report, settings: writerSettingsSchema.parse({}), productTitle: "Orchard Haze" },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.violations.map((v) => v.rule)).toContain("impossible-figure");
  });
});

describe("hemp THC per container from the per-unit block", () => {
  it("multiplies THC per serving by the servings per package where both are printed", () => {
    const report = hempGummyReport();
    const amounts = report.perUnit!.amounts[0]!;
    amounts.totals.thc = measure(0.1, "mg/unit");
    amounts.cannabinoids = [];
    const flags = hempFlags(report, "hemp", "edibles").map((f) => f.code);
    expect(flags).toContain("hemp-thc-per-container-over-limit");
    const message = hempFlags(report, "hemp", "edibles").find(
      (f) => f.code === "hemp-thc-per-container-over-limit",
    )?.message;
    expect(message).toMatch(/0\.1 mg\/unit × 20 per package = 2 mg/);
  });

  it("raises no container flag when the package's THC is printed and under 0.4 mg", () => {
    const report = hempGummyReport();
    report.perUnit = {
      servingSize: null,
      servingsPerPackage: null,
      amounts: [
        {
          basis: "package",
          totals: { thc: measure(0.3, "mg/package"), cbd: null, cannabinoids: null },
          cannabinoids: [],
        },
      ],
    };
    const flags = hempFlags(report, "hemp", "edibles").map((f) => f.code);
    expect(flags.filter((c) => c.startsWith("hemp-thc-per-container"))).toEqual([]);
  });
});
