import { z } from "zod";
import { labReportSchema, type LabReport } from "~/pipeline/lab-report";
import { sanitizeDescriptionHtml } from "~/pipeline/sanitize-description-html";
import type { Db } from "~/models/database.server";
import {
  findPreviousProductDescription,
  latestWrittenDescription,
} from "~/models/description.server";
import {
  countLabReports,
  getLabReport,
  labReportStatusSchema,
  listLabReportRows,
  type LabReportListRow,
  type LabReportStatus,
} from "~/models/lab-report.server";
import { latestSubscription } from "~/models/subscription.server";

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
}

function toListItem(row: LabReportListRow): LabReportListItem {
  return {
    ...row,
    status: labReportStatusSchema.catch("failed").parse(row.status),
    createdAt: row.createdAt.toISOString(),
  };
}

export const REPORTS_PAGE_SIZE = 20;

/** The shop's reports, newest first, one page at a time (pages count from 1). */
export async function listLabReportPage(
  db: Db,
  shop: string,
  page: number,
  pageSize = REPORTS_PAGE_SIZE,
): Promise<{ reports: LabReportListItem[]; page: number; hasNext: boolean; hasPrevious: boolean }> {
  // One extra row tells whether there is a next page without a count query.
  const rows = await listLabReportRows(db, shop, {
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
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
  pageCount: number | null;
  errorMessage: string | null;
  report: LabReport | null;
  warnings: string[];
  uncertainFields: string[];
  /** The newest version written by the model, the template or the merchant. */
  description: DescriptionView | null;
  /** True when the product's description from before publishing was kept and can be restored. */
  canRestorePrevious: boolean;
  /** The pipeline is moving (or about to, after an approval): the page keeps polling. */
  live: boolean;
  timings: { label: string; at: string }[];
}

export async function loadLabReport(
  db: Db,
  shop: string,
  id: string,
): Promise<LabReportView | null> {
  const row = await getLabReport(db, shop, id);
  if (!row) return null;
  const [latest, previous] = await Promise.all([
    latestWrittenDescription(db, shop, id),
    findPreviousProductDescription(db, shop, id),
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

  return {
    ...toListItem(row),
    productId: row.productId,
    pageCount: row.pageCount,
    errorMessage: row.errorMessage,
    report: parseJson(labReportSchema.nullable(), row.report, null),
    warnings: parseJson(stringArray, row.warnings, []),
    uncertainFields: parseJson(stringArray, row.uncertainFields, []),
    description: latest && {
      id: latest.id,
      version: latest.version,
      // Stored copy is sanitised when written; again here because the page renders it as HTML.
      html: sanitizeDescriptionHtml(latest.html),
      seoTitle: latest.seoTitle,
      seoDescription: latest.seoDescription,
      source: latest.source,
      publishedAt: latest.publishedAt?.toISOString() ?? null,
    },
    canRestorePrevious: previous !== null && row.status === "published",
    live: isLive(row),
    timings,
  };
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

export interface HomeView {
  plan: { name: string; status: string | null; trialEndsAt: string | null };
  counts: { total: number; awaitingApproval: number; failed: number };
  latest: LabReportListItem[];
}

export async function loadHome(db: Db, shop: string): Promise<HomeView> {
  const [subscription, counts, latest] = await Promise.all([
    latestSubscription(db, shop),
    countLabReports(db, shop),
    listLabReportRows(db, shop, { skip: 0, take: 5 }),
  ]);
  return {
    plan: subscription
      ? {
          name: subscription.tier,
          status: subscription.status,
          trialEndsAt: subscription.trialEndsAt?.toISOString() ?? null,
        }
      : { name: "Free", status: null, trialEndsAt: null },
    counts,
    latest: latest.map(toListItem),
  };
}
