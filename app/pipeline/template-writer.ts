import {
  COA_URL_PLACEHOLDER,
  panelLabel,
  potencyMeasures,
  SEO_DESCRIPTION_MAX,
  SEO_TITLE_MAX,
  type GuardedCopy,
} from "./compliance-guard";
import type { Analyte, LabReport, Measure } from "./lab-report";
import type { ProductCategory, ProductKind } from "./product-category";
import {
  amountFigure,
  formatForCopy,
  formatReportDate,
  inOneUnit,
  reportFigures,
} from "./report-figures";
import { concentrationBasis } from "./report-basis";
import { escapeHtml, toPlainText } from "./sanitize-description-html";
import {
  categoryNote,
  closingSentence,
  headings,
  introSentence,
  kindAndNoun,
} from "./template-phrases";
import { analyteLabel, safeText } from "./untrusted-text";
import { isComplianceReport, NOT_COMPLIANCE_TEXT, safetyPanels } from "./verdicts";
import type { WriterSettings } from "./writer-settings";

/** Bumped whenever the built-in writer's output changes shape; stored as the description's promptVersion. */
export const TEMPLATE_WRITER_VERSION = "template-3";

export interface TemplateInput {
  report: LabReport;
  productTitle: string;
  category: ProductCategory;
  kind: ProductKind;
  settings: WriterSettings;
  disclosures: string[];
}

/**
 * The built-in writer: deterministic copy from the report alone. Every concentration is printed as
 * the report holds it, every amount per serving, unit or package as the report page and the
 * storefront show it (three significant figures, formatForCopy); every text that came from the PDF is escaped, and names that carry a
 * claim, a stray figure or markup are left out rather than repeated.
 */
export function writeTemplateDescription(input: TemplateInput): GuardedCopy {
  const { report, category, kind, settings } = input;
  const { length, tone } = settings;
  const name = safeName(input.productTitle, input) ?? safeName(report.sample.productName, input);
  const strainName = safeName(report.sample.strain, input);
  // "Orchard Haze (Orchard Haze)" says nothing twice.
  const strain =
    strainName && !name?.toLowerCase().includes(strainName.toLowerCase()) ? strainName : null;
  const words = headings(tone);
  const html: string[] = [];

  html.push(`<p>${escapeHtml(introSentence(tone, category, { name, kind, strain }))}</p>`);
  if (length !== "short") html.push(`<p>${escapeHtml(categoryNote(category))}</p>`);

  html.push(`<h3>${escapeHtml(words.potency)}</h3>`);
  const concentrations = potencyRows(report, length);
  if (concentrations.length > 0) html.push(potencyTable(concentrations));
  html.push(...perUnitTables(report, length));
  html.push(`<p>${labFacts(report)}</p>`);

  const terpenes = topTerpenes(report, length === "long" ? 10 : length === "standard" ? 5 : 0);
  if (terpenes.length > 0) {
    html.push(`<h3>${escapeHtml(words.terpenes)}</h3>`);
    html.push(
      `<ul>${terpenes.map((t) => `<li>${escapeHtml(measureLine(analyteLabel(t), t))}</li>`).join("")}</ul>`,
    );
  }

  const panels = safetyPanels(report);
  if (panels.length > 0) {
    html.push(`<h3>${escapeHtml(words.safety)}</h3>`);
    if (!isComplianceReport(report)) {
      html.push(`<p>${escapeHtml(NOT_COMPLIANCE_TEXT)}</p>`);
    }
    const items = panels.map(
      (p) => `<li>${escapeHtml(`${panelLabel(p.panel)}: ${STATUS_TEXT[p.status]}`)}</li>`,
    );
    html.push(`<ul>${items.join("")}</ul>`);
  }

  if (length === "long") html.push(`<p>${escapeHtml(closingSentence(tone))}</p>`);
  html.push(coaLinks(report));
  for (const disclosure of input.disclosures)
    html.push(`<p><em>${escapeHtml(disclosure)}</em></p>`);

  const subject = name ?? capitalise(kindAndNoun(kind, category));
  return {
    descriptionHtml: html.join("\n"),
    seoTitle: seoTitle(subject, kind, category),
    seoDescription: seoDescription(subject, report, kind, category),
    highlights: highlights(report),
    disclosures: input.disclosures,
  };
}

const STATUS_TEXT: Record<LabReport["safety"]["panels"][number]["status"], string> = {
  pass: "passed",
  fail: "did not pass",
  "not-tested": "not tested",
  tested: "tested, no pass/fail verdict printed",
};

const BASIS_WORDS = { serving: "serving", unit: "unit", package: "package" } as const;

