import type { Description, DescriptionWarning } from "./description";
import { perUnitBasisOf, type LabReport, type Measure } from "./lab-report";
import { dateForms, findFigures, isReportFigure, reportFigures } from "./report-figures";
import { readableText } from "./claim-text";
import { htmlToText, sanitizeDescriptionHtml } from "./sanitize-description-html";
import type { WriterSettings } from "./writer-settings";
import { panelDisplayName } from "./display-names";
import { safetyPanels } from "./verdicts";

/**
 * The compliance guard: every description, whoever wrote it (built-in writer, model, merchant),
 * is checked here before it may be stored as publishable. Violations are values, not exceptions.
 */

/**
 * Where the COA link points until publishing has uploaded the PDF to Shopify Files: an https URL
 * (so it survives the https-only sanitiser, here and again before publishing) on the reserved
 * `.invalid` domain (RFC 2606), so a link the publisher forgot to replace can never reach a real
 * site. The publisher swaps this exact string for the file's URL.
 */
export const COA_URL_PLACEHOLDER = "https://coa-link.invalid/pending";

/** California asks hemp products to carry an FDA statement; the CA region adds it to every product. */
export const CALIFORNIA_FDA_STATEMENT =
  "The FDA has not evaluated this product for safety or efficacy.";

export const SEO_TITLE_MAX = 70;
export const SEO_DESCRIPTION_MAX = 320;

