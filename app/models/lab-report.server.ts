import type { LabReport as LabReportRow, PrismaClient } from "@prisma/client";
import { z } from "zod";
import type { Db } from "~/db.server";
import { batchKey, printedBatch } from "~/pipeline/batch-key";
import { labReportSchema, type LabReport } from "~/pipeline/lab-report";
import { summaryOf } from "./report-summary.server";

export const labReportStatuses = [
  "queued",
  "extracting",
  "writing",
  "awaiting-approval",
  "publishing",
  "published",
  "failed",
] as const;
export const labReportStatusSchema = z.enum(labReportStatuses);
export type LabReportStatus = z.infer<typeof labReportStatusSchema>;

// Which status may follow which. A step that finds the report elsewhere (a duplicate Inngest run,
// a merchant acting twice) gets `invalid-transition` instead of overwriting newer state.
const allowedFrom: Record<LabReportStatus, readonly LabReportStatus[]> = {
  // Retry of a failed report; queued again: a stale queued report sent again (re-stamps queuedAt).
  queued: ["failed", "queued"],
  // From failed: a retried report's run may start before the retry's own move to queued lands.
  extracting: ["queued", "failed"],
  writing: ["extracting", "awaiting-approval", "published"], // first write, rewrite
  "awaiting-approval": ["writing"],
  publishing: ["writing", "awaiting-approval", "published"], // auto-publish, approve, republish
  published: ["publishing"],
  failed: ["queued", "extracting", "writing", "awaiting-approval", "publishing"],
};

export type NewLabReport = {
  shop: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  pageCount?: number | null;
  productId?: string | null;
  productTitle?: string | null;
  productHandle?: string | null;
  bytes: Uint8Array;
};

/** Creates the report and stores its PDF in one statement (a nested write is one transaction). */
export function createLabReport(
  db: Db,
  input: NewLabReport,
  now = new Date(),
): Promise<LabReportRow> {
  const { shop, bytes, ...fields } = input;
  return db.labReport.create({
    data: {
      ...fields,
      status: "queued",
      queuedAt: now,
      // The shop row normally exists since install; creating it keeps an upload from failing on a
      // foreign key if the afterAuth hook lost a race.
      owner: { connectOrCreate: { where: { domain: shop }, create: { domain: shop } } },
      file: { create: { bytes: Uint8Array.from(bytes) } },
    },
  });
}

/** Writes the bytes of a report's stored file (created with the report). */
export async function storeLabReportFile(
  db: Db,
  shop: string,
  reportId: string,
  bytes: Uint8Array,
): Promise<void> {
  const { count } = await db.labReportFile.updateMany({
    where: { shop, reportId },
    data: { bytes: Uint8Array.from(bytes) },
  });
  if (count !== 1) throw new Error(`no stored file for report ${reportId}`);
}

/** The report, or null when it does not exist or belongs to another shop. */
export function getLabReport(db: Db, shop: string, id: string): Promise<LabReportRow | null> {
  return db.labReport.findFirst({ where: { id, shop } });
}

export async function getLabReportFile(
  db: Db,
  shop: string,
  id: string,
): Promise<Uint8Array | null> {
  const row = await db.labReportFile.findFirst({ where: { reportId: id, shop } });
  // Empty: the upload's bytes were never stored (createLabReportWithinAllowance); as good as none.
  return row && row.bytes.length > 0 ? new Uint8Array(row.bytes) : null;
}

export type TransitionResult =
  | { ok: true }
  | { ok: false; reason: "not-found" | "invalid-transition"; status?: LabReportStatus };

export type TransitionDetails = { errorCode?: string; errorMessage?: string };

/** The time each status stamps; writtenAt and approvedAt are stamped by the writes that cause them. */
function timestampsFor(to: LabReportStatus, now: Date) {
  switch (to) {
    case "queued":
      return { queuedAt: now, errorCode: null, errorMessage: null, failedAt: null };
    case "extracting":
      // A new attempt clears the previous attempt's failure.
      return { extractStartedAt: now, errorCode: null, errorMessage: null, failedAt: null };
    case "writing":
    case "awaiting-approval":
    case "publishing":
      return {};
    case "published":
      return { publishedAt: now, errorCode: null, errorMessage: null };
    case "failed":
      return { failedAt: now };
  }
}