/**
 * Amounts per serving, unit or package, each basis in a table of its own, headed as such: "9.56 mg"
 * under "Per serving", never among the concentrations nor as a total of the product.
 */
function perUnitTables(report: LabReport, length: WriterSettings["length"]): string[] {
  const out: string[] = [];
  for (const amounts of report.perUnit?.amounts ?? []) {
    const per = BASIS_WORDS[amounts.basis];
    const rows: PotencyRow[] = [];
    const totals: [string, Measure | null][] = [
      ["Total THC", amounts.totals.thc],
      ["Total CBD", amounts.totals.cbd],
      ["Total cannabinoids", amounts.totals.cannabinoids],
    ];
    for (const [label, m] of totals)
      if (m && (m.value !== null || m.qualifier)) rows.push({ label, measure: m });
    if (length !== "short") {
      for (const a of amounts.cannabinoids) {
        if (a.value === null || a.value <= 0) continue;
        rows.push({ label: analyteLabel(a), measure: a });
      }
    }
    if (rows.length === 0) continue;
    const body = rows
      .map((r) => {
        const computed = r.measure.source === "computed" ? " (calculated)" : "";
        return `<tr><td>${escapeHtml(r.label + computed)}</td><td>${escapeHtml(amountText(r.measure))}</td></tr>`;
      })
      .join("");
    const serving =
      amounts.basis === "serving" && report.perUnit?.servingSize
        ? ` (serving size: ${escapeHtml(report.perUnit.servingSize)})`
        : "";
    out.push(`<p><strong>Per ${per}</strong>${serving}</p>`);
    out.push(
      `<table><thead><tr><th>Cannabinoid</th><th>Amount per ${per}</th></tr></thead><tbody>${body}</tbody></table>`,
    );
  }
  return out;
}

/** "6.81 mg" (printed 6.8059), "ND": an amount whose basis the table's heading names. */
export function amountText(m: Measure): string {
  if (m.value === null) return m.qualifier ?? "";
  return `${m.qualifier === ">ULOQ" ? ">" : ""}${amountFigure(m.value)} mg`;
}

interface PotencyRow {
  label: string;
  measure: Measure;
}

function potencyRows(report: LabReport, length: WriterSettings["length"]): PotencyRow[] {
  const rows: PotencyRow[] = potencyMeasures(report).map((p) => ({
    label: capitalise(p.name),
    measure: p.measure,
  }));
  if (report.totals.cannabinoids?.value != null) {
    rows.push({ label: "Total cannabinoids", measure: report.totals.cannabinoids });
  }
  if (length === "short") return rows;
  // Standard shows the main quantified cannabinoids; long shows every one the lab printed.
  const main = ["thca", "d9_thc", "d8_thc", "cbd", "cbda", "cbg", "cbga", "cbn", "cbc", "thcv"];
  const shown = new Set(rows.map((r) => r.measure));
  for (const a of report.cannabinoids) {
    if (shown.has(a)) continue;
    if (length === "standard" && (!main.includes(a.analyte) || a.value === null)) continue;
    if (a.value === null && a.qualifier === null) continue;
    rows.push({ label: analyteLabel(a), measure: a });
  }
  return rows;
}

function potencyTable(rows: PotencyRow[]): string {
  const body = rows
    .map((r) => {
      const computed = r.measure.source === "computed" ? " (calculated)" : "";
      const value = formatForCopy(r.measure) ?? "";
      return `<tr><td>${escapeHtml(r.label + computed)}</td><td>${escapeHtml(value)}</td></tr>`;
    })
    .join("");
  return `<table><thead><tr><th>Cannabinoid</th><th>Result</th></tr></thead><tbody>${body}</tbody></table>`;
}

function labFacts(report: LabReport): string {
  const parts: string[] = [];
  const lab = report.lab.name
    ? `<strong>${escapeHtml(report.lab.name)}</strong>`
    : "an independent lab";
  const license = report.lab.license ? ` (license ${escapeHtml(report.lab.license)})` : "";
  if (report.sample.dateTested) {
    parts.push(
      `Tested by ${lab}${license} on ${escapeHtml(formatReportDate(report.sample.dateTested))}.`,
    );
  } else if (report.sample.dateIssued) {
    parts.push(
      `Tested by ${lab}${license}; report issued ${escapeHtml(formatReportDate(report.sample.dateIssued))}.`,
    );
  } else {
    parts.push(`Tested by ${lab}${license}.`);
  }
  if (report.sample.batch) parts.push(`Batch: ${escapeHtml(report.sample.batch)}.`);
  if (report.sample.sampleId) parts.push(`Sample ID: ${escapeHtml(report.sample.sampleId)}.`);
  // Amounts per serving or unit say so in their own table; the basis sentence is for concentrations.
  const basis = concentrationBasis(report);
  const stated = report.perUnit && (basis === "per-serving" || basis === "per-unit") ? null : basis;
  if (stated) parts.push(`Results are reported ${BASIS_TEXT[stated]}.`);
  return parts.join(" ");
}

