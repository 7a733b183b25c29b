import { db } from "~/db.server";
import { recordCancellation, syncSubscriptions } from "~/merchant/billing.server";
import {
  listLabReportPage,
  loadLabReport,
  type ListQuery,
} from "~/merchant/lab-report-views.server";
import { confirmThemeBlockAdded, loadHome } from "~/merchant/home.server";
import { readMerchantSettings, saveMerchantSettings } from "~/merchant/settings.server";
import { loadPaymentNotice } from "~/merchant/payment-issue.server";
import { apiTokenRows, changeApiTokens } from "~/merchant/api-tokens.server";
import { reviewPageImage } from "~/merchant/review-page-images.server";
import { monthlyAllowance } from "~/models/plan-allowance.server";
import type { PageBox } from "~/pipeline/review-items";

/**
 * The merchant pages' composition root for reading and settings: app/merchant's functions on the
 * app's database. Each route takes the one it calls; nothing is built until it is called.
 */

export const merchantPages = {
  loadHome: (shop: string) => loadHome(db, shop),
  confirmThemeBlockAdded: (shop: string) => confirmThemeBlockAdded(db, shop),
  listLabReportPage: (shop: string, query: ListQuery) => listLabReportPage(db, shop, query),
  loadLabReport: (shop: string, id: string) => loadLabReport(db, shop, id),
  reviewPageImage: (shop: string, id: string, page: number, box: PageBox | null) =>
    reviewPageImage(db, shop, id, page, box),
  readSettings: (shop: string) => readMerchantSettings(db, shop),
  saveSettings: (shop: string, form: Record<string, unknown>) =>
    saveMerchantSettings(db, shop, form),
  syncSubscriptions: (shop: string, active: Parameters<typeof syncSubscriptions>[2]) =>
    syncSubscriptions(db, shop, active),
  monthlyAllowance: (shop: string) => monthlyAllowance(db, shop),
  loadPaymentNotice: (shop: string) => loadPaymentNotice(db, shop),
  listApiTokens: (shop: string) => apiTokenRows(db, shop),
  changeApiTokens: (shop: string, form: Record<string, unknown>) => changeApiTokens(db, shop, form),
  recordCancellation: (shop: string, subscription: { id: string; name: string }) =>
    recordCancellation(db, shop, subscription),
};