/**
 * Moves a report to `to` if its current status allows it, stamping the matching time. The check
 * and the write are one conditional UPDATE, so two concurrent moves cannot both succeed. This is the
 * only writer of a report's status: a late retry cannot move a published report back to failed.
 */
export async function moveLabReport(
  db: Db,
  shop: string,
  id: string,
  to: LabReportStatus,
  details: TransitionDetails = {},
  now = new Date(),
): Promise<TransitionResult> {
  const current = await db.labReport.findFirst({ where: { id, shop }, select: { status: true } });
  if (!current) return { ok: false, reason: "not-found" };
  const status = labReportStatusSchema.catch("failed").parse(current.status);
  const from = allowedFrom[to];
  if (!from.includes(status)) return { ok: false, reason: "invalid-transition", status };
  const { count } = await db.labReport.updateMany({
    where: { id, shop, status },
    data: {
      status: to,
      ...timestampsFor(to, now),
      ...(to === "failed"
        ? { errorCode: details.errorCode ?? "unknown", errorMessage: details.errorMessage ?? null }
        : {}),
    },
  });
  // Another writer moved it between our read and our update.
  if (count === 0) return { ok: false, reason: "invalid-transition" };
  return { ok: true };
}

/**
 * A report still queued this long after it was queued has most likely lost its event (the process
 * stopped between storing the report and sending the event): the sweeper sends it again, and the
 * merchant may retry it.
 */
export const QUEUED_STALE_AFTER_MS = 15 * 60_000;

/** True when a report is queued and no run has taken it up for QUEUED_STALE_AFTER_MS. */
export function isStaleQueued(row: { status: string; queuedAt: Date }, now: Date): boolean {
  return row.status === "queued" && now.getTime() - row.queuedAt.getTime() >= QUEUED_STALE_AFTER_MS;
}

/** Queued reports of every shop queued before `queuedBefore`, oldest first (the (status, queuedAt) index). */
export function listStaleQueuedReports(
  db: Db,
  queuedBefore: Date,
  take: number,
): Promise<{ id: string; shop: string; queuedAt: Date }[]> {
  return db.labReport.findMany({
    where: { status: "queued", queuedAt: { lt: queuedBefore } },
    orderBy: [{ queuedAt: "asc" }, { id: "asc" }],
    take,
    select: { id: true, shop: true, queuedAt: true },
  });
}

/**
 * Stamps a stale queued report as queued now, if it is still queued and still stale: the guarded
 * queued → queued move, conditional on the queuedAt the sweeper read, so of two sweepers (or a
 * sweeper and a merchant's Retry) only one re-queues it.
 */
export async function requeueStaleLabReport(
  db: Db,
  report: { shop: string; id: string; queuedAt: Date },
  now: Date,
): Promise<boolean> {
  const { count } = await db.labReport.updateMany({
    where: { shop: report.shop, id: report.id, status: "queued", queuedAt: report.queuedAt },
    data: { queuedAt: now },
  });
  return count === 1;
}

export type ExtractedReport = {
  report: LabReport;
  uncertainFields?: string[];
  warnings?: string[];
  pageCount?: number;
};

export async function storeExtractedReport(
  db: Db,
  shop: string,
  id: string,
  extracted: ExtractedReport,
  now = new Date(),
): Promise<boolean> {
  const report = labReportSchema.parse(extracted.report);
  const { count } = await db.labReport.updateMany({
    where: { id, shop },
    data: {
      report: JSON.stringify(report),
      summary: JSON.stringify(summaryOf(report)),
      batch: printedBatch(report.sample.batch),
      batchKey: batchKey(report.sample.batch),
      uncertainFields: JSON.stringify(extracted.uncertainFields ?? []),
      warnings: JSON.stringify(extracted.warnings ?? []),
      ...(extracted.pageCount !== undefined ? { pageCount: extracted.pageCount } : {}),
      extractedAt: now,
    },
  });
  return count === 1;
}

/**
 * Stores the report with a value the merchant checked against the page, while it waits for
 * approval, only if the stored report is still `expected` (the JSON it was read as): two decisions
 * made at once cannot overwrite each other's. False when the report moved on or changed meanwhile.
 */
