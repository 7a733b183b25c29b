/**
 * The app's plans, billed through Shopify's subscription API (declared in shopify.server.ts).
 * Shared by the server (billing) and the pages (plan names and limits).
 */
export const PLANS = {
  Starter: { amount: 19, trialDays: 7, monthlyReports: 25 },
  Growth: { amount: 49, trialDays: 14, monthlyReports: 150 },
  Pro: { amount: 129, trialDays: 14, monthlyReports: 1000 },
} as const;

export type PlanName = keyof typeof PLANS;
export const PLAN_NAMES = Object.keys(PLANS) as PlanName[];

/** What a shop without a subscription may do: enough to try the app on a few products. */
export const FREE_MONTHLY_REPORTS = 3;
