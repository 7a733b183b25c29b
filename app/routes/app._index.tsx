import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { merchantPages } from "~/composition/merchant-pages.server";
import { authenticate } from "~/shopify.server";
import { LabReportList } from "~/components/LabReportList";
import { FigureCard } from "~/components/FigureCard";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await merchantPages.loadHome(session.shop));
};

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });

export default function Home() {
  const { plan, counts, latest } = useLoaderData<typeof loader>();
  return (
    <Page
      title="Heady Lab Results"
      primaryAction={{ content: "Upload a COA", url: "/app/lab-reports/new" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <InlineStack align="space-between" blockAlign="center">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Your plan
                  </Text>
                  <Text as="p" tone="subdued">
                    {plan.trialEndsAt
                      ? `Trial ends ${dateFormat.format(new Date(plan.trialEndsAt))}`
                      : "Billed through Shopify"}
                  </Text>
                </BlockStack>
                <InlineStack gap="200">
                  <Badge tone={plan.status === "ACTIVE" ? "success" : undefined}>{plan.name}</Badge>
                  {plan.status && plan.status !== "ACTIVE" ? (
                    <Badge tone="attention">{plan.status.toLowerCase()}</Badge>
                  ) : null}
                </InlineStack>
              </InlineStack>
            </Card>
            <InlineGrid columns={3} gap="300">
              <FigureCard label="Lab reports" value={counts.total} />
              <FigureCard label="Awaiting your approval" value={counts.awaitingApproval} />
              <FigureCard label="Failed" value={counts.failed} />
            </InlineGrid>
            <Card padding="0">
              <Box padding="400" paddingBlockEnd="200">
                <Text as="h2" variant="headingMd">
                  Latest lab reports
                </Text>
              </Box>
              <LabReportList reports={latest} />
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
