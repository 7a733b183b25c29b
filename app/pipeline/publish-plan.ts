import { safetyPanels, safetyVerdict } from "./verdicts";
import { formatAmount, inOneUnit } from "./report-figures";
import { concentrationBasis } from "./report-basis";
import { z } from "zod";
import type { Description } from "./description";
import type { LabReport, Measure } from "./lab-report";
import { sanitizeDescriptionHtml } from "./sanitize-description-html";
import { cleanPdfString } from "./claim-text";
import { COA_URL_PLACEHOLDER } from "./compliance-guard";
import { analyteDisplayName, panelDisplayName } from "./display-names";
import { formatMeasure } from "./report-figures";

/**
 * What publishing a lab report changes on a Shopify product: the description and SEO fields, and the
 * app-owned metafields the theme app extension (extensions/lab-results) reads. Framework-free: the
 * Shopify integration turns this plan into Admin API calls.
 */

/**
 * App-reserved namespace: Shopify resolves "$app:lab_results" to "app--<api client id>--lab_results",
 * which only this app can write (shopify.dev, "Ownership": reserved prefixes). Liquid reads it as
 * product.metafields["$app:lab_results"].
 */
export const LAB_RESULTS_NAMESPACE = "$app:lab_results";

/** The description fields publishing needs; the writer's full result has more. */
export type PublishableDescription = Pick<
  Description,
  "descriptionHtml" | "seoTitle" | "seoDescription"
>;

export const METAFIELD_TYPES = [
  "json",
  "single_line_text_field",
  "date",
  "url",
  "file_reference",
] as const;
export type MetafieldType = (typeof METAFIELD_TYPES)[number];

export type MetafieldDefinitionSpec = {
  key: LabResultsKey;
  type: MetafieldType;
  name: string;
  description: string;
  /** Shopify definition validations, e.g. { name: "choices", value: '["pass","fail"]' }. */
  validations: { name: string; value: string }[];
};

export const LAB_RESULTS_KEYS = [
  "summary",
  "total_thc",
  "total_cbd",
  "batch",
  "lab_name",
  "test_date",
  "verdict",
  "verification_url",
  "coa_file",
] as const;
export type LabResultsKey = (typeof LAB_RESULTS_KEYS)[number];

export const VERDICTS = ["pass", "fail", "not-tested", "tested"] as const;

/**
 * Totals are text, not number_decimal: labs print them in different units (%, mg/g, mg/unit) and as
 * qualifiers (ND, <LOQ) that a decimal cannot hold; the JSON summary keeps the number and unit apart.
 */
export const LAB_RESULTS_DEFINITIONS: readonly MetafieldDefinitionSpec[] = [
  def("summary", "json", "Lab results summary", "The lab report as the storefront shows it."),
  def("total_thc", "single_line_text_field", "Total THC", "As printed on the COA, with unit."),
  def("total_cbd", "single_line_text_field", "Total CBD", "As printed on the COA, with unit."),
  def("batch", "single_line_text_field", "Batch", "Batch or lot number on the COA."),
  def("lab_name", "single_line_text_field", "Testing lab", "The lab that issued the COA."),
  def("test_date", "date", "Test date", "The date the sample was tested."),
  def("verdict", "single_line_text_field", "Safety verdict", "Overall safety testing result.", [
    { name: "choices", value: JSON.stringify(VERDICTS) },
  ]),
  def("verification_url", "url", "COA verification link", "The lab's own page for this COA."),
  def("coa_file", "file_reference", "COA file", "The Certificate of Analysis PDF."),
];

function def(
  key: LabResultsKey,
  type: MetafieldType,
  name: string,
  description: string,
  validations: { name: string; value: string }[] = [],
): MetafieldDefinitionSpec {
  return { key, type, name, description, validations };
}

export type PlannedMetafield = { key: LabResultsKey; type: MetafieldType; value: string };

export type PublishPlan = {
  descriptionHtml: string;
  seo: { title: string; description: string };
  /** Metafields to set (values present in the report). */
  metafields: PlannedMetafield[];
  /** Keys whose value the report does not have: remove them so a stale value is not shown. */
  metafieldsToRemove: LabResultsKey[];
};

/** Shopify limits: SEO title 70 and description 320 characters are what search engines show. */
const SEO_TITLE_MAX = 70;
const SEO_DESCRIPTION_MAX = 320;

