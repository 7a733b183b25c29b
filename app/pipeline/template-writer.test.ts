import { describe, expect, it } from "vitest";
import { checkDescription } from "./compliance-guard";
import { buildDisclosures } from "./disclosures";
import type { LabReport } from "./lab-report";
import { PRODUCT_CATEGORIES, type ProductCategory, type ProductKind } from "./product-category";
import { htmlToText } from "./sanitize-description-html";
import { writeTemplateDescription } from "./template-writer";
import { writerSettingsSchema, type WriterSettings } from "./writer-settings";
import { analyte, flowerReport, hempGummyReport, measure } from "../../test/writer-test-reports";

function write(
  report: LabReport,
  options: {
    category?: ProductCategory;
    kind?: ProductKind;
    settings?: Partial<WriterSettings>;
    title?: string;
  } = {},
) {
  const settings = writerSettingsSchema.parse(options.settings ?? {});
  const kind = options.kind ?? "marijuana";
  const productTitle = options.title ?? "Orchard Haze";
  const copy = writeTemplateDescription({
    report,
    productTitle,
    category: options.category ?? "flower",
    kind,
    settings,
    disclosures: buildDisclosures(report, kind, settings),
  });
  return { copy, guard: checkDescription(copy, { report, settings, productTitle }) };
}

describe("the built-in writer", () => {
  const combos = PRODUCT_CATEGORIES.flatMap((category) =>
    (["hemp", "marijuana"] as const).flatMap((kind) =>
      (["friendly", "clinical", "premium"] as const).flatMap((tone) =>
        (["short", "standard", "long"] as const).map((length) => ({
          category,
          kind,
          tone,
          length,
        })),
      ),
    ),
  );

  it("passes the guard for every category, kind, tone and length, in California too", () => {
    for (const { category, kind, tone, length } of combos) {
      for (const report of [flowerReport(), hempGummyReport()]) {
        const { guard } = write(report, {
          category,
          kind,
          settings: { tone, length, region: "US-CA" },
        });
        expect(guard, `${category}/${kind}/${tone}/${length}`).toEqual({ ok: true });
      }
    }
  });

  it("writes different copy for each product category", () => {
    const intros = PRODUCT_CATEGORIES.map((category) =>
      htmlToText(write(flowerReport(), { category }).copy.descriptionHtml)
        .split("\n")
        .slice(0, 2)
        .join(" "),
    );
    expect(new Set(intros).size).toBe(PRODUCT_CATEGORIES.length);
    expect(intros[PRODUCT_CATEGORIES.indexOf("topicals")]).toContain("For external use only.");
  });

  it("says hemp for hemp and cannabis for marijuana", () => {
    const hemp = write(hempGummyReport(), { category: "edibles", kind: "hemp" }).copy;
    const cannabis = write(flowerReport(), { category: "flower", kind: "marijuana" }).copy;
    expect(hemp.descriptionHtml).toContain("hemp-derived edible");
    expect(hemp.disclosures.join(" ")).toContain("Hemp-derived product.");
    expect(cannabis.descriptionHtml).toContain("cannabis flower");
    expect(cannabis.disclosures.join(" ")).toContain("For adults 21 and older.");
    expect(cannabis.descriptionHtml).not.toContain("hemp");
  });

  it("prints potency exactly as the report holds it, ND and <LOQ included", () => {
    const text = htmlToText(
      write(flowerReport(), { settings: { length: "long" } }).copy.descriptionHtml,
    );
    expect(text).toContain("Total THC\t22.41%");
    expect(text).toContain("Total CBD\tND");
    expect(text).toContain("CBG\t<LOQ");
    expect(text).toContain(
      "Tested by Example Analytical Labs (license C8-0000000-LIC) on March 5, 2024.",
    );
    expect(text).toContain("Residual solvents: not tested");
  });

  it("states amounts per unit as the report page shows them, three significant figures", () => {
    const report = hempGummyReport();
    const amounts = report.perUnit?.amounts[0];
    if (!amounts) throw new Error("the gummy report has amounts per unit");
    amounts.totals.thc = measure(6.8059, "mg/unit");
    amounts.cannabinoids[0] = analyte("d9_thc", "Delta-9 THC", 6.8059, "mg/unit");
    const { copy, guard } = write(report, { category: "edibles", settings: { length: "long" } });
    const text = htmlToText(copy.descriptionHtml);
    // The amounts' table, and the potency summary of an edible reported only per unit.
    expect(text).toContain("Total THC\t6.81 mg");
    expect(text).toContain("Total THC per unit\t6.81 mg/unit");
    expect(copy.highlights).toContain("Total THC per unit 6.81 mg/unit");
    expect(`${text} ${copy.seoDescription}`).not.toContain("6.8059");
    expect(guard).toEqual({ ok: true });
  });

  it("marks a total the extraction computed rather than read", () => {
    const report = flowerReport();
    report.totals.thc = { ...measure(22.41), source: "computed" };
    const { copy } = write(report);
    expect(htmlToText(copy.descriptionHtml)).toContain("Total THC (calculated)\t22.41%");
    expect(copy.disclosures.join(" ")).toContain("calculated from the printed THCa");
  });

  it("grows with the length setting: terpenes from standard on, every cannabinoid when long", () => {
    const short = htmlToText(
      write(flowerReport(), { settings: { length: "short" } }).copy.descriptionHtml,
    );
    const standard = htmlToText(
      write(flowerReport(), { settings: { length: "standard" } }).copy.descriptionHtml,
    );
    const long = htmlToText(
      write(flowerReport(), { settings: { length: "long" } }).copy.descriptionHtml,
    );
    expect(short).not.toContain("Limonene");
    expect(standard).toContain("Limonene: 0.61%");
    expect(standard).not.toContain("CBG\t<LOQ");
    expect(long).toContain("CBG\t<LOQ");
    expect(short.length).toBeLessThan(standard.length);
    expect(standard.length).toBeLessThan(long.length);
  });

  it("changes its voice with the tone", () => {
    const headings = (["friendly", "clinical", "premium"] as const).map(
      (tone) =>
        htmlToText(write(flowerReport(), { settings: { tone } }).copy.descriptionHtml).split(
          "\n",
        )[0],
    );
    expect(new Set(headings).size).toBe(3);
  });

  it("is deterministic", () => {
    expect(write(flowerReport()).copy).toEqual(write(flowerReport()).copy);
  });

  it("leaves out a product title that makes a claim, and names from the PDF with stray figures", () => {
    const report = flowerReport();
    report.sample.productName = "Haze 35% THC";
    const { copy, guard } = write(report, { title: "Haze that relieves pain" });
    expect(guard.ok).toBe(true);
    expect(copy.descriptionHtml).not.toContain("relieves");
    expect(copy.descriptionHtml).not.toContain("35%");
  });

  it("links the COA through the placeholder and the lab's https verification page only", () => {
    const report = flowerReport();
    expect(write(report).copy.descriptionHtml).toContain(
      '<a href="https://lab.example/coa/EAL-55120">',
    );
    report.verificationUrl = "http://lab.example/coa";
    expect(write(report).copy.descriptionHtml).not.toContain("lab.example");
  });
});
