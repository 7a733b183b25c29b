import { useEffect } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { z } from "zod";
import { merchantPages } from "~/composition/merchant-pages.server";
import { env } from "~/env.server";
import { authenticate } from "~/shopify.server";
import { themeEditorUrl } from "~/merchant/home.server";
import { LabReportTable, NoLabReports } from "~/components/LabReportTable";
import { FigureCard } from "~/components/FigureCard";
import { CoaCoverageCard } from "~/components/CoaCoverageCard";
import { formatDate } from "~/components/format-date";
import { pageTitle } from "~/components/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Home") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const home = await merchantPages.loadHome(session.shop, admin.graphql);
  return json({ ...home, themeEditorUrl: themeEditorUrl(session.shop, env().SHOPIFY_API_KEY) });
};

const homeAction = z.object({ intent: z.literal("theme-block-added") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = homeAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, message: "That request was not understood." }, 400);
  await merchantPages.confirmThemeBlockAdded(session.shop);
  return json({ ok: true, message: "Setup step done" });
};

function SetupStep({
  done,
  title,
  children,
}: {
  done: boolean;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <li>
      <Box
        padding="300"
        borderRadius="200"
        background={done ? "bg-surface-secondary" : "bg-surface"}
        borderWidth="025"
        borderColor="border"
      >
        <BlockStack gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Badge
              tone={done ? "success" : "attention"}
              progress={done ? "complete" : "incomplete"}
            >
              {done ? "Done" : "To do"}
            </Badge>
            <Text as="h3" variant="headingSm">
              {title}
            </Text>
          </InlineStack>
          {done ? null : children}
        </BlockStack>
      </Box>
    </li>
  );
}

export default function Home() {
  const { plan, usage, setup, counts, latest, coverage, themeEditorUrl } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const submit = useSubmit();
  const shopify = useAppBridge();
  const steps = [setup.themeBlockAdded, setup.regionChosen, setup.firstUpload];
  const remaining = steps.filter((done) => !done).length;

  useEffect(() => {
    if (result) shopify.toast.show(result.message, { isError: !result.ok });
  }, [result, shopify]);

  return (
    <Page
      title="Heady Lab Results"
      primaryAction={{ content: "Upload a COA", url: "/app/lab-reports/new" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {remaining > 0 ? (
              <Card>
                <BlockStack gap="300">
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingMd">
                      Set up lab results on your store
                    </Text>
                    <Text as="p" tone="subdued">
                      {`${steps.length - remaining} of ${steps.length} steps done`}
                    </Text>
                  </BlockStack>
                  <ol className="heady-setup" aria-label="Setup steps">
                    <SetupStep done={setup.themeBlockAdded} title="Add the Lab results block">
                      <Text as="p">
                        Shoppers see lab results only where your theme shows the block. The theme
                        editor opens on your product page with the block added: place it, then save
                        the theme.
                      </Text>
                      <InlineStack gap="200">
                        <Button variant="primary" url={themeEditorUrl} target="_blank">
                          Add the block in the theme editor
                        </Button>
                        <Button
                          onClick={() =>
                            submit({ intent: "theme-block-added" }, { method: "post" })
                          }
                          disabled={busy}
                        >
                          I added it
                        </Button>
                      </InlineStack>
                    </SetupStep>
                    <SetupStep done={setup.regionChosen} title="Choose where you sell">
                      <Text as="p">
                        Your state decides the disclosures each description carries.
                      </Text>
                      <InlineStack>
                        <Button url="/app/settings">Open settings</Button>
                      </InlineStack>
                    </SetupStep>
                    <SetupStep done={setup.firstUpload} title="Upload your first COA">
                      <Text as="p">
                        Pick a product and its lab&apos;s PDF; you review the description before
                        anything is published.
                      </Text>
                      <InlineStack>
                        <Button url="/app/lab-reports/new">Upload a COA</Button>
                      </InlineStack>
                    </SetupStep>
                  </ol>
                </BlockStack>
              </Card>
            ) : null}

            {coverage && (!coverage.ok || coverage.checked > 0) ? (
              <CoaCoverageCard coverage={coverage} />
            ) : null}

            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {`${plan.name} plan`}
                  </Text>
                  <Button variant="plain" url="/app/billing">
                    {plan.name === "Free" ? "See plans" : "Manage plan"}
                  </Button>
                </InlineStack>
                <Text as="p">
                  {`${usage.used} of ${usage.limit} lab reports used this month. The count starts again on ${formatDate(usage.resetsAt)}.`}
                </Text>
                <ProgressBar
                  progress={Math.min(
                    100,
                    Math.round((100 * usage.used) / Math.max(1, usage.limit)),
                  )}
                  size="small"
                  tone={usage.used >= usage.limit ? "critical" : "primary"}
                />
                {plan.trialEndsAt ? (
                  <Text as="p" tone="subdued">
                    {`Free trial until ${formatDate(plan.trialEndsAt)}, then billed through Shopify.`}
                  </Text>
                ) : null}
                {plan.paymentFailed ? (
                  <Banner tone="warning">
                    Shopify could not collect your last payment, so the free allowance applies until
                    it does.
                  </Banner>
                ) : null}
              </BlockStack>
            </Card>

            <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
              <FigureCard label="Lab reports" value={counts.total} />
              <FigureCard label="Awaiting your approval" value={counts.awaitingApproval} />
              <FigureCard label="Failed" value={counts.failed} />
            </InlineGrid>

            <Card padding="0">
              <Box padding="400" paddingBlockEnd="200">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    Latest lab reports
                  </Text>
                  {counts.total > latest.length ? (
                    <Button variant="plain" url="/app/lab-reports">
                      See all
                    </Button>
                  ) : null}
                </InlineStack>
              </Box>
              <LabReportTable reports={latest} emptyState={<NoLabReports filtered={false} />} />
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
