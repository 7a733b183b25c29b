import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { labReportSchema, type LabReport } from "~/pipeline/lab-report";
import { sanitizeDescriptionHtml } from "~/pipeline/sanitize-description-html";
import { LAB_REPORT_STATUSES, type LabReportStatus } from "~/inngest/process-lab-report-ports";

/**
 * What the merchant pages show, read from the database and always scoped by shop: a report of
 * another shop reads as null, exactly like one that does not exist.
 */

const stringArray = z.array(z.string());
const statusSchema = z.enum(LAB_REPORT_STATUSES);

function parseJson<T>(schema: z.ZodType<T>, text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export interface LabReportSummary {
  id: string;
  productTitle: string | null;
  fileName: string;
  status: LabReportStatus;
  createdAt: string;
}

const summarySelect = {
  id: true,
  productTitle: true,
  fileName: true,
  status: true,
  createdAt: true,
} as const;

function toSummary(row: {
  id: string;
  productTitle: string | null;
  fileName: string;
  status: string;
  createdAt: Date;
}): LabReportSummary {
  return {
    ...row,
    status: statusSchema.catch("failed").parse(row.status),
    createdAt: row.createdAt.toISOString(),
  };
}

export const REPORTS_PAGE_SIZE = 20;

/** The shop's reports, newest first, one page at a time (pages count from 1). */
export async function listLabReports(
  db: PrismaClient,
  shop: string,
  page: number,
  pageSize = REPORTS_PAGE_SIZE,
): Promise<{ reports: LabReportSummary[]; page: number; hasNext: boolean; hasPrevious: boolean }> {
  const rows = await db.labReport.findMany({
    where: { shop },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    // One extra row tells whether there is a next page without a count query.
    take: pageSize + 1,
    select: summarySelect,
  });
  return {
    reports: rows.slice(0, pageSize).map(toSummary),
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

export interface LabReportView extends LabReportSummary {
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
  db: PrismaClient,
  shop: string,
  id: string,
): Promise<LabReportView | null> {
  const row = await db.labReport.findFirst({ where: { shop, id } });
  if (!row) return null;
  const [latest, previous] = await Promise.all([
    db.description.findFirst({
      where: { shop, reportId: id, source: { not: "previous-product" } },
      orderBy: { version: "desc" },
    }),
    db.description.findFirst({
      where: { shop, reportId: id, source: "previous-product" },
      select: { id: true },
    }),
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
    ...toSummary(row),
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
  latest: LabReportSummary[];
}

export async function loadHome(db: PrismaClient, shop: string): Promise<HomeView> {
  const [subscription, total, awaitingApproval, failed, latest] = await Promise.all([
    db.subscription.findFirst({
      where: { shop, status: { in: ["ACTIVE", "PENDING", "FROZEN"] } },
      orderBy: { createdAt: "desc" },
    }),
    db.labReport.count({ where: { shop } }),
    db.labReport.count({ where: { shop, status: "awaiting-approval" } }),
    db.labReport.count({ where: { shop, status: "failed" } }),
    db.labReport.findMany({
      where: { shop },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 5,
      select: summarySelect,
    }),
  ]);
  return {
    plan: subscription
      ? {
          name: subscription.tier,
          status: subscription.status,
          trialEndsAt: subscription.trialEndsAt?.toISOString() ?? null,
        }
      : { name: "Free", status: null, trialEndsAt: null },
    counts: { total, awaitingApproval, failed },
    latest: latest.map(toSummary),
  };
}
