import { z } from "zod";
import { labReportSchema, type LabReport } from "~/pipeline/lab-report";
import { sanitizeDescriptionHtml } from "~/pipeline/sanitize-description-html";
import { COA_URL_PLACEHOLDER } from "~/pipeline/compliance-guard";
import { formatMeasure } from "~/pipeline/report-figures";
import { reviewHolds, type ReviewHold } from "~/pipeline/review-holds";
import type { ReviewItem } from "~/pipeline/review-items";
import { reviewList } from "~/pipeline/review-list";
import { COA_LINK_EDITING_HREF } from "~/components/rich-text-html";
import { REPORT_TABS, type ReportTab } from "~/components/lab-report-status";
import type { Db } from "~/models/database.server";
import {
  findPreviousProductDescription,
  latestWrittenDescription,
} from "~/models/description.server";
import {
  getLabReport,
  isStaleQueued,
  labReportStatusSchema,
  type LabReportStatus,
} from "~/models/lab-report.server";
import {
  listLabReportRows,
  type LabReportListRow,
  type LabReportSort,
} from "~/models/lab-report-list.server";
import { readVariantIds } from "~/models/lab-report-product.server";
import { listPageImagePages } from "~/models/lab-report-page-image.server";
import { readSummary } from "~/models/report-summary.server";

/**
 * What the merchant pages show, read from the database and always scoped by shop: a report of
 * another shop reads as null, exactly like one that does not exist.
 */

const stringArray = z.array(z.string());

