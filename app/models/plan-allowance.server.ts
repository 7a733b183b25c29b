import type { Db } from "~/db.server";
import { FREE_MONTHLY_REPORTS, PLANS, type PlanName } from "~/plans";
import { currentSubscription } from "./subscription.server";
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
