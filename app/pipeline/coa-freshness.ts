/**
 * How old a COA is and whether it still counts. Payment processors and several states reject a COA
 * older than a shop's policy (commonly 12 months from the test date); some labs print their own
 * "void after" date, which wins when earlier. Framework-free; the clock comes in.
 */

export type FreshnessPolicy = {
  /** Months after the test date at which a COA is stale. */
  staleAfterMonths: number;
  /** Days before that date at which it is "soon stale". */
  warnDays: number;
};

export const DEFAULT_FRESHNESS_POLICY: FreshnessPolicy = { staleAfterMonths: 12, warnDays: 30 };

export type Freshness =
  | { state: "unknown"; reason: "no-test-date" }
  | {
      state: "fresh" | "soon-stale" | "stale";
      ageDays: number;
      /** ISO date from which the COA no longer counts. */
      staleOn: string;
      /** Which rule set staleOn. */
      by: "policy" | "void-after";
      daysLeft: number;
    };

const DAY = 86_400_000;

function parseIsoDate(value: string | null | undefined): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `date` plus `months` calendar months, clamped to the month's last day (Jan 31 + 1 → Feb 28). */
function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay)));
}

export function coaFreshness(
  dates: { dateTested: string | null; voidAfter?: string | null },
  policy: FreshnessPolicy,
  now: Date,
): Freshness {
  const tested = parseIsoDate(dates.dateTested);
  if (!tested) return { state: "unknown", reason: "no-test-date" };
  const byPolicy = addMonths(tested, policy.staleAfterMonths);
  // "Void after D": valid through D, stale from the next day.
  const voidAfter = parseIsoDate(dates.voidAfter);
  const byVoid = voidAfter ? new Date(voidAfter.getTime() + DAY) : null;
  const staleOn = byVoid && byVoid < byPolicy ? byVoid : byPolicy;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const daysLeft = Math.round((staleOn.getTime() - today) / DAY);
  const state = daysLeft <= 0 ? "stale" : daysLeft <= policy.warnDays ? "soon-stale" : "fresh";
  return {
    state,
    ageDays: Math.max(0, Math.round((today - tested.getTime()) / DAY)),
    staleOn: staleOn.toISOString().slice(0, 10),
    by: byVoid && byVoid < byPolicy ? "void-after" : "policy",
    daysLeft,
  };
}