function parseJson<T>(schema: z.ZodType<T>, text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export interface LabReportListItem {
  id: string;
  productTitle: string | null;
  fileName: string;
  status: LabReportStatus;
  createdAt: string;
  /** From the extracted report, for the list's columns; null until extracted. */
  totalThc: string | null;
  lab: string | null;
  batch: string | null;
}

// The list's columns come from the report's stored summary (report-summary.server.ts): a part that
// does not fit shows a blank, the rest still shows.
function toListItem(row: LabReportListRow): LabReportListItem {
  const summary = readSummary(row);
  return {
    id: row.id,
    productTitle: row.productTitle,
    fileName: row.fileName,
    status: labReportStatusSchema.catch("failed").parse(row.status),
    createdAt: row.createdAt.toISOString(),
    totalThc: summary.thc ? formatMeasure(summary.thc) : null,
    lab: summary.lab,
    batch: summary.batch,
  };
}

export const REPORTS_PAGE_SIZE = 20;

export interface ListQuery {
  page?: number;
  pageSize?: number;
  tab?: ReportTab;
  /** Matches the product, the file name, and the lab's name and batch. */
  search?: string;
  sort?: LabReportSort;
}

/** The shop's reports, one page at a time (pages count from 1), by tab, search and sort. */
export async function listLabReportPage(
  db: Db,
  shop: string,
  {
    page = 1,
    pageSize = REPORTS_PAGE_SIZE,
    tab = "all",
    search = "",
    sort = "newest",
  }: ListQuery = {},
): Promise<{ reports: LabReportListItem[]; page: number; hasNext: boolean; hasPrevious: boolean }> {
  const statuses = REPORT_TABS[tab];
  // One extra row tells whether there is a next page without a count query.
  const rows = await listLabReportRows(db, shop, {
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
    ...(statuses ? { statuses } : {}),
    search,
    sort,
  });
  return {
    reports: rows.slice(0, pageSize).map(toListItem),
    page,
    hasNext: rows.length > pageSize,
    hasPrevious: page > 1,
  };
}

export interface DescriptionView {
  id: string;
  version: number;
  html: string;
  seoTitle: string;
  seoDescription: string;
  source: string;
  publishedAt: string | null;
}

export interface LabReportView extends LabReportListItem {
  productId: string | null;
  /** The product's variants the report is for; empty: the whole product. */
  variantIds: string[];
  /** Why the report waits for the merchant; empty once it no longer waits. */
  holds: ReviewHold[];
  /** The product in the admin and on the storefront, once published. */
  links: { admin: string | null; storefront: string | null };
  publishedAt: string | null;
  pageCount: number | null;
  errorMessage: string | null;
  report: LabReport | null;
  warnings: string[];
  uncertainFields: string[];
  /** Values to check against the page, resolved ones included (they show who decided and when). */
  reviewItems: ReviewItem[];
  /** Pages kept as pictures (app.lab-reports.$id.pages.$page serves them). */
  pageImages: number[];
  /** The newest version written by the model, the template or the merchant. */
  description: DescriptionView | null;
  /** True when the product as it was before publishing was kept and can be restored. */
  canRestorePrevious: boolean;
  /** The pipeline is moving (or about to, after an approval): the page keeps polling. */
  live: boolean;
  /** Queued so long that its run most likely never started: the merchant may retry it. */
  stale: boolean;
  timings: { label: string; at: string }[];
}

export async function loadLabReport(
  db: Db,
  shop: string,
  id: string,
): Promise<LabReportView | null> {
  const row = await getLabReport(db, shop, id);
  if (!row) return null;
  const [latest, previous, pageImages] = await Promise.all([
    latestWrittenDescription(db, shop, id),
    findPreviousProductDescription(db, shop, id),
    listPageImagePages(db, shop, id),
  ]);
  const stamps: [string, Date | null][] = [
    ["Queued", row.queuedAt],
    ["Extraction started", row.extractStartedAt],
    ["Extracted", row.extractedAt],
    ["Description written", row.writtenAt],
    ["Approved", row.approvedAt],
    ["Published", row.publishedAt],
    ["Failed", row.failedAt],
  ];
  const timings = stamps.flatMap(([label, at]) => (at ? [{ label, at: at.toISOString() }] : []));

  const report = parseJson(labReportSchema.nullable(), row.report, null);
  const warnings = parseJson(stringArray, row.warnings, []);
  const uncertainFields = parseJson(stringArray, row.uncertainFields, []);
  const published = row.status === "published";
  return {
    ...toListItem(row),
    productId: row.productId,
    variantIds: readVariantIds(row.variantIds),
    holds:
      report && row.status === "awaiting-approval"
        ? reviewHolds({ report, productTitle: row.productTitle, warnings, uncertainFields })
        : [],
    links: {
      admin: published ? productAdminUrl(row.productId) : null,
      storefront:
        published && row.productHandle
          ? `https://${shop}/products/${encodeURIComponent(row.productHandle)}`
          : null,
    },
    publishedAt: row.publishedAt?.toISOString() ?? null,
    pageCount: row.pageCount,
    errorMessage: row.errorMessage,
    report,
    warnings,
    uncertainFields,
    reviewItems: report ? reviewList(report, uncertainFields) : [],
    pageImages,
    description: latest && {
      id: latest.id,
      version: latest.version,
      // Stored copy is sanitised when written; again here because the page renders it as HTML.
      html: descriptionForEditing(latest.html),
      seoTitle: latest.seoTitle,
      seoDescription: latest.seoDescription,
      source: latest.source,
      publishedAt: latest.publishedAt?.toISOString() ?? null,
    },
    // After a publish that failed part way too: the product may hold some of the new lab data.
    canRestorePrevious:
      previous !== null && (row.status === "published" || row.status === "failed"),
    live: isLive(row),
    stale: isStaleQueued(row, new Date()),
    timings,
  };
}

/** `shopify://admin/…` opens the admin's own page from inside the embedded app (App Bridge). */
function productAdminUrl(productId: string | null): string | null {
  const id = /^gid:\/\/shopify\/Product\/(\d+)$/.exec(productId ?? "")?.[1];
  return id ? `shopify://admin/products/${id}` : null;
}

/**
 * The description as the editor shows it: sanitised, with the COA link's placeholder address (the
 * file's address is only known when publishing) swapped for an in-page marker the merchant never
 * has to read. `descriptionFromEditing` swaps it back.
 */
export function descriptionForEditing(html: string): string {
  return sanitizeDescriptionHtml(html).replaceAll(
    `href="${COA_URL_PLACEHOLDER}"`,
    `href="${COA_LINK_EDITING_HREF}"`,
  );
}

export function descriptionFromEditing(html: string): string {
  return sanitizeDescriptionHtml(
    html.replaceAll(`href="${COA_LINK_EDITING_HREF}"`, `href="${COA_URL_PLACEHOLDER}"`),
  );
}

const MOVING: ReadonlySet<string> = new Set(["queued", "extracting", "writing", "publishing"]);

function isLive(row: { status: string; approvedAt: Date | null; writtenAt: Date | null }): boolean {
  if (MOVING.has(row.status)) return true;
  // Approved but the run has not picked the approval up yet.
  return (
    row.status === "awaiting-approval" &&
    row.approvedAt !== null &&
    (row.writtenAt === null || row.approvedAt >= row.writtenAt)
  );
}
