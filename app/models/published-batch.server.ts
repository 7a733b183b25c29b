import type { Db } from "~/db.server";
import { labReportSchema, type LabReport } from "~/pipeline/lab-report";
import { readJson } from "./json-column.server";

/**
 * Batches as shoppers may see them: only reports this shop published (a queued, failed or never
 * approved report is invisible), only while the shop has the app installed, always scoped to the
 * shop the request was signed for. When several published reports share a batch (a re-upload,
 * one COA per variant), the latest publication wins.
 */
export type PublishedBatch = {
  id: string;
  batch: string;
  productTitle: string | null;
  fileName: string;
  publishedAt: Date;
  report: LabReport;
};

function publishedWhere(shop: string, key: string) {
  return {
    shop,
    batchKey: key,
    publishedAt: { not: null },
    report: { not: null },
    owner: { uninstalledAt: null },
  };
}

export async function findPublishedBatch(
  db: Db,
  shop: string,
  key: string,
): Promise<PublishedBatch | null> {
  const row = await db.labReport.findFirst({
    where: publishedWhere(shop, key),
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      batch: true,
      productTitle: true,
      fileName: true,
      publishedAt: true,
      report: true,
    },
  });
  if (!row || !row.publishedAt || !row.batch) return null;
  const report = readJson<LabReport | null>(row.report, labReportSchema, null);
  if (!report) return null;
  return { ...row, batch: row.batch, publishedAt: row.publishedAt, report };
}

/** The COA PDF of the batch's latest publication, with the name it was uploaded under. */
export async function findPublishedBatchFile(
  db: Db,
  shop: string,
  key: string,
): Promise<{ fileName: string; bytes: Uint8Array } | null> {
  const row = await db.labReport.findFirst({
    where: publishedWhere(shop, key),
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    select: { fileName: true, file: { select: { bytes: true } } },
  });
  if (!row?.file) return null;
  return { fileName: row.fileName, bytes: new Uint8Array(row.file.bytes) };
}

export type BatchLabel = {
  id: string;
  batch: string;
  productTitle: string | null;
  published: boolean;
};

/** A report's batch for its QR code (null: none printed); null when the report is not this shop's. */
export async function findReportBatch(
  db: Db,
  shop: string,
  id: string,
): Promise<(Omit<BatchLabel, "batch"> & { batch: string | null }) | null> {
  const row = await db.labReport.findFirst({
    where: { id, shop },
    select: { id: true, batch: true, productTitle: true, publishedAt: true },
  });
  if (!row) return null;
  return {
    id: row.id,
    batch: row.batch,
    productTitle: row.productTitle,
    published: row.publishedAt !== null,
  };
}

/**
 * Published batches for a label sheet, newest first, one per batch: the chosen reports (`ids`), or
 * the latest `take` when none are chosen.
 */
export async function listBatchLabels(
  db: Db,
  shop: string,
  { ids, take = 96 }: { ids?: string[]; take?: number } = {},
): Promise<BatchLabel[]> {
  const rows = await db.labReport.findMany({
    where: {
      shop,
      batch: { not: null },
      publishedAt: { not: null },
      ...(ids && ids.length > 0 ? { id: { in: ids } } : {}),
    },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    select: { id: true, batch: true, batchKey: true, productTitle: true },
    take: take * 2,
  });
  const seen = new Set<string>();
  const labels: BatchLabel[] = [];
  for (const row of rows) {
    if (!row.batch || !row.batchKey || seen.has(row.batchKey)) continue;
    seen.add(row.batchKey);
    labels.push({ id: row.id, batch: row.batch, productTitle: row.productTitle, published: true });
    if (labels.length === take) break;
  }
  return labels;
}
