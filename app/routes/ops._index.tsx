import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { opsConsole } from "~/composition/ops-console.server";
import { FigureCard } from "~/components/FigureCard";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await opsConsole.requireOperator(request);
  const [overview, paymentIssues] = await Promise.all([
    opsConsole.overview(),
    opsConsole.listPaymentIssues(),
  ]);
  return json({ ...overview, paymentIssues });
};

export default function OpsOverview() {
  const overview = useLoaderData<typeof loader>();
  const total = overview.reports.reduce((sum, row) => sum + row.count, 0);
  return (
    <Page title="Overview" fullWidth>
      <Layout>
        {overview.paymentIssues.length > 0 ? (
          <Layout.Section>
            <Card>
              <Text as="h2" variant="headingMd">
                Shops with payment issues (uploads held)
              </Text>
              <DataTable
                columnContentTypes={["text", "text", "text", "text"]}
                headings={["Shop", "Status", "Plan", "Since"]}
                rows={overview.paymentIssues.map((issue) => [
                  issue.shop,
                  issue.status,
                  issue.tier,
                  new Date(issue.since).toLocaleString("en-US"),
                ])}
              />
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={4} gap="400">
            <FigureCard label="Installed shops" value={overview.shops.installed} />
            <FigureCard label="Uninstalled shops" value={overview.shops.uninstalled} />
            <FigureCard label="Lab reports" value={total} />
            <FigureCard label="Failures, last 7 days" value={overview.failuresLast7Days} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <Text as="h2" variant="headingMd">
              Reports by status
            </Text>
            <DataTable
              columnContentTypes={["text", "numeric"]}
              headings={["Status", "Reports"]}
              rows={overview.reports.map((row) => [row.status, row.count])}
            />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Text as="h2" variant="headingMd">
              Usage by shop
            </Text>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={["Shop", "Reports", "Published", "Failed"]}
              rows={overview.topShops.map((row) => [
                row.shop,
                row.reports,
                row.published,
                row.failed,
              ])}
            />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Text as="h2" variant="headingMd">
              Recent failures
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text"]}
              headings={["When", "Shop", "File", "Code", "What the merchant saw"]}
              rows={overview.recentFailures.map((row) => [
                row.failedAt ? new Date(row.failedAt).toLocaleString("en-US") : "",
                row.shop,
                row.fileName,
                row.errorCode ?? "",
                row.errorMessage ?? "",
              ])}
            />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
