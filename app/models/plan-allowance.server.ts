import type { LabReport as LabReportRow, PrismaClient } from "@prisma/client";
import type { Db } from "~/db.server";
import { FREE_MONTHLY_REPORTS, PLANS, type PlanName } from "~/plans";
import { createLabReport, storeLabReportFile, type NewLabReport } from "./lab-report.server";
import { currentSubscription } from "./subscription.server";
import { inTransaction } from "./transaction.server";
import type { ExtractionErrorCode } from "~/pipeline/extraction-error";

export type Allowance = {
  plan: PlanName | "Free";
  /** Lab reports the plan includes per calendar month (UTC). */
  limit: number;
  used: number;
  remaining: number;
  /** When the count starts again. */
  resetsAt: Date;
  /** A charge failed (Shopify froze the subscription): the shop is held to the free allowance. */
  paymentFailed: boolean;
};

/** Why a file could not be read at all (app/pipeline/extraction-error.ts, and a lost file). */
const UNREADABLE_FILE_CODES = [
  "not-a-pdf",
  "corrupt-pdf",
  "encrypted-pdf",
  "empty-pdf",
  "no-text-layer",
  "too-many-pages",
  "timeout",
  "unreadable-layout",
  "missing-file",
] as const satisfies readonly (ExtractionErrorCode | "missing-file")[];

function isPlanName(name: string): name is PlanName {
  return Object.hasOwn(PLANS, name);
}

/**
 * How many lab reports the shop may still upload this month. Only an ACTIVE subscription lifts the
 * free allowance; a FROZEN one (failed payment) falls back to it until Shopify collects.
 */
export async function monthlyAllowance(db: Db, shop: string, now = new Date()): Promise<Allowance> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const resetsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const [subscription, used] = await Promise.all([
    currentSubscription(db, shop),
    // A report whose file could not be read spends nothing; one that failed later (the queue was
    // down, Shopify refused) was read and still counts, as does a retry of either.
    db.labReport.count({
      where: {
        shop,
        createdAt: { gte: monthStart },
        NOT: { status: "failed", errorCode: { in: [...UNREADABLE_FILE_CODES] } },
      },
    }),
  ]);
  const paid =
    subscription?.status === "ACTIVE" && isPlanName(subscription.tier) ? subscription.tier : null;
  const limit = paid ? PLANS[paid].monthlyReports : FREE_MONTHLY_REPORTS;
  return {
    plan: paid ?? "Free",
    limit,
    used,
    remaining: Math.max(0, limit - used),
    resetsAt,
    paymentFailed: subscription?.status === "FROZEN",
  };
}

export type AllowanceReservation =
  { ok: true; report: LabReportRow } | { ok: false; allowance: Allowance };

/**
 * Creates the report and its file only while the shop's allowance has a report left, in one
 * transaction that first writes the shop's row. That write holds the row's lock (PostgreSQL) or
 * the database's write lock (SQLite) until the transaction ends, so concurrent uploads of one shop
 * count and insert one after another: two of them cannot both take the last report, as a count
 * followed by a separate insert let them. Other shops' uploads do not wait on PostgreSQL.
 */
export async function createLabReportWithinAllowance(
  db: PrismaClient,
  input: NewLabReport,
  now = new Date(),
): Promise<AllowanceReservation> {
  const reserved = await inTransaction(
    db,
    async (tx): Promise<AllowanceReservation> => {
      // The shop row normally exists since install; creating it here keeps the lock meaningful
      // if the install hook lost a race.
      await tx.shop.upsert({
        where: { domain: input.shop },
        create: { domain: input.shop },
        update: { updatedAt: now },
      });
      const allowance = await monthlyAllowance(tx, input.shop, now);
      if (allowance.remaining === 0) return { ok: false, allowance };
      // The file's row, empty: its bytes are written after the commit (below).
      const report = await createLabReport(tx, { ...input, bytes: new Uint8Array(0) }, now);
      return { ok: true, report };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  if (!reserved.ok) return reserved;
  // The PDF's bytes outside the transaction: Prisma encodes them (base64, both ways) before the
  // statement runs, and inside a transaction the shop's lock (and, on SQLite, the one connection)
  // was held meanwhile — 100–300 ms for a large file, every other request waiting behind it. The
  // report is still queued and no event is sent until the bytes are stored; if storing fails, the
  // report is removed again, and a process that dies in between leaves a queued report whose empty
  // file the reader refuses as such.
  try {
    await storeLabReportFile(db, input.shop, reserved.report.id, input.bytes);
  } catch (error) {
    await db.labReport.deleteMany({ where: { shop: input.shop, id: reserved.report.id } });
    throw error;
  }
  return reserved;
}
