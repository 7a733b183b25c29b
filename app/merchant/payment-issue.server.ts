import type { Db } from "~/models/database.server";
import { findPaymentIssue } from "~/models/subscription.server";
import { paymentNotice, type PaymentNotice } from "./payment-notice";

/** The notice every merchant page shows while the shop has a payment issue, or null. */
export async function loadPaymentNotice(db: Db, shop: string): Promise<PaymentNotice | null> {
  const issue = await findPaymentIssue(db, shop);
  return issue ? paymentNotice(issue, shop) : null;
}
