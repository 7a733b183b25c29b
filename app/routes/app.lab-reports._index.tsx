import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Card, Layout, Page, Pagination } from "@shopify/polaris";
import { z } from "zod";
import { merchantPages } from "~/composition/merchant-pages.server";
import { authenticate } from "~/shopify.server";
import { LabReportList } from "~/components/LabReportList";
import { openLabelSheet } from "~/components/BatchQrCodes";

const query = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { page } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await merchantPages.listLabReportPage(session.shop, page));
};

export default function LabReports() {
  const { reports, page, hasNext, hasPrevious } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <Page
      title="Lab reports"
      primaryAction={{ content: "Upload a COA", url: "/app/lab-reports/new" }}
      secondaryActions={[
        { content: "Print QR labels", onAction: () => void openLabelSheet([]).catch(() => {}) },
      ]}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <LabReportList reports={reports} />
          </Card>
        </Layout.Section>
        {hasNext || hasPrevious ? (
          <Layout.Section>
            <Pagination
              hasPrevious={hasPrevious}
              onPrevious={() => navigate(`?page=${page - 1}`)}
              hasNext={hasNext}
              onNext={() => navigate(`?page=${page + 1}`)}
              label={`Page ${page}`}
            />
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
