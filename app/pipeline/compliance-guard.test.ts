import { describe, expect, it } from "vitest";
import {
  checkDescription,
  COA_URL_PLACEHOLDER,
  CALIFORNIA_FDA_STATEMENT,
  missingReportFacts,
  type GuardedCopy,
  type GuardResult,
} from "./compliance-guard";
import { defaultWriterSettings, type WriterSettings } from "./writer-settings";
import { flowerReport } from "../../test/writer-test-reports";

const GOOD_HTML = [
  "<p>Orchard Haze, lab tested.</p>",
  "<table><tbody><tr><td>Total THC</td><td>22.41%</td></tr><tr><td>Total CBD</td><td>ND</td></tr></tbody></table>",
  "<p>Tested by <strong>Example Analytical Labs</strong> on March 5, 2024. Batch: OH-2024-118.</p>",
  "<ul><li>Pesticides: passed</li><li>Heavy metals: passed</li><li>Microbials: passed</li><li>Mycotoxins: passed</li><li>Residual solvents: not tested</li><li>Water activity: passed</li></ul>",
  `<p><a href="${COA_URL_PLACEHOLDER}">View the full Certificate of Analysis</a></p>`,
].join("\n");

function copy(overrides: Partial<GuardedCopy> = {}): GuardedCopy {
  return {
    descriptionHtml: GOOD_HTML,
    seoTitle: "Orchard Haze | Lab-tested cannabis flower",
    seoDescription: "Orchard Haze, total THC 22.41%, tested by Example Analytical Labs.",
    highlights: ["Total THC 22.41%"],
    disclosures: ["For adults 21 and older."],
    ...overrides,
  };
}

function check(
  c: GuardedCopy,
  settings: Partial<WriterSettings> = {},
  productTitle = "Orchard Haze",
) {
  return checkDescription(c, {
    report: flowerReport(),
    settings: { ...defaultWriterSettings(), ...settings },
    productTitle,
  });
}

function rules(result: GuardResult): string[] {
  return result.ok ? [] : result.violations.map((v) => `${v.rule}: ${v.detail}`);
}

