import { db } from "~/db.server";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import { batchLabelSheet, reportQrCode, type QrFormat } from "~/merchant/qr-codes.server";

/**
 * The QR codes' composition root: app/merchant/qr-codes on the app's database and the request's
 * Admin API client (for the shop's primary domain).
 */
export const merchantQrCodes = {
  reportQrCode: (admin: AdminGraphql, shop: string, reportId: string, format: QrFormat) =>
    reportQrCode({ db, admin }, shop, reportId, format),
  labelSheet: (admin: AdminGraphql, shop: string, reportIds: string[]) =>
    batchLabelSheet({ db, admin }, shop, reportIds),
};
