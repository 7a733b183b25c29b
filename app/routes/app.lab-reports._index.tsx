import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
  useSubmit,
} from "@remix-run/react";
import {
  Box,
  Card,
  InlineStack,
  Layout,
  Page,
  Pagination,
  Tabs,
  TextField,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { z } from "zod";
import { merchantPages } from "~/composition/merchant-pages.server";
import { authenticate } from "~/shopify.server";
import { openLabelSheet } from "~/components/BatchQrCodes";
import { REPORT_TABS, type ReportTab } from "~/components/lab-report-status";
import { labReportActionDeps } from "~/composition/merchant-actions.server";
import { actOnReports } from "~/merchant/bulk-actions.server";
import { LabReportTable, NoLabReports } from "~/components/LabReportTable";
import { pageTitle } from "~/components/page-title";
import { CoaCoverageCard } from "~/components/CoaCoverageCard";

export const meta: MetaFunction = () => [{ title: pageTitle("Lab reports") }];

const TAB_IDS = Object.keys(REPORT_TABS) as [ReportTab, ...ReportTab[]];
const TAB_NAMES: Record<ReportTab, string> = {
  all: "All",
  "awaiting-approval": "Awaiting approval",
  failed: "Failed",
  published: "Published",
  "in-progress": "In progress",
};

const query = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  tab: z.enum(TAB_IDS).catch("all"),
  q: z.string().max(100).catch(""),
  sort: z.enum(["newest", "oldest", "product-asc", "product-desc"]).catch("newest"),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const { page, tab, q, sort } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  // Which products on sale need a new COA: on the list's first, unfiltered page only.
  const showCoverage = page === 1 && tab === "all" && q === "";
  const [list, coverage] = await Promise.all([
    merchantPages.listLabReportPage(session.shop, { page, tab, search: q, sort }),
    showCoverage ? merchantPages.loadCoaCoverage(session.shop, admin.graphql, { limit: 50 }) : null,
  ]);
  return json({ ...list, tab, q, sort, coverage });
};

const bulkInput = z.object({
  intent: z.enum(["approve", "retry"]),
  ids: z
    .string()
    .max(5_000)
    .transform((text) => text.split(",").filter((id) => id !== "")),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = bulkInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, message: "Choose reports first." }, 400);
  const result = await actOnReports(labReportActionDeps(admin.graphql), {
    shop: session.shop,
    intent: parsed.data.intent,
    reportIds: parsed.data.ids,
  });
  return json(result);
};

const SORT_COLUMNS = { product: 0, uploaded: 5 } as const;

export default function LabReports() {
  const { reports, page, hasNext, hasPrevious, tab, q, sort, coverage } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const [search, setSearch] = useState(q);

  useEffect(() => {
    if (result) shopify.toast.show(result.message, { isError: !result.ok });
  }, [result, shopify]);

  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next);
  };

  // One search per pause in typing, not one per keystroke.
  useEffect(() => {
    if (search === q) return;
    const timer = setTimeout(() => go({ q: search }), 350);
    return () => clearTimeout(timer);
  }, [search]);

  const tabIndex = TAB_IDS.indexOf(tab);
  const busy = navigation.state !== "idle";
  const bulk = (intent: "approve" | "retry", ids: string[], clear: () => void) => {
    submit({ intent, ids: ids.join(",") }, { method: "post" });
    clear();
  };

  return (
    <Page
      title="Lab reports"
      primaryAction={{ content: "Upload a COA", url: "/app/lab-reports/new" }}
      secondaryActions={[
        { content: "Upload many COAs", url: "/app/lab-reports/bulk" },
        { content: "Print QR labels", onAction: () => void openLabelSheet([]).catch(() => {}) },
      ]}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <Tabs
              tabs={TAB_IDS.map((id) => ({ id, content: TAB_NAMES[id] }))}
              selected={tabIndex}
              onSelect={(index) =>
                go({ tab: TAB_IDS[index] === "all" ? null : (TAB_IDS[index] ?? null) })
              }
            />
            <Box padding="300">
              <TextField
                label="Search lab reports"
                labelHidden
                placeholder="Search by product, lab or batch"
                value={search}
                onChange={setSearch}
                clearButton
                onClearButtonClick={() => setSearch("")}
                autoComplete="off"
              />
            </Box>
            <LabReportTable
              reports={reports}
              emptyState={<NoLabReports filtered={tab !== "all" || q !== ""} />}
              sort={{
                sortable: [true, false, false, false, false, true],
                column: sort.startsWith("product") ? SORT_COLUMNS.product : SORT_COLUMNS.uploaded,
                direction:
                  sort === "product-desc" || sort === "newest" ? "descending" : "ascending",
                onSort: (column, direction) =>
                  go({
                    sort:
                      column === SORT_COLUMNS.product
                        ? direction === "ascending"
                          ? "product-asc"
                          : "product-desc"
                        : direction === "ascending"
                          ? "oldest"
                          : null,
                  }),
              }}
              bulkActions={(selected, clear) => [
                {
                  content: "Approve and publish",
                  disabled: busy,
                  onAction: () => bulk("approve", selected, clear),
                },
                {
                  content: "Retry",
                  disabled: busy,
                  onAction: () => bulk("retry", selected, clear),
                },
              ]}
            />
          </Card>
        </Layout.Section>
        {hasNext || hasPrevious ? (
          <Layout.Section>
            <InlineStack align="center">
              <Pagination
                hasPrevious={hasPrevious}
                onPrevious={() => go({ page: String(page - 1) })}
                hasNext={hasNext}
                onNext={() => go({ page: String(page + 1) })}
                label={`Page ${page}`}
              />
            </InlineStack>
          </Layout.Section>
        ) : null}
        {coverage && (!coverage.ok || coverage.rows.length > 0) ? (
          <Layout.Section>
            <CoaCoverageCard coverage={coverage} />
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
