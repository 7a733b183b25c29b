import type { Db } from "~/db.server";

/** What the operator console's front page shows: the state of every shop at a glance. */
export type OpsOverview = {
  shops: { installed: number; uninstalled: number };
  reports: { status: string; count: number }[];
  failuresLast7Days: number;
  topShops: { shop: string; reports: number; failed: number; published: number }[];
  recentFailures: {
    id: string;
    shop: string;
    fileName: string;
    errorCode: string | null;
    errorMessage: string | null;
    failedAt: Date | null;
  }[];
};

export async function getOpsOverview(db: Db, now = new Date()): Promise<OpsOverview> {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000);
  const [
    installed,
    uninstalled,
    byStatus,
    failures,
    byShop,
    failedByShop,
    publishedByShop,
    recent,
  ] = await Promise.all([
    db.shop.count({ where: { uninstalledAt: null } }),
    db.shop.count({ where: { uninstalledAt: { not: null } } }),
    db.labReport.groupBy({ by: ["status"], _count: { _all: true } }),
    db.labReport.count({ where: { status: "failed", failedAt: { gte: weekAgo } } }),
    db.labReport.groupBy({
      by: ["shop"],
      _count: { _all: true },
      orderBy: { _count: { shop: "desc" } },
      take: 20,
    }),
    db.labReport.groupBy({ by: ["shop"], where: { status: "failed" }, _count: { _all: true } }),
    db.labReport.groupBy({ by: ["shop"], where: { status: "published" }, _count: { _all: true } }),
    db.labReport.findMany({
      where: { status: "failed" },
      orderBy: { failedAt: "desc" },
      take: 20,
      select: {
        id: true,
        shop: true,
        fileName: true,
        errorCode: true,
        errorMessage: true,
        failedAt: true,
      },
    }),
  ]);
  const countFor = (rows: { shop: string; _count: { _all: number } }[], shop: string) =>
    rows.find((row) => row.shop === shop)?._count._all ?? 0;
  return {
    shops: { installed, uninstalled },
    reports: byStatus
      .map((row) => ({ status: row.status, count: row._count._all }))
      .sort((a, b) => b.count - a.count),
    failuresLast7Days: failures,
    topShops: byShop.map((row) => ({
      shop: row.shop,
      reports: row._count._all,
      failed: countFor(failedByShop, row.shop),
      published: countFor(publishedByShop, row.shop),
    })),
    recentFailures: recent,
  };
}

export type LabReportExportRow = {
  shop: string;
  id: string;
  status: string;
  fileName: string;
  productTitle: string | null;
  errorCode: string | null;
  createdAt: Date;
  publishedAt: Date | null;
};

/** Every shop's lab reports in a period, oldest first, for the CSV report. */
export function listLabReportsForExport(
  db: Db,
  filter: { since?: Date; until?: Date; shop?: string },
): Promise<LabReportExportRow[]> {
  return db.labReport.findMany({
    where: {
      ...(filter.shop ? { shop: filter.shop } : {}),
      createdAt: {
        ...(filter.since ? { gte: filter.since } : {}),
        ...(filter.until ? { lt: filter.until } : {}),
      },
    },
    orderBy: { createdAt: "asc" },
    take: 50_000,
    select: {
      shop: true,
      id: true,
      status: true,
      fileName: true,
      productTitle: true,
      errorCode: true,
      createdAt: true,
      publishedAt: true,
    },
  });
}
