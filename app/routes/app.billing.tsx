import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Modal,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { merchantPages } from "~/composition/merchant-pages.server";
import { env } from "~/env.server";
import { isTestBilling } from "~/merchant/billing.server";
import { FREE_MONTHLY_REPORTS, PLAN_NAMES, PLANS, type PlanName } from "~/plans";
import { useAppBridge } from "@shopify/app-bridge-react";
import { formatDate } from "~/components/format-date";
import { pageTitle } from "~/components/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Plans") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { billing, session } = await authenticate.admin(request);
  // Shopify returns the merchant here after they approve a charge; checking also keeps us in step.
  const { appSubscriptions } = await billing.check({
    plans: [...PLAN_NAMES],
    isTest: isTestBilling(),
  });
  await merchantPages.syncSubscriptions(session.shop, appSubscriptions);
  const allowance = await merchantPages.monthlyAllowance(session.shop);
  const active = appSubscriptions.find((s) => s.status === "ACTIVE") ?? null;
  return json({
    allowance,
    active: active ? { id: active.id, name: active.name, test: active.test } : null,
    plans: PLAN_NAMES.map((name) => ({ name, ...PLANS[name] })),
    freeReports: FREE_MONTHLY_REPORTS,
  });
};

const intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("subscribe"),
    plan: z.enum(PLAN_NAMES as [PlanName, ...PlanName[]]),
  }),
  z.object({
    intent: z.literal("cancel"),
    subscriptionId: z.string().startsWith("gid://shopify/AppSubscription/"),
  }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { billing, session } = await authenticate.admin(request);
  const parsed = intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "Choose a plan.", message: null }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "subscribe") {
    // Throws Shopify's redirect to its charge-approval page; the merchant comes back to this page.
    return billing.request({
      plan: input.plan,
      isTest: isTestBilling(),
      returnUrl: `${env().SHOPIFY_APP_URL}/app/billing?shop=${encodeURIComponent(session.shop)}`,
    });
  }
  const { appSubscriptions } = await billing.check({
    plans: [...PLAN_NAMES],
    isTest: isTestBilling(),
  });
  const mine = appSubscriptions.find((s) => s.id === input.subscriptionId);
  if (!mine) throw new Response("Not found", { status: 404 });
  await billing.cancel({ subscriptionId: mine.id, isTest: isTestBilling(), prorate: true });
  await merchantPages.recordCancellation(session.shop, mine);
  return json({ error: null, message: `Your ${mine.name} plan is cancelled.` });
};

export default function Billing() {
  const { allowance, active, plans, freeReports } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const [confirmCancel, setConfirmCancel] = useState(false);

  useEffect(() => {
    if (result?.message) shopify.toast.show(result.message);
    else if (result?.error) shopify.toast.show(result.error, { isError: true });
  }, [result, shopify]);

  const usedPercent = Math.min(
    100,
    Math.round((allowance.used / Math.max(1, allowance.limit)) * 100),
  );
  return (
    <Page title="Plans" backAction={{ content: "Home", url: "/app" }}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <InlineStack align="space-between">
                <Text as="h2" variant="headingMd">
                  {allowance.plan} plan
                </Text>
                {active?.test ? <Badge tone="info">Test charge</Badge> : null}
              </InlineStack>
              <Text as="p">
                {allowance.used} of {allowance.limit} lab reports used this month; the count starts
                again on {formatDate(allowance.resetsAt)}.
              </Text>
              <ProgressBar progress={usedPercent} size="small" />
              {allowance.paymentFailed ? (
                <Banner tone="warning">
                  Shopify could not collect your last payment, so the free allowance applies until
                  it does. Update your billing details in Shopify.
                </Banner>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            {plans.map((plan) => (
              <Card key={plan.name}>
                <BlockStack gap="200">
                  <Text as="h3" variant="headingMd">
                    {plan.name}
                  </Text>
                  <Text as="p" variant="headingLg">
                    ${plan.amount} / 30 days
                  </Text>
                  <Text as="p">{plan.monthlyReports} lab reports a month</Text>
                  <Text as="p" tone="subdued">
                    {plan.trialDays}-day free trial, billed through Shopify
                  </Text>
                  {active?.name === plan.name ? (
                    <InlineStack gap="200" blockAlign="center">
                      <Badge tone="success">Current plan</Badge>
                      <Button
                        variant="plain"
                        tone="critical"
                        disabled={busy}
                        onClick={() => setConfirmCancel(true)}
                      >
                        Cancel plan
                      </Button>
                    </InlineStack>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="subscribe" />
                      <input type="hidden" name="plan" value={plan.name} />
                      <Button submit variant="primary" disabled={busy}>
                        {active ? `Switch to ${plan.name}` : `Start ${plan.name} trial`}
                      </Button>
                    </Form>
                  )}
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Text as="p" tone="subdued">
            Without a plan, {freeReports} lab reports a month are free.
          </Text>
        </Layout.Section>
      </Layout>
      {active ? (
        <Modal
          open={confirmCancel}
          onClose={() => setConfirmCancel(false)}
          title={`Cancel the ${active.name} plan?`}
          primaryAction={{
            content: "Cancel plan",
            destructive: true,
            loading: busy,
            onAction: () => {
              setConfirmCancel(false);
              submit({ intent: "cancel", subscriptionId: active.id }, { method: "post" });
            },
          }}
          secondaryActions={[{ content: "Keep my plan", onAction: () => setConfirmCancel(false) }]}
        >
          <Modal.Section>
            <Text as="p">
              {`Shopify stops billing and refunds the unused part of this period. You go back to ${freeReports} free lab reports a month; published descriptions stay on your products.`}
            </Text>
          </Modal.Section>
        </Modal>
      ) : null}
    </Page>
  );
}