export function planLabReportPublish(
  report: LabReport,
  description: PublishableDescription,
  /**
   * `coaUrl`: where shoppers read the COA (the uploaded file's URL, else the lab's verification page).
   * The writer's allowlist sanitiser runs unless another is passed in; it runs again here, last.
   */
  deps: { sanitize?: (html: string) => string; coaUrl?: string | null } = {},
): PublishPlan {
  const sanitize = deps.sanitize ?? sanitizeDescriptionHtml;
  const coaUrl = httpsUrl(deps.coaUrl ?? null) ?? httpsUrl(report.verificationUrl);
  const candidates: [LabResultsKey, MetafieldType, string | null][] = [
    ["summary", "json", JSON.stringify(summarizeLabReport(report))],
    ["total_thc", "single_line_text_field", formatMeasure(report.totals.thc)],
    ["total_cbd", "single_line_text_field", formatMeasure(report.totals.cbd)],
    ["batch", "single_line_text_field", storefrontText(report.sample.batch)],
    ["lab_name", "single_line_text_field", storefrontText(report.lab.name)],
    ["test_date", "date", isoDate(report.sample.dateTested)],
    ["verdict", "single_line_text_field", safetyVerdict(report)],
    ["verification_url", "url", httpUrl(report.verificationUrl)],
  ];
  const metafields: PlannedMetafield[] = [];
  const metafieldsToRemove: LabResultsKey[] = [];
  for (const [key, type, value] of candidates) {
    if (value === null) metafieldsToRemove.push(key);
    else metafields.push({ key, type, value });
  }
  return {
    descriptionHtml: sanitize(linkCoa(description.descriptionHtml, coaUrl)),
    seo: {
      title: plainText(description.seoTitle, SEO_TITLE_MAX),
      description: plainText(description.seoDescription, SEO_DESCRIPTION_MAX),
    },
    metafields,
    metafieldsToRemove,
  };
}

/** The metafield that points the storefront at the COA PDF in Shopify Files. */
export function coaFileMetafield(fileId: string): PlannedMetafield {
  return { key: "coa_file", type: "file_reference", value: fileId };
}

const summaryMeasureSchema = z.object({
  value: z.number().nullable(),
  unit: z.string(),
  qualifier: z.string().nullable(),
  computed: z.boolean(),
  display: z.string(),
});

const summaryAmountSchema = summaryMeasureSchema.extend({ label: z.string() });

/**
 * The JSON the storefront block reads: only what it shows, with display strings ready for Liquid.
 * Version 2 adds `perUnit` (amounts per serving, unit or package, each under its own heading) and
 * gives `verdict` and `panels` as verdicts.ts rules them (no potency panel, no R&D "pass").
 */
export const labResultsSummarySchema = z.object({
  version: z.literal(2),
  lab: z.object({ name: z.string().nullable(), license: z.string().nullable() }),
  sample: z.object({
    productName: z.string().nullable(),
    strain: z.string().nullable(),
    batch: z.string().nullable(),
    dateTested: z.string().nullable(),
  }),
  basis: z.string().nullable(),
  totals: z.object({
    thc: summaryMeasureSchema.nullable(),
    cbd: summaryMeasureSchema.nullable(),
    cannabinoids: summaryMeasureSchema.nullable(),
    terpenes: summaryMeasureSchema.nullable(),
  }),
  cannabinoids: z.array(
    summaryMeasureSchema.extend({ label: z.string(), printedLabel: z.string() }),
  ),
  terpenes: z.array(summaryMeasureSchema.extend({ label: z.string(), printedLabel: z.string() })),
  perUnit: z.array(
    z.object({
      basis: z.string(),
      heading: z.string(),
      servingSize: z.string().nullable(),
      amounts: z.array(summaryAmountSchema),
    }),
  ),
  verdict: z.string().nullable(),
  panels: z.array(z.object({ panel: z.string(), label: z.string(), status: z.string() })),
  verificationUrl: z.string().nullable(),
});
export type LabResultsSummary = z.infer<typeof labResultsSummarySchema>;

/** Terpenes beyond the strongest few are noise on a product page. */
const MAX_TERPENES = 10;

