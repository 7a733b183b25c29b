import type { LabReport } from "./lab-report";
import { storefrontText, summarizeLabReport } from "./publish-plan";
import { formatMeasure } from "./report-figures";
import { batchKey } from "./batch-key";

/**
 * A published lab report as a batch record: the `$app:lab_report` metaobject entry declared in
 * shopify.app.toml, and how a product's or variant's references move when a new batch is published
 * (the new one becomes current, the previous current joins the history, nothing is dropped).
 * Framework-free: the Shopify integration turns this into metaobjectUpsert and metafieldsSet.
 */

export const LAB_REPORT_TYPE = "$app:lab_report";
/** The reference metafields, declared on products and variants (namespace `$app`). */
export const LAB_REPORT_REFERENCE = { namespace: "$app", key: "lab_report" } as const;
export const LAB_REPORT_HISTORY = { namespace: "$app", key: "lab_report_history" } as const;

/** Field key → the metafield type declared for it in shopify.app.toml. */
export const LAB_REPORT_FIELDS = {
  batch: "single_line_text_field",
  product_name: "single_line_text_field",
  lab_name: "single_line_text_field",
  lab_license: "single_line_text_field",
  test_date: "date",
  issued_date: "date",
  void_after: "date",
  verdict: "single_line_text_field",
  total_thc: "single_line_text_field",
  total_cbd: "single_line_text_field",
  summary: "json",
  coa_file: "file_reference",
  verification_url: "url",
  lookup_url: "url",
} as const;
export type LabReportFieldKey = keyof typeof LAB_REPORT_FIELDS;

/** Shopify keeps at most 128 references in a list metafield (shopify.dev, "List types" limits). */
export const HISTORY_MAX = 128;

export type LabReportEntry = {
  handle: string;
  fields: { key: LabReportFieldKey; value: string }[];
};

export type LabReportEntryInput = {
  report: LabReport;
  /** The batch as printed; required: an entry is a batch. */
  batch: string;
  coaFileId?: string | null;
  lookupUrl?: string | null;
  voidAfter?: string | null;
};

/**
 * A metaobject handle from the batch: lower-case letters, digits and dashes (Shopify's handle
 * rule), so a re-upload of the same batch updates its entry instead of adding a second one.
 */
export function labReportHandle(batch: string): string {
  const key = batchKey(batch) ?? "";
  const slug = key
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `batch-${slug || "unnamed"}`;
}

function isoDate(value: string | null | undefined): string | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

function httpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * The entry's fields; a value the report lacks is left out (Shopify clears an omitted field). The
 * entry is public (storefront `public_read`): strings from the PDF go out as plain text, as the
 * product's metafields do.
 */
export function planLabReportEntry(input: LabReportEntryInput): LabReportEntry {
  const { report } = input;
  const candidates: [LabReportFieldKey, string | null | undefined][] = [
    ["batch", storefrontText(input.batch)],
    ["product_name", storefrontText(report.sample.productName)],
    ["lab_name", storefrontText(report.lab.name)],
    ["lab_license", storefrontText(report.lab.license)],
    ["test_date", isoDate(report.sample.dateTested)],
    ["issued_date", isoDate(report.sample.dateIssued)],
    ["void_after", isoDate(input.voidAfter)],
    ["verdict", report.safety.overall],
    ["total_thc", formatMeasure(report.totals.thc)],
    ["total_cbd", formatMeasure(report.totals.cbd)],
    ["summary", JSON.stringify(summarizeLabReport(report))],
    ["coa_file", input.coaFileId],
    ["verification_url", httpUrl(report.verificationUrl)],
    ["lookup_url", httpUrl(input.lookupUrl)],
  ];
  return {
    handle: labReportHandle(input.batch),
    fields: candidates
      .filter((c): c is [LabReportFieldKey, string] => typeof c[1] === "string" && c[1] !== "")
      .map(([key, value]) => ({ key, value })),
  };
}

export type References = { current: string | null; history: string[] };
export type OwnerReferences = { ownerId: string } & References;

/** A product's references and its variants' (what publishing reads before it writes). */
export type LabReportOwners = {
  id: string;
  references: References;
  variants: ({ id: string } & References)[];
};

/**
 * The references after publishing `entryId`: it becomes current; the previous current (if another
 * batch) goes to the front of the history; the history never loses an entry except the oldest past
 * Shopify's list limit, and never lists the current one.
 */
export function nextReferences(before: References, entryId: string): References {
  const history = [before.current, ...before.history].filter(
    (id, i, all): id is string => id !== null && id !== entryId && all.indexOf(id) === i,
  );
  return { current: entryId, history: history.slice(0, HISTORY_MAX) };
}

/**
 * Who points at a newly published entry, and how. A variant's reference is the report for that
 * variant: the chosen variants get it as current. The product's reference is its latest report: a
 * whole-product report always takes it; a variant's report takes it only while the product has no
 * whole-product report of its own (its current one is empty or came from a variant), so a theme
 * without JavaScript still shows the newest batch. Owners whose references would not change are
 * left out.
 */
export function referencesAfterPublish(
  before: LabReportOwners,
  variantIds: readonly string[],
  entryId: string,
): OwnerReferences[] {
  const chosen = before.variants.filter((v) => variantIds.includes(v.id));
  const variantBatches = new Set(before.variants.flatMap((v) => [v.current, ...v.history]));
  const productCurrent = before.references.current;
  const productFollows =
    variantIds.length === 0 || productCurrent === null || variantBatches.has(productCurrent);
  const owners: OwnerReferences[] = [];
  if (productFollows) {
    owners.push({ ownerId: before.id, ...nextReferences(before.references, entryId) });
  }
  for (const v of chosen) {
    owners.push({
      ownerId: v.id,
      ...nextReferences({ current: v.current, history: v.history }, entryId),
    });
  }
  return owners.filter((o) => {
    const was =
      o.ownerId === before.id ? before.references : chosen.find((v) => v.id === o.ownerId);
    return !was || was.current !== o.current || was.history.join() !== o.history.join();
  });
}
