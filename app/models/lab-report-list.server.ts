import type { LabReport as LabReportRow } from "@prisma/client";
import type { Db } from "~/db.server";
import type { LabReportStatus } from "./lab-report.server";
import { withLegacyReports } from "./report-summary.server";

/**
 * The shop's reports a page at a time: the merchant's reports list (filtered, searched, sorted,
 * with the summary each row shows), the home page's counts and the REST API's cursor pages.
 */

const summarySelect = {
  id: true,
  productTitle: true,
  fileName: true,
  status: true,
  createdAt: true,
  summary: true,
} as const;

export type LabReportListRow = {
  id: string;
  productTitle: string | null;
  fileName: string;
  status: string;
  createdAt: Date;
  /** What the list shows of the extracted report (report-summary.server.ts); null until extracted. */
  summary: string | null;
  /** The extracted report's JSON: read only where `summary` is null (stored before it existed). */
  report: string | null;
};

export type LabReportSort = "newest" | "oldest" | "product-asc" | "product-desc";

export interface LabReportListQuery {
  skip: number;
  take: number;
  /** Only these statuses (all when absent). */
  statuses?: readonly LabReportStatus[];
  /** Matches the product, the file name, and the lab's name and batch in the extracted report. */
  search?: string;
  sort?: LabReportSort;
}

/** Case variants, since PostgreSQL's `contains` is case-sensitive and SQLite's is not. */
function spellings(text: string): string[] {
  const lower = text.toLowerCase();
  const title = lower.replace(/(^|\s)\p{L}/gu, (c) => c.toUpperCase());
  return [...new Set([text, lower, text.toUpperCase(), title])];
}

const ORDER: Record<LabReportSort, { [key: string]: "asc" | "desc" }[]> = {
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  oldest: [{ createdAt: "asc" }, { id: "asc" }],
  "product-asc": [{ productTitle: "asc" }, { createdAt: "desc" }, { id: "desc" }],
  "product-desc": [{ productTitle: "desc" }, { createdAt: "desc" }, { id: "desc" }],
};

/** One page of the shop's reports (newest first unless sorted otherwise), filtered and searched. */
export async function listLabReportRows(
  db: Db,
  shop: string,
  { skip, take, statuses, search = "", sort = "newest" }: LabReportListQuery,
): Promise<LabReportListRow[]> {
  const text = search.trim().slice(0, 100);
  const rows = await db.labReport.findMany({
    where: {
      shop,
      ...(statuses ? { status: { in: [...statuses] } } : {}),
      ...(text
        ? {
            OR: spellings(text).flatMap((t) => [
              { productTitle: { contains: t } },
              { fileName: { contains: t } },
              { summary: { contains: t } },
              { summary: null, report: { contains: t } },
            ]),
          }
        : {}),
    },
    orderBy: ORDER[sort],
    skip,
    take,
    select: summarySelect,
  });
  return withLegacyReports(db, shop, rows);
}

/** The shop's report counts for the home page. */
export async function countLabReports(
  db: Db,
  shop: string,
): Promise<{ total: number; awaitingApproval: number; failed: number }> {
  const [total, awaitingApproval, failed] = await Promise.all([
    db.labReport.count({ where: { shop } }),
    db.labReport.count({ where: { shop, status: "awaiting-approval" } }),
    db.labReport.count({ where: { shop, status: "failed" } }),
  ]);
  return { total, awaitingApproval, failed };
}

export type LabReportCursorPage = { items: LabReportRow[]; nextCursor: string | null };

/**
 * Newest first, a page at a time for the REST API. `cursor` is the `nextCursor` of the previous
 * page: a report id of the same shop (the compound (shop, id) key keeps it in the shop).
 */
export async function listLabReportsByCursor(
  db: Db,
  shop: string,
  {
    take = 20,
    cursor,
    status,
  }: { take?: number; cursor?: string | null; status?: LabReportStatus } = {},
): Promise<LabReportCursorPage> {
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