export function summarizeLabReport(report: LabReport): LabResultsSummary {
  const summarizeMeasure = (m: Measure) => ({
    value: m.value,
    unit: m.unit,
    qualifier: m.qualifier,
    computed: m.source === "computed",
    display: formatMeasure(m) ?? "",
  });
  const analyte = (a: LabReport["cannabinoids"][number]) => ({
    label: analyteDisplayName(a.analyte, storefrontText(a.label) ?? ""),
    printedLabel: storefrontText(a.label) ?? "",
    ...summarizeMeasure(a),
  });
  const terpenes = inOneUnit(report.terpenes)
    .filter((t) => t.value !== null && t.value > 0)
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
    .slice(0, MAX_TERPENES);
  return {
    version: 2,
    lab: { name: storefrontText(report.lab.name), license: storefrontText(report.lab.license) },
    sample: {
      productName: storefrontText(report.sample.productName),
      strain: storefrontText(report.sample.strain),
      batch: storefrontText(report.sample.batch),
      dateTested: isoDate(report.sample.dateTested),
    },
    // The lookup page says what the concentrations are: not "per serving" beside an mg/g table.
    basis: concentrationBasis(report),
    totals: {
      thc: report.totals.thc && summarizeMeasure(report.totals.thc),
      cbd: report.totals.cbd && summarizeMeasure(report.totals.cbd),
      cannabinoids: report.totals.cannabinoids && summarizeMeasure(report.totals.cannabinoids),
      terpenes: report.totals.terpenes && summarizeMeasure(report.totals.terpenes),
    },
    cannabinoids: inOneUnit(report.cannabinoids).map(analyte),
    terpenes: terpenes.map(analyte),
    perUnit: (report.perUnit?.amounts ?? []).map((a) => ({
      basis: a.basis,
      heading: `Per ${a.basis}`,
      servingSize:
        a.basis === "serving" ? storefrontText(report.perUnit?.servingSize ?? null) : null,
      amounts: [
        ...(
          [
            ["Total THC", "THC", a.totals.thc],
            ["Total CBD", "CBD", a.totals.cbd],
            ["Total cannabinoids", "cannabinoids", a.totals.cannabinoids],
          ] as const
        ).flatMap(([label, of, m]) => (m ? [{ label, ...summarizeAmount(m, a.basis, of) }] : [])),
        ...a.cannabinoids
          .filter((c) => c.value !== null && c.value > 0)
          .map((c) => ({ label: analyte(c).label, ...summarizeAmount(c, a.basis) })),
      ],
    })),
    verdict: safetyVerdict(report),
    panels: safetyPanels(report).map((p) => ({
      panel: p.panel,
      label: panelDisplayName(p.panel),
      status: p.status,
    })),
    verificationUrl: httpUrl(report.verificationUrl),
  };
}

/** An amount with its basis spelled out: "9.56 mg THC per serving" (`value` keeps every printed digit). */
function summarizeAmount(m: Measure, basis: string, of?: string) {
  return {
    value: m.value,
    unit: m.unit,
    qualifier: m.qualifier,
    computed: m.source === "computed",
    display: formatAmount(m, basis, of),
  };
}

/**
 * Metafields are readable by any theme and headless client, not only by our escaping block, so a
 * string copied from a PDF goes out as plain text: no markup (a `<script>` block loses its body
 * too), no angle brackets, no invisible characters, bounded.
 */
export function storefrontText(value: string | null, max = 200): string | null {
  if (!value) return null;
  const text = cleanPdfString(
    value
      .replace(/<(script|style)\b[^>]*>[\s\S]*?(<\/\1\s*>|$)/gi, " ")
      .replace(/<[^>]*>?/g, " ")
      .replace(/[<>]/g, " "),
    max,
  );
  return text === "" ? null : text;
}

/** A `date` metafield accepts YYYY-MM-DD only; anything else is left out rather than guessed. */
function isoDate(value: string | null): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? null : value;
}

/**
 * The writer links the COA through a placeholder (it cannot know the file's URL). Publishing puts the
 * real URL in, or — with no https URL to give — removes the link and keeps its text, so a shopper
 * never sees a dead link.
 */
export function linkCoa(html: string, coaUrl: string | null): string {
  const escaped = COA_URL_PLACEHOLDER.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const link = new RegExp(`<a\\s+href="${escaped}"\\s*>([\\s\\S]*?)</a>`, "g");
  return coaUrl
    ? html.replaceAll(`href="${COA_URL_PLACEHOLDER}"`, `href="${escapeAttribute(coaUrl)}"`)
    : html.replace(link, "$1");
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

function httpsUrl(value: string | null): string | null {
  const url = httpUrl(value);
  return url?.startsWith("https://") ? url : null;
}

/** A `url` metafield accepts http(s) only; a javascript: or garbled link never reaches the storefront. */
function httpUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

function plainText(value: string, max: number): string {
  // SEO fields are plain text (Shopify escapes them when rendering): drop any tag, keep the words.
  const text = value
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
