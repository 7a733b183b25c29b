/**
 * Shopify's app billing (shopify.dev, "Subscription billing"), as the Admin double's extra root
 * fields: appSubscriptionCreate returns a confirmation URL and a PENDING subscription; `approve()`
 * plays the merchant accepting the charge on Shopify's page; currentAppInstallation lists the ACTIVE
 * ones; appSubscriptionCancel cancels.
 */
type Subscription = {
  id: string;
  name: string;
  test: boolean;
  status: "PENDING" | "ACTIVE" | "CANCELLED" | "DECLINED" | "EXPIRED" | "FROZEN";
  trialDays: number;
  createdAt: string;
  currentPeriodEnd: string | null;
  returnUrl: string;
  price: { amount: string; currencyCode: string };
  interval: string;
};

export function createBillingDouble(shop: string) {
  const subscriptions: Subscription[] = [];
  let next = 1;

  const view = (s: Subscription) => ({
    ...s,
    lineItems: [
      {
        id: `gid://shopify/AppSubscriptionLineItem/${s.id.split("/").at(-1)}`,
        plan: {
          pricingDetails: {
            __typename: "AppRecurringPricing",
            price: s.price,
            interval: s.interval,
            discount: null,
          },
        },
      },
    ],
  });

  return {
    subscriptions,
    approve(id: string) {
      const s = subscriptions.find((x) => x.id === id);
      if (!s) throw new Error(`no subscription ${id}`);
      s.status = "ACTIVE";
      s.currentPeriodEnd = new Date(Date.now() + 30 * 86_400_000).toISOString();
    },
    root: () => ({
      appSubscriptionCreate: (args: {
        name: string;
        returnUrl: string;
        test?: boolean;
        trialDays?: number;
        lineItems: {
          plan: {
            appRecurringPricingDetails?: {
              price: { amount: number; currencyCode: string };
              interval?: string;
            };
          };
        }[];
      }) => {
        const recurring = args.lineItems[0]?.plan.appRecurringPricingDetails;
        if (!recurring) {
          return {
            appSubscription: null,
            confirmationUrl: null,
            userErrors: [{ field: ["lineItems"], message: "A recurring price is required" }],
          };
        }
        const id = `gid://shopify/AppSubscription/${next++}`;
        const subscription: Subscription = {
          id,
          name: args.name,
          test: args.test ?? false,
          status: "PENDING",
          trialDays: args.trialDays ?? 0,
          createdAt: new Date().toISOString(),
          currentPeriodEnd: null,
          returnUrl: args.returnUrl,
          price: {
            amount: String(recurring.price.amount),
            currencyCode: recurring.price.currencyCode,
          },
          interval: recurring.interval ?? "EVERY_30_DAYS",
        };
        subscriptions.push(subscription);
        return {
          appSubscription: view(subscription),
          confirmationUrl: `https://${shop}/admin/charges/424242/${id.split("/").at(-1)}/RecurringApplicationCharge/confirm_recurring_application_charge?signature=test`,
          userErrors: [],
        };
      },
      appSubscriptionCancel: (args: { id: string; prorate?: boolean }) => {
        const s = subscriptions.find((x) => x.id === args.id);
        if (!s) {
          return {
            appSubscription: null,
            userErrors: [{ field: ["id"], message: "Subscription not found" }],
          };
        }
        s.status = "CANCELLED";
        return { appSubscription: view(s), userErrors: [] };
      },
      currentAppInstallation: () => ({
        activeSubscriptions: subscriptions.filter((s) => s.status === "ACTIVE").map(view),
        oneTimePurchases: () => ({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } }),
      }),
    }),
  };
}
