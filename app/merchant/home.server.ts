import type { Db } from "~/models/database.server";
import { recordActivity, recordedActions } from "~/models/activity.server";
import { countLabReports } from "~/models/lab-report-list.server";
import { monthlyAllowance } from "~/models/plan-allowance.server";
import { currentSubscription } from "~/models/subscription.server";
import { listLabReportPage, type LabReportListItem } from "./lab-report-views.server";
import {
  loadCoaCoverage,
  type CoaCoveragePorts,
  type CoaCoverageView,
} from "./coa-coverage.server";

/**
 * The home page: what to set up, how much of the plan is used, and what waits for the merchant.
 * Setup steps are done when the shop shows it (a saved region, a first upload); adding the theme
 * block happens in Shopify's theme editor, which tells the app nothing, so the merchant says so.
 */

export const THEME_BLOCK_ADDED = "setup.theme-block-added";
export const SETTINGS_SAVED = "settings.saved";

export interface HomeView {
  plan: {
    name: string;
    /** Shopify's status of the paid plan; null on the free allowance. */
    status: string | null;
    trialEndsAt: string | null;
    paymentFailed: boolean;
  };
  usage: { used: number; limit: number; resetsAt: string };
  setup: { themeBlockAdded: boolean; regionChosen: boolean; firstUpload: boolean };
  counts: { total: number; awaitingApproval: number; failed: number };
  latest: LabReportListItem[];
  /** Products on sale with no COA, a stale one or one soon stale; null when not asked for. */
  coverage: CoaCoverageView | null;
}

export async function loadHome(
  db: Db,
  shop: string,
  now = new Date(),
  coveragePorts: CoaCoveragePorts | null = null,
): Promise<HomeView> {
  const [allowance, subscription, done, counts, latest, coverage] = await Promise.all([
    monthlyAllowance(db, shop, now),
    currentSubscription(db, shop),
    recordedActions(db, shop, [THEME_BLOCK_ADDED, SETTINGS_SAVED]),
    countLabReports(db, shop),
    listLabReportPage(db, shop, { page: 1, pageSize: 5 }),
    coveragePorts ? loadCoaCoverage(db, coveragePorts, shop, { now, limit: 10 }) : null,
  ]);
  const trialEndsAt =
    subscription?.status === "ACTIVE" && subscription.trialEndsAt && subscription.trialEndsAt > now
      ? subscription.trialEndsAt.toISOString()
      : null;
  return {
    plan: {
      name: allowance.plan,
      status: allowance.plan === "Free" ? null : (subscription?.status ?? null),
      trialEndsAt,
      paymentFailed: allowance.paymentFailed,
    },
    usage: {
      used: allowance.used,
      limit: allowance.limit,
      resetsAt: allowance.resetsAt.toISOString(),
    },
    setup: {
      themeBlockAdded: done.has(THEME_BLOCK_ADDED),
      regionChosen: done.has(SETTINGS_SAVED),
      firstUpload: counts.total > 0,
    },
    counts,
    latest: latest.reports,
    coverage,
  };
}

/** The merchant says the Lab results block is on their product page. */
export async function confirmThemeBlockAdded(db: Db, shop: string): Promise<void> {
  await recordActivity(db, { shop, actor: "merchant", action: THEME_BLOCK_ADDED });
}

/**
 * The theme editor, opened on the product template with the Lab results block added to its main
 * section (shopify.dev, "Deep linking" for theme app extensions: addAppBlockId = api key/handle).
 */
export function themeEditorUrl(shop: string, apiKey: string): string {
  const params = new URLSearchParams({
    template: "product",
    addAppBlockId: `${apiKey}/lab-results`,
    target: "mainSection",
  });
  return `https://${shop}/admin/themes/current/editor?${params.toString()}`;
}
