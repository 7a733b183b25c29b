import { db } from "~/db.server";
import { logger } from "~/logger.server";
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
import { loadCoaCoverage, type CoaCoveragePorts } from "~/merchant/coa-coverage.server";
import {
  ShopifyThrottledError,
  ShopifyUnavailableError,
  type AdminGraphql,
} from "~/integrations/shopify-admin-client.server";
import { readVariantsOnSale } from "~/integrations/shopify-admin-variants-on-sale.server";
import { sharedReads } from "./shared-reads.server";

/**
 * The merchant pages' composition root for reading and settings: app/merchant's functions on the
 * app's database. Each route takes the one it calls; nothing is built until it is called.
 */

export const merchantPages = {
  loadHome: (shop: string, admin: AdminGraphql) =>
    loadHome(db, shop, new Date(), coaCoveragePorts(shop, admin)),
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
  /** Products on sale without a COA, or with a stale one, read through the request's Admin API. */
  loadCoaCoverage: (shop: string, admin: AdminGraphql, options: { limit?: number } = {}) =>
    loadCoaCoverage(db, coaCoveragePorts(shop, admin), shop, options),
};

/** How long a page waits for the catalog read before it shows the rest without it. */
const CATALOG_READ_LIMIT_MS = 8_000;
/**
 * The variants on sale serve the shop's home page and reports list for two minutes: a status
 * change in Shopify shows within that, and a list loaded by many people or reloaded often asks
 * Shopify once (up to ten 500-point pages) rather than per load. A failed read serves for 15 s,
 * so an outage is not asked about on every load either. The reports themselves are always read
 * fresh from the database.
 */
const variantsOnSale = sharedReads<Awaited<ReturnType<CoaCoveragePorts["readVariantsOnSale"]>>>({
  ttlMs: 2 * 60_000,
  failureTtlMs: 15_000,
  isFailure: (value) => value === null,
  maxEntries: 200,
});

function coaCoveragePorts(shop: string, admin: AdminGraphql): CoaCoveragePorts {
  return {
    readVariantsOnSale: () => variantsOnSale.read(shop, () => readVariantsOnSaleWithin(admin)),
  };
}

async function readVariantsOnSaleWithin(
  admin: AdminGraphql,
): ReturnType<CoaCoveragePorts["readVariantsOnSale"]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A slow Admin API must not hold the page: past the limit it loads without the card's list.
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), CATALOG_READ_LIMIT_MS);
  });
  try {
    return await Promise.race([readVariantsOnSale(admin), timeout]);
  } catch (error) {
    // shopify-app-remix throws a Response to re-authenticate: it must reach Remix.
    if (error instanceof Response) throw error;
    // Throttling past the retries, an outage, or any refusal: the page loads and says so.
    const expected =
      error instanceof ShopifyThrottledError || error instanceof ShopifyUnavailableError;
    logger[expected ? "warn" : "error"]({ err: error }, "catalog read for COA freshness failed");
    return null;
  } finally {
    clearTimeout(timer);
  }
}
