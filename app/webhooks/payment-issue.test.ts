import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { adminRequest, webhookRequest } from "../../test/shopify/requests";
import { settle, useMerchantRoutes } from "../../test/merchant-routes";
import { createOperator } from "~/models/operator.server";

// A failed, declined or expired charge reaches the merchant through the app_subscriptions/update
// webhook: a critical banner on every page, uploads held with the reason, an activity entry, and
// the operator's list of shops with payment issues. An ACTIVE notice clears all of it.
const harness = useMerchantRoutes();
let routes: {
  webhook: typeof import("~/routes/webhooks.app_subscriptions.update");
  app: typeof import("~/routes/app");
  upload: typeof import("~/routes/app.lab-reports.new");
  login: typeof import("~/routes/ops_.login");
  overview: typeof import("~/routes/ops._index");
};
const PASSWORD = "operator password for billing";

beforeAll(async () => {
  routes = {
    webhook: await import("~/routes/webhooks.app_subscriptions.update"),
    app: await import("~/routes/app"),
    upload: await import("~/routes/app.lab-reports.new"),
    login: await import("~/routes/ops_.login"),
    overview: await import("~/routes/ops._index"),
  };
  await createOperator(
    harness().prisma,
    { email: "billing-ops@heady.example", password: PASSWORD, role: "support" },
    { N: 2 ** 10, r: 8, p: 1 },
  );
});

const args = (request: Request) => ({ request, params: {}, context: {} });

async function deliver(shop: string, id: string, status: string, name = "Pro") {
  const response = await settle(() =>
    routes.webhook.action(
      args(
        webhookRequest({
          topic: "app_subscriptions/update",
          shop,
          payload: { app_subscription: { admin_graphql_api_id: id, name, status } },
        }),
      ),
    ),
  );
  expect(response.status).toBe(200);
}

type AppData = {
  paymentNotice: { status: string; title: string; whatToDo: string; billingUrl: string } | null;
};

async function layout(shop: string): Promise<AppData> {
  const response = await settle(async () =>
    routes.app.loader(args(await adminRequest(shop, "/app"))),
  );
  return (await response.json()) as AppData;
}

async function upload(shop: string): Promise<Response> {
  const body = new FormData();
  body.set("productId", "gid://shopify/Product/1");
  body.set(
    "file",
    new File([readFileSync("test/fixtures/coa/01_sc-labs_cherry-punch.pdf")], "coa.pdf", {
      type: "application/pdf",
    }),
  );
  return settle(async () =>
    routes.upload.action(
      args(await adminRequest(shop, "/app/lab-reports/new", { method: "POST", body })),
    ),
  );
}

async function opsIssues(): Promise<{ shop: string; status: string }[]> {
  const login = await routes.login.action(
    args(
      new Request("https://app.example/ops/login", {
        method: "POST",
        body: new URLSearchParams({ email: "billing-ops@heady.example", password: PASSWORD }),
      }),
    ),
  );
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const response = await settle(() =>
    routes.overview.loader(args(new Request("https://app.example/ops", { headers: { cookie } }))),
  );
  return ((await response.json()) as { paymentIssues: { shop: string; status: string }[] })
    .paymentIssues;
}

describe("payment-issue notices", () => {
  it("shows a critical notice on every page after a FROZEN notice, holds uploads, and clears when ACTIVE again", async () => {
    const shop = "frozen.myshopify.com";
    await harness().installShop(shop);
    const id = "gid://shopify/AppSubscription/9001";
    await deliver(shop, id, "ACTIVE");
    expect((await layout(shop)).paymentNotice).toBeNull();

    await deliver(shop, id, "FROZEN");
    const { paymentNotice } = await layout(shop);
    expect(paymentNotice).toMatchObject({ status: "FROZEN" });
    expect(paymentNotice?.title).toMatch(/payment failed/);
    expect(paymentNotice?.whatToDo).toMatch(/payment method/);
    expect(paymentNotice?.billingUrl).toBe(
      "https://admin.shopify.com/store/frozen/settings/billing",
    );

    const held = await upload(shop);
    expect(held.status).toBe(402);
    expect(((await held.json()) as { message: string }).message).toMatch(/froze the subscription/);
    expect(await harness().prisma.labReport.count({ where: { shop } })).toBe(0);

    const started = await harness().prisma.activityLog.findFirst({
      where: { shop, action: "billing.payment-issue" },
    });
    expect(started?.details).toContain('"status":"FROZEN"');
    expect(await opsIssues()).toContainEqual(expect.objectContaining({ shop, status: "FROZEN" }));

    await deliver(shop, id, "ACTIVE");
    expect((await layout(shop)).paymentNotice).toBeNull();
    expect((await upload(shop)).status).toBe(302);
    expect(
      await harness().prisma.activityLog.count({
        where: { shop, action: "billing.payment-issue-resolved" },
      }),
    ).toBe(1);
    expect((await opsIssues()).map((issue) => issue.shop)).not.toContain(shop);
  });

  it("tells a merchant whose charge was declined or expired to choose a plan again", async () => {
    for (const status of ["DECLINED", "EXPIRED"] as const) {
      const shop = `${status.toLowerCase()}.myshopify.com`;
      await harness().installShop(shop);
      await deliver(shop, `gid://shopify/AppSubscription/${status.length}77`, status, "Growth");
      const { paymentNotice } = await layout(shop);
      expect(paymentNotice).toMatchObject({ status });
      expect(paymentNotice?.whatToDo).toMatch(/Plans page/);
      expect((await upload(shop)).status).toBe(402);
      expect(await opsIssues()).toContainEqual(expect.objectContaining({ shop, status }));
    }
  });

  it("does not hold a shop whose upgrade was declined while its current plan stays active", async () => {
    const shop = "upgrade.myshopify.com";
    await harness().installShop(shop);
    await deliver(shop, "gid://shopify/AppSubscription/5001", "ACTIVE", "Growth");
    await deliver(shop, "gid://shopify/AppSubscription/5002", "DECLINED", "Pro");
    expect((await layout(shop)).paymentNotice).toBeNull();
    expect((await opsIssues()).map((issue) => issue.shop)).not.toContain(shop);
  });
});