/** Disease, health and legal claims no description may make (DESIGN.md, issue 4). */
export const BANNED_CLAIMS: { claim: string; pattern: RegExp }[] = [
  { claim: "treats", pattern: /\btreat(s|ed|ing|ments?)?\b/i },
  // "cured" stays allowed: cured flower is a drying process, not a health claim.
  { claim: "cures", pattern: /\b(cures?|curative)\b/i },
  { claim: "prevents", pattern: /\bprevent(s|ed|ing|ion|ive)?\b/i },
  { claim: "relieves", pattern: /\b(reliev(e|es|ed|ing)|relief)\b/i },
  { claim: "heals", pattern: /\bheal(s|ed|ing|er)?\b/i },
  { claim: "diagnoses", pattern: /\bdiagnos(e|es|ed|is|ing)\b/i },
  { claim: "anxiety", pattern: /\banxi(ety|eties|ous)\b/i },
  { claim: "pain", pattern: /\bpain(s|ful|killers?)?\b/i },
  { claim: "sleep aid", pattern: /\b(sleep[- ]aids?|insomnia)\b/i },
  { claim: "inflammation", pattern: /\b(inflammation|(anti-?)?inflammatory)\b/i },
  { claim: "seizures", pattern: /\b(seizures?|epilep(sy|tic))\b/i },
  {
    claim: "disease",
    pattern: /\b(diseases?|cancer|depression|arthritis|nausea|ptsd|migraines?)\b/i,
  },
  {
    claim: "disease",
    pattern:
      /\b(glaucoma|diabet(es|ic)|alzheimer'?s?|parkinson'?s?|dementia|multiple sclerosis|crohn'?s|fibromyalgia|asthma|adhd|autism|covid(-19)?|tumou?rs?|neuropath(y|ic)|ailments?|illness(es)?|disorders?)\b/i,
  },
  { claim: "soothes", pattern: /\bsooth(e|es|ed|ing)\b/i },
  { claim: "alleviates", pattern: /\balleviat(e|es|ed|ing|ion)\b/i },
  { claim: "aches", pattern: /\b(aches?|aching|sore(ness)?|cramps?)\b/i },
  { claim: "remedy", pattern: /\b(remed(y|ies|ial)|cure-?alls?|panaceas?)\b/i },
  { claim: "symptoms", pattern: /\bsymptoms?\b/i },
  {
    // "Chronic" alone is also a strain name and slang for flower; a chronic condition is a claim.
    claim: "chronic conditions",
    pattern: /\bchronic (aches?|pain|conditions?|illness(es)?|diseases?|fatigue|stress)\b/i,
  },
  {
    claim: "health benefits",
    pattern:
      /\b(health|medical|medicinal|wellness) (benefits?|properties|uses?)\b|\btherap(eutic|y|ies)\b/i,
  },
  { claim: "FDA approved", pattern: /\bfda[- ]approved\b/i },
  { claim: "federally legal", pattern: /\bfederally[- ](legal|compliant)\b/i },
  {
    claim: "legal in all 50 states",
    pattern: /\blegal in all (50|fifty) states\b|\blegal nationwide\b/i,
  },
  { claim: "clinically proven", pattern: /\bclinically[- ](proven|tested|studied)\b/i },
];

export type ViolationRule =
  | "figure-not-in-report"
  | "banned-claim"
  | "forbidden-phrase"
  | "missing-required"
  | "html-not-clean"
  | "markup-in-plain-text"
  | "seo-too-long"
  | "impossible-figure";

export interface Violation {
  rule: ViolationRule;
  /** Which field, e.g. "descriptionHtml", "seoTitle", "highlights[2]". */
  field: string;
  detail: string;
}

export type GuardResult = { ok: true } | { ok: false; violations: Violation[] };

export type GuardedCopy = Pick<
  Description,
  "descriptionHtml" | "seoTitle" | "seoDescription" | "highlights" | "disclosures"
>;

export interface GuardContext {
  report: LabReport;
  settings: WriterSettings;
  /** The merchant's own product title: figures inside it ("30mg Gummies") are the merchant's words. */
  productTitle: string;
}

export function checkDescription(copy: GuardedCopy, context: GuardContext): GuardResult {
  const violations: Violation[] = [];
  const add = (rule: ViolationRule, field: string, detail: string) =>
    violations.push({ rule, field, detail });

  const fields: [string, string][] = [
    ["descriptionHtml", htmlToText(copy.descriptionHtml)],
    ["seoTitle", copy.seoTitle],
    ["seoDescription", copy.seoDescription],
    ...copy.highlights.map((h, i): [string, string] => [`highlights[${i}]`, h]),
    ...copy.disclosures.map((d, i): [string, string] => [`disclosures[${i}]`, d]),
  ];

  const figures = reportFigures(context.report);
  const forbidden = context.settings.forbiddenPhrases.map((phrase) => ({
    phrase,
    pattern: phrasePattern(phrase),
  }));
  for (const [field, text] of fields) {
    // Whatever the report holds, no copy states a share over 100 % or over 1,000 mg/g: a value
    // the extraction gate should have withheld is refused here again.
    for (const figure of findFigures(text)) {
      if (isImpossibleFigure(figure)) {
        add("impossible-figure", field, `"${figure.raw}" is more than any product can contain`);
      }
    }
    for (const figure of findFigures(withoutTitle(text, context.productTitle))) {
      if (isImpossibleFigure(figure)) continue;
      if (!isReportFigure(figure, figures)) {
        add("figure-not-in-report", field, `"${figure.raw}" is not a value of the lab report`);
      }
    }
    // Claims are looked for in the text as a reader sees it: invisible splitters and look-alike
    // letters do not hide a word from a shopper, so they do not hide it from the guard.
    const readable = readableText(text);
    for (const { claim, pattern } of BANNED_CLAIMS) {
      const match = pattern.exec(readable);
      if (match) add("banned-claim", field, `"${match[0]}" makes a ${claim} claim`);
    }
    for (const { phrase, pattern } of forbidden) {
      if (pattern.test(readable)) add("forbidden-phrase", field, `the shop forbids "${phrase}"`);
    }
    if (field !== "descriptionHtml" && /[<>]/.test(text)) {
      add("markup-in-plain-text", field, "plain-text fields may not contain < or >");
    }
  }

  if (sanitizeDescriptionHtml(copy.descriptionHtml) !== copy.descriptionHtml) {
    add(
      "html-not-clean",
      "descriptionHtml",
      "the HTML holds tags or attributes outside the allowlist",
    );
  }
  if (copy.seoTitle.length > SEO_TITLE_MAX) {
    add("seo-too-long", "seoTitle", `longer than ${SEO_TITLE_MAX} characters`);
  }
  if (copy.seoDescription.length > SEO_DESCRIPTION_MAX) {
    add("seo-too-long", "seoDescription", `longer than ${SEO_DESCRIPTION_MAX} characters`);
  }

  for (const detail of missingRequiredContent(copy, context)) {
    add("missing-required", "descriptionHtml", detail);
  }
  return violations.length === 0 ? { ok: true } : { ok: false, violations };
}

/** What the copy must say that it does not; facts the report itself lacks are not asked for. */
function missingRequiredContent(copy: GuardedCopy, context: GuardContext): string[] {
  const { report, settings } = context;
  const text = htmlToText(copy.descriptionHtml);
  const lower = normalise(text);
  const has = (value: string) => lower.includes(normalise(value));
  const missing: string[] = [];

  if (report.lab.name && !has(report.lab.name)) missing.push(`the lab name "${report.lab.name}"`);
  const ids = [report.sample.batch, report.sample.sampleId].filter((v): v is string => !!v);
  if (ids.length > 0 && !ids.some(has)) missing.push(`the batch or sample id (${ids.join(" / ")})`);
  const date = report.sample.dateTested ?? report.sample.dateIssued;
  if (date && !dateForms(date).some(has)) missing.push(`the test date ${date}`);

  const copyFigures = findFigures(text);
  for (const { name, measure } of potencyMeasures(report)) {
    // A concentration as printed; an amount per serving or unit as people read it ("6.81 mg").
    const rounding = perUnitBasisOf(measure.unit) ? "allowed" : "as-printed";
    const present =
      measure.value !== null
        ? copyFigures.some((f) =>
            isReportFigure(f, [{ value: measure.value ?? 0, unit: unitOf(measure) }], rounding),
          )
        : hasWord(text, measure.qualifier ?? "") ||
          (measure.qualifier === "ND" && has("not detected"));
    if (!present) missing.push(`the ${name} as printed with its unit`);
  }

  const lines = text.split("\n").map(normalise);
  for (const panel of safetyPanels(report)) {
    const label = panelLabel(panel.panel);
    const stem = normalise(label).replace(/s$/, "");
    const status = STATUS_WORDS[panel.status];
    const stated = lines.some(
      (line) => line.includes(stem) && status.some((w) => line.includes(w)),
    );
    if (!stated) missing.push(`the ${label} panel as ${panel.status}`);
  }

  if (!copy.descriptionHtml.includes(`href="${COA_URL_PLACEHOLDER}"`)) {
    missing.push("the link to the Certificate of Analysis");
  }
  if (settings.region === "US-CA" && !has(CALIFORNIA_FDA_STATEMENT)) {
    missing.push("California's FDA statement");
  }
  return missing;
}

const STATUS_WORDS: Record<LabReport["safety"]["panels"][number]["status"], string[]> = {
  pass: ["pass"],
  fail: ["fail", "did not pass"],
  "not-tested": ["not tested"],
  tested: ["tested"],
};

/** The potency the copy must state: printed totals, else the main cannabinoids that were quantified. */
export function potencyMeasures(report: LabReport): { name: string; measure: Measure }[] {
  const totals: { name: string; measure: Measure | null }[] = [
    { name: "total THC", measure: report.totals.thc },
    { name: "total CBD", measure: report.totals.cbd },
  ];
  const present = totals.filter(
    (t): t is { name: string; measure: Measure } => t.measure !== null && isStated(t.measure),
  );
  if (present.length > 0) return present;
  const rows = report.cannabinoids
    .filter((a) => ["thca", "d9_thc", "cbd", "cbda"].includes(a.analyte) && isStated(a))
    .map((a) => ({ name: a.label, measure: a }));
  if (rows.length > 0) return rows;
  // An edible reported only per serving: its amounts, named with their basis ("per serving").
  const amounts = report.perUnit?.amounts[0];
  if (!amounts) return [];
  const per = `per ${amounts.basis}`;
  return [
    { name: `total THC ${per}`, measure: amounts.totals.thc },
    { name: `total CBD ${per}`, measure: amounts.totals.cbd },
  ].filter(
    (t): t is { name: string; measure: Measure } => t.measure !== null && isStated(t.measure),
  );
}

/** A share over 100 %, over 1,000 mg/g (mg/ml), or below zero: no product holds it. */
export function isImpossibleFigure(figure: { value: number; unit: string }): boolean {
  if (figure.value < 0) return true;
  if (figure.unit === "%") return figure.value > 100;
  if (figure.unit === "mg/g" || figure.unit === "mg/ml") return figure.value > 1000;
  return false;
}

function isStated(m: Measure): boolean {
  return m.value !== null || m.qualifier === "ND" || m.qualifier === "<LOQ";
}

/** A panel as copy names it: its display name ("Heavy metals", "Vitamin E acetate"). */
export function panelLabel(panel: string): string {
  return panelDisplayName(panel);
}

/** Facts the report lacks, so no copy can carry them: the merchant must look before publishing. */
export function missingReportFacts(report: LabReport): DescriptionWarning[] {
  const warn = (code: string, message: string) => ({ code, message, blocksAutoPublish: true });
  const warnings: DescriptionWarning[] = [];
  if (!report.lab.name)
    warnings.push(warn("report-missing-lab-name", "The report has no lab name."));
  if (!report.sample.batch && !report.sample.sampleId) {
    warnings.push(warn("report-missing-batch", "The report has no batch or sample id."));
  }
  if (!report.sample.dateTested && !report.sample.dateIssued) {
    warnings.push(warn("report-missing-test-date", "The report has no test date."));
  }
  if (potencyMeasures(report).length === 0) {
    warnings.push(warn("report-missing-potency", "The report has no potency figures."));
  }
  if (report.safety.panels.length === 0) {
    warnings.push(warn("report-missing-safety-panels", "The report lists no safety panels."));
  }
  if (report.safety.panels.some((p) => p.status === "fail") || report.safety.overall === "fail") {
    warnings.push(
      warn("safety-panel-failed", "A safety panel failed: this batch should not be sold."),
    );
  }
  return warnings;
}

function unitOf(m: Measure): string {
  const compact = m.unit.toLowerCase().replace(/\s+/g, "");
  return compact === "percent" ? "%" : compact;
}

function withoutTitle(text: string, title: string): string {
  const trimmed = title.trim();
  if (trimmed === "") return text;
  return text.replace(new RegExp(escapeRegExp(trimmed), "gi"), " ");
}

function phrasePattern(phrase: string): RegExp {
  const body = escapeRegExp(phrase.trim()).replace(/\s+/g, "\\s+");
  const start = /^\w/.test(phrase.trim()) ? "\\b" : "";
  const end = /\w$/.test(phrase.trim()) ? "\\b" : "";
  return new RegExp(`${start}${body}${end}`, "i");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function hasWord(text: string, word: string): boolean {
  if (word === "") return false;
  return new RegExp(`(^|[^\\w])${escapeRegExp(word)}($|[^\\w])`, "i").test(text);
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}
