import type { PaymentIssueStatus } from "~/models/subscription.server";

/**
 * What a merchant is told about a payment issue, in one place: the banner on every page, the
 * refusal of an upload, and the API's problem detail say the same thing.
 */

export type PaymentNotice = {
  status: PaymentIssueStatus;
  title: string;
  whatHappened: string;
  whatToDo: string;
  /** Shopify's billing settings of the shop, where a payment method is fixed. */
  billingUrl: string;
};

/** admin.shopify.com/store/<handle>/settings/billing, the handle being the myshopify subdomain. */
export function shopifyBillingUrl(shop: string): string {
  const handle = shop.replace(/\.myshopify\.com$/i, "");
  return `https://admin.shopify.com/store/${encodeURIComponent(handle)}/settings/billing`;
}

export function paymentNotice(
  issue: { status: PaymentIssueStatus; tier: string },
  shop: string,
): PaymentNotice {
  const billingUrl = shopifyBillingUrl(shop);
  switch (issue.status) {
    case "FROZEN":
      return {
        status: issue.status,
        title: "Your subscription is on hold: a payment failed",
        whatHappened: `Shopify could not collect the charge for the ${issue.tier} plan and froze the subscription. New COA uploads are held until it is paid.`,
        whatToDo:
          "Update your payment method or pay the outstanding bill in Shopify's billing settings. Uploads resume as soon as Shopify reports the subscription active again.",
        billingUrl,
      };
    case "DECLINED":
      return {
        status: issue.status,
        title: "Your plan was not started: the charge was declined",
        whatHappened: `The charge for the ${issue.tier} plan was declined, so the subscription did not start. New COA uploads are held.`,
        whatToDo:
          "Choose a plan again on the Plans page and approve the charge, and check your payment method in Shopify's billing settings.",
        billingUrl,
      };
    case "EXPIRED":
      return {
        status: issue.status,
        title: "Your plan was not started: the charge was never approved",
        whatHappened: `The charge for the ${issue.tier} plan expired before it was approved, so the subscription did not start. New COA uploads are held.`,
        whatToDo: "Choose a plan again on the Plans page and approve the charge in Shopify.",
        billingUrl,
      };
  }
}

export function paymentIssueMessage(notice: PaymentNotice): string {
  return `${notice.whatHappened} ${notice.whatToDo}`;
}