describe("the compliance guard", () => {
  it("passes copy that states the report's facts as printed", () => {
    expect(rules(check(copy()))).toEqual([]);
  });

  it("rejects a figure the report does not hold", () => {
    const result = check(copy({ highlights: ["Total THC 23%", "Up to 30 mg per serving"] }));
    expect(rules(result)).toEqual([
      'figure-not-in-report: "23%" is not a value of the lab report',
      'figure-not-in-report: "30 mg" is not a value of the lab report',
    ]);
  });

  it("accepts a report figure rounded to the precision the copy shows", () => {
    // 22.41 % printed: 22.4 % and 22 % are that figure, rounded as people write it.
    expect(rules(check(copy({ highlights: ["Total THC 22.4%", "about 22%"] })))).toEqual([]);
  });

  it.each([
    ["rounded the wrong way", "22.5%"],
    ["cut instead of rounded", "22.40%"],
    ["rounded to a single significant digit", "0.6%"],
    ["with a digit the report does not print", "22.413%"],
    ["off by a digit", "23.4%"],
  ])("rejects a report figure %s", (_how, figure) => {
    expect(rules(check(copy({ highlights: [`Limonene or THC ${figure}`] })))).toEqual([
      `figure-not-in-report: "${figure}" is not a value of the lab report`,
    ]);
  });

  it("still requires the potency as printed, not rounded", () => {
    const html = GOOD_HTML.replace("22.41%", "22.4%");
    expect(rules(check(copy({ descriptionHtml: html })))).toEqual([
      "missing-required: the total THC as printed with its unit",
    ]);
  });

  it("accepts a report figure written with a trailing zero or its unit spelled out", () => {
    expect(check(copy({ highlights: ["Total THC 22.410%", "THCa 24.7 percent"] })).ok).toBe(true);
  });

  it("does not take a figure in one unit for the same number in another", () => {
    expect(rules(check(copy({ highlights: ["THCa 24.7 mg/g"] })))).toHaveLength(1);
  });

  it("leaves figures inside the merchant's own product title alone", () => {
    const title = "Orchard Haze 3.5g 28% Jar";
    expect(check(copy({ seoTitle: title }), {}, title).ok).toBe(true);
    expect(check(copy({ seoTitle: title }), {}, "Orchard Haze").ok).toBe(false);
  });

  it.each([
    "Treats chronic pain",
    "It cures everything",
    "helps prevent illness",
    "Relieves stress",
    "fast relief",
    "a natural sleep aid",
    "calms anxiety",
    "reduces inflammation",
    "fewer seizures",
    "FDA approved formula",
    "Federally legal hemp",
    "Legal in all 50 states",
    "Clinically proven",
  ])("rejects the claim %j", (claim) => {
    const result = check(copy({ seoDescription: claim }));
    expect(rules(result).some((r) => r.startsWith("banned-claim"))).toBe(true);
  });

  it.each([
    "Soothes chronic aches",
    "A natural remedy for glaucoma",
    "eases the symptoms of arthritis",
    "alleviates discomfort",
    "medicinal properties",
    "therapy in a jar",
  ])("rejects the health claim %j, which names no word of the first list", (claim) => {
    const result = check(copy({ seoDescription: claim }));
    expect(rules(result).some((r) => r.startsWith("banned-claim"))).toBe(true);
  });

  it.each([
    ["a zero-width space", "Cu\u200bres anxiety"],
    ["a soft hyphen", "tre\u00adats pain"],
    ["a word joiner", "he\u2060als"],
    ["Cyrillic look-alike letters", "\u0441ur\u0435s"],
    ["full-width letters", "\uff43\uff55\uff52\uff45\uff53"],
    ["letter spacing", "c u r e s everything"],
    ["dotted letters", "h.e.a.l.s"],
    ["combining marks", "c\u0332u\u0332r\u0332e\u0332s"],
  ])("rejects a banned word hidden by %s", (_how, claim) => {
    const result = check(copy({ highlights: [claim] }));
    expect(rules(result).some((r) => r.startsWith("banned-claim"))).toBe(true);
  });

  it("finds a hidden banned word in the HTML body too", () => {
    const html = GOOD_HTML.replace(
      "<p>Orchard Haze, lab tested.</p>",
      "<p>Orchard Haze, a natural re\u00admedy.</p>",
    );
    expect(
      rules(check(copy({ descriptionHtml: html }))).some((r) => r.startsWith("banned-claim")),
    ).toBe(true);
  });

  it("still allows chronic as a strain word and single letters in ordinary prose", () => {
    const result = check(
      copy({ seoDescription: "Classic chronic, grown in a B & W greenhouse: a rich, dense bud." }),
    );
    expect(rules(result)).toEqual([]);
  });

  it("allows cannabis words that only look like claims, such as cured flower", () => {
    expect(check(copy({ seoDescription: "Slow-cured flower, painstakingly trimmed." })).ok).toBe(
      true,
    );
  });

  it("rejects the shop's own forbidden phrases, whatever their case", () => {
    const result = check(copy({ highlights: ["The Dankest buds"] }), {
      forbiddenPhrases: ["dankest"],
    });
    expect(rules(result)).toEqual(['forbidden-phrase: the shop forbids "dankest"']);
  });

  it("requires the lab, batch, date, potency, every panel's status and the COA link", () => {
    const result = check(copy({ descriptionHtml: "<p>Orchard Haze is lovely.</p>" }));
    const missing = rules(result).filter((r) => r.startsWith("missing-required"));
    expect(missing).toEqual([
      'missing-required: the lab name "Example Analytical Labs"',
      "missing-required: the batch or sample id (OH-2024-118 / EAL-55120)",
      "missing-required: the test date 2024-03-05",
      "missing-required: the total THC as printed with its unit",
      "missing-required: the total CBD as printed with its unit",
      "missing-required: the Pesticides panel as pass",
      "missing-required: the Heavy metals panel as pass",
      "missing-required: the Microbials panel as pass",
      "missing-required: the Mycotoxins panel as pass",
      "missing-required: the Residual solvents panel as not-tested",
      "missing-required: the Water activity panel as pass",
      "missing-required: the link to the Certificate of Analysis",
    ]);
  });

  it("does not accept a not-tested panel described as passed", () => {
    const html = GOOD_HTML.replace("Residual solvents: not tested", "Residual solvents: passed");
    expect(rules(check(copy({ descriptionHtml: html })))).toEqual([
      "missing-required: the Residual solvents panel as not-tested",
    ]);
  });

  it("requires California's FDA statement for a California shop", () => {
    expect(rules(check(copy(), { region: "US-CA" }))).toEqual([
      "missing-required: California's FDA statement",
    ]);
    const html = `${GOOD_HTML}\n<p><em>${CALIFORNIA_FDA_STATEMENT}</em></p>`;
    expect(check(copy({ descriptionHtml: html }), { region: "US-CA" }).ok).toBe(true);
  });

  it("rejects HTML outside the allowlist and markup in plain-text fields", () => {
    const result = check(
      copy({
        descriptionHtml: `${GOOD_HTML}<img src="x">`,
        seoTitle: "Orchard <b>Haze</b>",
      }),
    );
    expect(rules(result)).toEqual([
      "markup-in-plain-text: plain-text fields may not contain < or >",
      "html-not-clean: the HTML holds tags or attributes outside the allowlist",
    ]);
  });

  it("rejects SEO fields longer than search engines show", () => {
    expect(rules(check(copy({ seoTitle: "x".repeat(71) })))).toEqual([
      "seo-too-long: longer than 70 characters",
    ]);
  });
});

describe("facts the report lacks", () => {
  it("are warnings that hold auto-publishing, since no copy can state them", () => {
    const report = flowerReport();
    report.lab.name = null;
    report.sample.batch = null;
    report.sample.sampleId = null;
    report.safety.panels[0] = { panel: "pesticides", status: "fail" };
    const warnings = missingReportFacts(report);
    expect(warnings.map((w) => w.code)).toEqual([
      "report-missing-lab-name",
      "report-missing-batch",
      "safety-panel-failed",
    ]);
    expect(warnings.every((w) => w.blocksAutoPublish)).toBe(true);
  });
});
