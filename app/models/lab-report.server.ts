import type { LabReport as LabReportRow } from "@prisma/client";
import { z } from "zod";
import type { Db } from "~/db.server";
import { labReportSchema, type LabReport } from "~/pipeline/lab-report";
import { readJson, readStringList } from "./json-column.server";

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
  queued: ["failed"], // retry
  extracting: ["queued"],
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
  return row ? new Uint8Array(row.bytes) : null;
}

/** An earlier upload of the same file by this shop, if any (same sha256). */
export function findLabReportBySha256(
  db: Db,
  shop: string,
  sha256: string,
): Promise<LabReportRow | null> {
  return db.labReport.findFirst({ where: { shop, sha256 }, orderBy: { createdAt: "desc" } });
}

export type LabReportPage = { items: LabReportRow[]; nextCursor: string | null };

/** Newest first. `cursor` is the `nextCursor` of the previous page. */
export async function listLabReports(
  db: Db,
  shop: string,
  {
    take = 20,
    cursor,
    status,
  }: { take?: number; cursor?: string | null; status?: LabReportStatus } = {},
): Promise<LabReportPage> {
  const rows = await db.labReport.findMany({
    where: { shop, ...(status ? { status } : {}) },
    // id breaks ties between reports created in the same millisecond, so pages never overlap.
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(cursor ? { cursor: { shop_id: { shop, id: cursor } }, skip: 1 } : {}),
  });
  const items = rows.slice(0, take);
  return { items, nextCursor: rows.length > take ? (items.at(-1)?.id ?? null) : null };
}

export type TransitionResult =
  | { ok: true }
  | { ok: false; reason: "not-found" | "invalid-transition"; status?: LabReportStatus };

export type TransitionDetails = { errorCode?: string; errorMessage?: string };

function timestampsFor(from: readonly LabReportStatus[], to: LabReportStatus, now: Date) {
  switch (to) {
    case "queued":
      return { queuedAt: now, errorCode: null, errorMessage: null, failedAt: null };
    case "extracting":
      return { extractStartedAt: now };
    case "writing":
      return {};
    case "awaiting-approval":
      return { writtenAt: now };
    case "publishing":
      // From writing: auto-publish (written now). From awaiting-approval: the merchant approved.
      return from.includes("awaiting-approval") ? { approvedAt: now } : { writtenAt: now };
    case "published":
      return { publishedAt: now };
    case "failed":
      return { failedAt: now };
  }
}

/**
 * Moves a report to `to` if its current status allows it, stamping the matching time. The check
 * and the write are one conditional UPDATE, so two concurrent moves cannot both succeed.
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
      ...timestampsFor([status], to, now),
      ...(to === "failed"
        ? { errorCode: details.errorCode ?? "unknown", errorMessage: details.errorMessage ?? null }
        : {}),
    },
  });
  // Another writer moved it between our read and our update.
  if (count === 0) return { ok: false, reason: "invalid-transition" };
  return { ok: true };
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
  const { count } = await db.labReport.updateMany({
    where: { id, shop },
    data: {
      report: JSON.stringify(labReportSchema.parse(extracted.report)),
      uncertainFields: JSON.stringify(extracted.uncertainFields ?? []),
      warnings: JSON.stringify(extracted.warnings ?? []),
      ...(extracted.pageCount !== undefined ? { pageCount: extracted.pageCount } : {}),
      extractedAt: now,
    },
  });
  return count === 1;
}

/** The stored extraction, validated; null when none is stored or it no longer fits the schema. */
export function readExtractedReport(
  row: Pick<LabReportRow, "report" | "uncertainFields" | "warnings">,
) {
  return {
    report: readJson<LabReport | null>(row.report, labReportSchema, null),
    uncertainFields: readStringList(row.uncertainFields),
    warnings: readStringList(row.warnings),
  };
}