const BASIS_TEXT: Record<NonNullable<LabReport["basis"]>, string> = {
  "dry-weight": "on a dry-weight basis",
  "as-received": "as received",
  "per-serving": "per serving",
  "per-unit": "per unit",
};

function coaLinks(report: LabReport): string {
  const coa = `<a href="${COA_URL_PLACEHOLDER}">View the full Certificate of Analysis</a>`;
  const verification = httpsUrl(report.verificationUrl);
  if (!verification) return `<p>${coa}</p>`;
  return `<p>${coa} or <a href="${escapeHtml(verification)}">verify it on the lab's website</a>.</p>`;
}

function topTerpenes(report: LabReport, count: number): Analyte[] {
  if (count === 0) return [];
  return inOneUnit(report.terpenes)
    .filter((t) => t.value !== null && t.value > 0 && t.qualifier !== "ND")
    .sort((a, b) => comparable(b) - comparable(a))
    .slice(0, count);
}

/** Labs mix % and mg/g within one terpene table (1% = 10 mg/g); rank on one scale. */
function comparable(m: Measure): number {
  const unit = m.unit.toLowerCase().replace(/\s+/g, "");
  return unit === "mg/g" ? (m.value ?? 0) / 10 : (m.value ?? 0);
}

function measureLine(label: string, m: Measure): string {
  return `${label}: ${formatForCopy(m) ?? ""}`;
}

/** A plain-text figure: "<LOQ" reads "below LOQ", since plain fields carry no angle brackets. */
function plainMeasure(m: Measure): string {
  const printed = formatForCopy(m) ?? "";
  return printed.replace(/^<LOQ$/, "below LOQ").replace(/^>/, "above ");
}

function highlights(report: LabReport): string[] {
  const list = potencyMeasures(report).map(
    (p) => `${capitalise(p.name)} ${plainMeasure(p.measure)}`,
  );
  const terpene = topTerpenes(report, 1)[0];
  if (terpene) list.push(`Top terpene: ${analyteLabel(terpene)} ${plainMeasure(terpene)}`);
  const passed = safetyPanels(report)
    .filter((p) => p.status === "pass")
    .map((p) => panelLabel(p.panel));
  if (passed.length > 0 && isComplianceReport(report))
    list.push(`Passed: ${passed.join(", ").toLowerCase()}`);
  if (report.lab.name) list.push(`Tested by ${toPlainText(report.lab.name)}`);
  const id = report.sample.batch ?? report.sample.sampleId;
  if (id) list.push(`${report.sample.batch ? "Batch" : "Sample"} ${toPlainText(id)}`);
  return list;
}

function seoTitle(subject: string, kind: ProductKind, category: ProductCategory): string {
  const full = `${subject} | Lab-tested ${kindAndNoun(kind, category)}`;
  return clip(toPlainText(full.length <= SEO_TITLE_MAX ? full : subject), SEO_TITLE_MAX);
}

function seoDescription(
  subject: string,
  report: LabReport,
  kind: ProductKind,
  category: ProductCategory,
): string {
  const parts = [`${subject}: ${kindAndNoun(kind, category)}`];
  if (report.lab.name) parts[0] += ` tested by ${report.lab.name.replace(/\.$/, "")}`;
  const potency = potencyMeasures(report).map((p) => `${p.name} ${plainMeasure(p.measure)}`);
  const sentences = [`${parts[0]}.`];
  if (potency.length > 0) sentences.push(`${capitalise(potency.join(", "))}.`);
  if (report.sample.batch) sentences.push(`Batch ${report.sample.batch}.`);
  sentences.push("See the full Certificate of Analysis.");
  return clip(toPlainText(sentences.join(" ")), SEO_DESCRIPTION_MAX);
}

/** Cuts at a word boundary, so a figure is never cut into a different figure. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > 0 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A name from the product or the PDF, if it is safe to repeat (see untrusted-text.ts). */
function safeName(value: string | null, input: TemplateInput): string | null {
  return safeText(value, {
    maxLength: 80,
    forbiddenPhrases: input.settings.forbiddenPhrases,
    // The product title may carry the merchant's own figures (the guard exempts it); other names may not.
    ...(value === input.productTitle ? {} : { reportFigures: reportFigures(input.report) }),
  });
}

function httpsUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
