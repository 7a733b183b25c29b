import type { Db } from "~/db.server";
import { currentReports, type PublishedReportFacts } from "~/pipeline/coa-coverage";
import { labReportSchema, type LabReport } from "~/pipeline/lab-report";
import { readJson, readStringList } from "./json-column.server";
import { readSummary, withLegacyReports } from "./report-summary.server";

/**
 * A shop's published lab reports as products carry them: which product and variants each was
 * published for, when, and the test date its freshness counts from. Always scoped to one shop.
 */

/** More publications than this in one shop is far beyond any catalog the app serves. */
const MAX_PUBLICATIONS = 20_000;

const publishedWhere = (shop: string) => ({
  shop,
  publishedAt: { not: null },
  productId: { not: null },
});

export type Publication = {
  id: string;
  productId: string;
  productTitle: string | null;
  /** The variants it was published for; empty: the whole product. */
  variantIds: string[];
  batch: string | null;
  publishedAt: Date;
};

/**
 * Every publication of the shop (or of one of its products), oldest first, without the report
 * data (a light read).
 */
export async function listPublications(
  db: Db,
  shop: string,
  { productId }: { productId?: string } = {},
): Promise<Publication[]> {
  const rows = await db.labReport.findMany({
    where: { ...publishedWhere(shop), ...(productId ? { productId } : {}) },
    select: {
      id: true,
      productId: true,
      productTitle: true,
      variantIds: true,
      batch: true,
      publishedAt: true,
    },
    orderBy: [{ publishedAt: "asc" }, { id: "asc" }],
    take: MAX_PUBLICATIONS,
  });
  return rows.map((row) => ({
    id: row.id,
    productId: row.productId as string,
    productTitle: row.productTitle,
    variantIds: readStringList(row.variantIds),
    batch: row.batch,
    publishedAt: row.publishedAt as Date,
  }));
}

/**
 * The reports that are a product's or a variant's current COA, with their test dates. The report
 * JSON (the heavy column) is read only for those, not for every report in the history.
 */
export async function listCurrentReportFacts(
  db: Db,
  shop: string,
): Promise<(PublishedReportFacts & { productTitle: string | null })[]> {
  const publications = await listPublications(db, shop);
  const current = currentReports(publications.map((p) => ({ ...p, dateTested: null })));
  const titles = new Map(publications.map((p) => [p.id, p.productTitle]));
  const summaries = await db.labReport.findMany({
    where: { shop, id: { in: current.map((r) => r.id) } },
    select: { id: true, summary: true },
  });
  const rows = await withLegacyReports(db, shop, summaries);
  const dates = new Map(rows.map((row) => [row.id, readSummary(row).dateTested]));
  return current.map((report) => ({
    ...report,
    productTitle: titles.get(report.id) ?? null,
    dateTested: dates.get(report.id) ?? null,
  }));
}

/** The extracted reports of these published reports of the shop; one that no longer parses is left out. */
export async function readPublishedReports(
  db: Db,
  shop: string,
  ids: string[],
): Promise<Map<string, LabReport>> {
  const rows = await db.labReport.findMany({
    where: { ...publishedWhere(shop), id: { in: ids } },
    select: { id: true, report: true },
  });
  const reports = new Map<string, LabReport>();
  for (const row of rows) {
    const report = readJson<LabReport | null>(row.report, labReportSchema, null);
    if (report) reports.set(row.id, report);
  }
  return reports;
}
