import { readFileSync } from "node:fs";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import { createBillingDouble } from "../../test/doubles/shopify-billing";
import { FREE_MONTHLY_REPORTS } from "~/plans";

// Plans bill through Shopify: the app asks for a charge, the merchant approves it on Shopify's page,
// and the shop's allowance follows. Every billing operation is checked against the 2026-10 schema.
const SHOP = "billing.myshopify.com";
const harness = useMerchantRoutes();
const billing = createBillingDouble(SHOP);
const shopify = installShopifyAdminDouble(
  { beforeAll, afterAll },
  {
    shop: SHOP,
    extraRoot: billing.root,
  },
);
let route: typeof import("./app.billing");
let upload: typeof import("./app.lab-reports.new");

beforeAll(async () => {
  route = await import("./app.billing");
  upload = await import("./app.lab-reports.new");
  await harness().installShop(SHOP);
});

const call = async (handler: (args: ActionFunctionArgs) => Promise<Response>, request: Request) =>
  settle(() => handler({ request, params: {}, context: {} }));

function form(fields: Record<string, string>): RequestInit {
  return { method: "POST", body: new URLSearchParams(fields) };
}

async function uploadCoa(): Promise<Response> {
  const body = new FormData();
  body.set("productId", "gid://shopify/Product/1");
  body.set("productTitle", "Cherry Punch");
  // The same COA each time: the merchant chose to make a new report of it each time.
  body.set("allowDuplicate", "yes");
  body.set(
    "file",
    new File([readFileSync("test/fixtures/coa/01_sc-labs_cherry-punch.pdf")], "coa.pdf", {
      type: "application/pdf",
    }),
  );
  return call(
    upload.action,
    await adminRequest(SHOP, "/app/lab-reports/new", { method: "POST", body }),
  );
}

describe("plans and billing", () => {
  it("holds a shop without a plan to the free allowance, with a clear message and nothing stored", async () => {
    for (let i = 0; i < FREE_MONTHLY_REPORTS; i++) {
      expect((await uploadCoa()).status).toBe(302);
    }
    const refused = await uploadCoa();
    expect(refused.status).toBe(402);
    expect(JSON.stringify(await refused.json())).toMatch(/used all 3 lab reports of the Free plan/);
    expect(await harness().prisma.labReport.count({ where: { shop: SHOP } })).toBe(
      FREE_MONTHLY_REPORTS,
    );
  });

  it("asks Shopify for a test charge with the plan's price and trial, and sends the merchant to approve it", async () => {
    const response = await call(
      route.action,
      await adminRequest(SHOP, "/app/billing", form({ intent: "subscribe", plan: "Growth" })),
    );
    // An embedded fetch gets Shopify's re-authorize header pointing at the confirmation page.
    const target =
      response.headers.get("x-shopify-api-request-failure-reauthorize-url") ??
      response.headers.get("location") ??
      "";
    expect(target).toContain("/admin/charges/");
    expect(billing.subscriptions).toHaveLength(1);
    expect(billing.subscriptions[0]).toMatchObject({
      name: "Growth",
      test: true,
      trialDays: 14,
      status: "PENDING",
      price: { amount: "49", currencyCode: "USD" },
    });
    expect(shopify().operationNames()).toContain("AppSubscriptionCreate");
  });

  it("records the plan once the merchant approves it, and lifts the allowance", async () => {
    const id = billing.subscriptions[0]?.id ?? "";
    billing.approve(id);
    const page = await call(route.loader, await adminRequest(SHOP, "/app/billing"));
    expect(page.status).toBe(200);
    const data = await page.json();
    expect(data.active).toMatchObject({ id, name: "Growth" });
    expect(data.allowance).toMatchObject({
      plan: "Growth",
      limit: 150,
      used: FREE_MONTHLY_REPORTS,
    });
    const stored = await harness().prisma.subscription.findUniqueOrThrow({
      where: { shopifySubscriptionId: id },
    });
    expect(stored).toMatchObject({ shop: SHOP, tier: "Growth", status: "ACTIVE" });
    expect((await uploadCoa()).status).toBe(302);
  });

  it("cancels the plan through Shopify and falls back to the free allowance", async () => {
    const id = billing.subscriptions[0]?.id ?? "";
    const response = await call(
      route.action,
      await adminRequest(SHOP, "/app/billing", form({ intent: "cancel", subscriptionId: id })),
    );
    expect(response.status).toBe(200);
    expect(billing.subscriptions[0]?.status).toBe("CANCELLED");
    const stored = await harness().prisma.subscription.findUniqueOrThrow({
      where: { shopifySubscriptionId: id },
    });
    expect(stored.status).toBe("CANCELLED");
    expect((await uploadCoa()).status).toBe(402);
  });

  it("refuses to cancel a subscription id that is not this shop's", async () => {
    const response = await call(
      route.action,
      await adminRequest(
        SHOP,
        "/app/billing",
        form({ intent: "cancel", subscriptionId: "gid://shopify/AppSubscription/999" }),
      ),
    );
    expect(response.status).toBe(404);
  });
});