export async function storeReviewedReport(
  db: Db,
  shop: string,
  id: string,
  change: { expected: string; report: LabReport; uncertainFields: string[] },
): Promise<boolean> {
  const report = labReportSchema.parse(change.report);
  const { count } = await db.labReport.updateMany({
    where: { id, shop, status: "awaiting-approval", report: change.expected },
    data: {
      report: JSON.stringify(report),
      summary: JSON.stringify(summaryOf(report)),
      batch: printedBatch(report.sample.batch),
      batchKey: batchKey(report.sample.batch),
      uncertainFields: JSON.stringify(change.uncertainFields),
    },
  });
  return count === 1;
}

/** What the pipeline's steps need to know of a report. */
export interface ReportRecord {
  id: string;
  shop: string;
  status: LabReportStatus;
  productId: string | null;
  productTitle: string | null;
  fileName: string;
  /** The variants the report is for; empty: the whole product. */
  variantIds: string[];
  /** The COA's file in Shopify Files, once an attempt to publish created it. */
  coaFileId: string | null;
}

export async function findReportRecord(
  db: Db,
  shop: string,
  id: string,
): Promise<ReportRecord | null> {
  const row = await db.labReport.findFirst({
    where: { shop, id },
    select: {
      id: true,
      shop: true,
      status: true,
      productId: true,
      productTitle: true,
      fileName: true,
      variantIds: true,
      coaFileId: true,
    },
  });
  if (!row) return null;
  return {
    ...row,
    status: labReportStatusSchema.parse(row.status),
    // Written by the app only; a value that does not parse is a bug, not "the whole product".
    variantIds: stringArray.parse(JSON.parse(row.variantIds)),
  };
}

export interface StoredExtraction {
  report: LabReport;
  /** Codes such as "hemp-thc-over-limit", "total-thc-computed". */
  warnings: string[];
  /** Dotted paths of fields extraction was unsure of, e.g. "totals.thc". */
  uncertainFields: string[];
}

const stringArray = z.array(z.string());

/** The stored extraction; null when none is stored yet. A row that no longer parses throws. */
export async function readStoredExtraction(
  db: Db,
  shop: string,
  id: string,
): Promise<StoredExtraction | null> {
  const row = await db.labReport.findFirst({
    where: { shop, id },
    select: { report: true, warnings: true, uncertainFields: true },
  });
  if (!row?.report) return null;
  return {
    report: labReportSchema.parse(JSON.parse(row.report)),
    warnings: stringArray.parse(JSON.parse(row.warnings)),
    uncertainFields: stringArray.parse(JSON.parse(row.uncertainFields)),
  };
}

/** Moves the report from publishing to published and stamps the description it published, together. */
export async function markLabReportPublished(
  db: PrismaClient,
  shop: string,
  reportId: string,
  descriptionId: string,
  now: Date,
): Promise<TransitionResult> {
  return db.$transaction(async (tx) => {
    const moved = await moveLabReport(tx, shop, reportId, "published", {}, now);
    if (moved.ok) {
      await tx.description.updateMany({
        where: { shop, reportId, id: descriptionId },
        data: { publishedAt: now },
      });
    }
    return moved;
  });
}

/** When a description was last written for the report (shown among its timings). */
export async function stampLabReportWritten(
  db: Db,
  shop: string,
  id: string,
  now: Date,
): Promise<void> {
  await db.labReport.updateMany({ where: { shop, id }, data: { writtenAt: now } });
}

/** When the merchant approved a description (the run picks the approval up afterwards). */
export async function stampLabReportApproved(
  db: Db,
  shop: string,
  id: string,
  now: Date,
): Promise<void> {
  await db.labReport.updateMany({ where: { shop, id }, data: { approvedAt: now } });
}

/** An earlier upload of the same file by this shop, if any (same SHA-256), newest first. */
export function findLabReportBySha256(
  db: Db,
  shop: string,
  sha256: string,
): Promise<LabReportRow | null> {
  return db.labReport.findFirst({ where: { shop, sha256 }, orderBy: { createdAt: "desc" } });
}
