import { useCallback, useEffect } from "react";
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
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { env } from "~/env.server";
import { merchantPages } from "~/composition/merchant-pages.server";
import { catalogMatchDeps, productAssignmentDeps } from "~/composition/merchant-matching.server";
import { loadMatchingTable } from "~/merchant/catalog-matches.server";
import {
  assignmentInputSchema,
  assignProduct,
  confirmedMatchesSchema,
  confirmMatches,
} from "~/merchant/product-assignment.server";
import { tooLargeMessage } from "~/merchant/upload-lab-report.server";
import { BulkUploadQueue } from "~/components/BulkUploadQueue";
import { MatchingTable, matchOf, type ConfirmedMatch } from "~/components/MatchingTable";
import { formatDate } from "~/components/format-date";
import { pageTitle } from "~/components/page-title";
import { usePolling } from "~/components/use-polling";

export const meta: MetaFunction = () => [{ title: pageTitle("Upload many COAs") }];

const POLL_MS = 4_000;
const reportIds = z
  .string()
  .max(50 * 40)
  .transform((text) => text.split(",").filter((id) => /^[\w-]{1,40}$/.test(id)))
  .catch([]);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const ids = new URL(request.url).searchParams.get("ids");
  const config = env();
  const [table, allowance] = await Promise.all([
    loadMatchingTable(
      catalogMatchDeps(session.shop, admin.graphql),
      session.shop,
      ids ? reportIds.parse(ids) : null,
    ),
    merchantPages.monthlyAllowance(session.shop),
  ]);
  return json({
    table,
    batch: ids !== null,
    maxBytes: config.COA_MAX_BYTES,
    maxPages: config.COA_MAX_PAGES,
    tooLarge: tooLargeMessage(config.COA_MAX_BYTES),
    allowance: {
      plan: allowance.plan,
      limit: allowance.limit,
      remaining: allowance.remaining,
      resetsAt: allowance.resetsAt.toISOString(),
    },
  });
};

const actionInput = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("confirm"),
    matches: z
      .string()
      .max(100_000)
      .transform((text) => JSON.parse(text) as unknown)
      .pipe(confirmedMatchesSchema),
  }),
  assignmentInputSchema.extend({ intent: z.literal("assign"), reportId: z.string().max(64) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  let parsed;
  try {
    parsed = actionInput.safeParse(Object.fromEntries(await request.formData()));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) {
    return json({ ok: false, message: "That request was not understood." }, 400);
  }
  const deps = productAssignmentDeps(admin.graphql);
  const input = parsed.data;
  const result =
    input.intent === "confirm"
      ? await confirmMatches(deps, session.shop, input.matches)
      : await assignProduct(deps, { shop: session.shop, ...input });
  return json({ ok: result.ok, message: result.message }, result.ok ? 200 : 409);
};

export default function BulkUpload() {
  const { table, batch, maxBytes, maxPages, tooLarge, allowance } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const [, setSearchParams] = useSearchParams();
  const busy = navigation.state === "submitting";

  usePolling(table.live, POLL_MS);

  useEffect(() => {
    if (result) shopify.toast.show(result.message, { isError: !result.ok });
  }, [result, shopify]);

  const queued = useCallback(
    (reportId: string) =>
      setSearchParams(
        (params) => {
          const ids = (params.get("ids") ?? "").split(",").filter(Boolean);
          return { ids: [...ids, reportId].join(",") };
        },
        { replace: true, preventScrollReset: true },
      ),
    [setSearchParams],
  );
  const confirm = (matches: ConfirmedMatch[]) =>
    submit({ intent: "confirm", matches: JSON.stringify(matches) }, { method: "post" });

  const confident = table.rows
    .filter((r) => r.proposal?.high)
    .map(matchOf)
    .filter((m): m is ConfirmedMatch => m !== null);
  const outOfReports = allowance.remaining === 0;
  const linkedCount = table.rows.filter((r) => r.state === "linked").length;

  return (
    <Page
      backAction={{ content: "Lab reports", url: "/app/lab-reports" }}
      title="Upload many COAs"
      subtitle="Drop the PDFs, then confirm which product each one is for"
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Banner
              tone={outOfReports ? "warning" : "info"}
              title={`${allowance.remaining} of ${allowance.limit} lab reports left this month (${allowance.plan} plan)`}
              action={{ content: "See plans", url: "/app/billing" }}
            >
              <p>
                {`Each PDF counts as one report; once they are used up, the rest are not sent. The count starts again on ${formatDate(allowance.resetsAt)}.`}
              </p>
            </Banner>
            <BulkUploadQueue
              uploadUrl="/app/lab-reports/bulk/upload"
              maxBytes={maxBytes}
              maxPages={maxPages}
              tooLarge={tooLarge}
              disabled={outOfReports}
              onQueued={queued}
            />
            <Card padding="0">
              <BlockStack gap="0">
                <div style={{ padding: "var(--p-space-400)" }}>
                  <BlockStack gap="200">
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <Text as="h2" variant="headingMd">
                        {batch ? "2. Confirm the products" : "COAs waiting for a product"}
                      </Text>
                      {confident.length > 0 ? (
                        <Button
                          variant="primary"
                          disabled={busy}
                          loading={busy}
                          onClick={() => confirm(confident)}
                        >
                          {`Confirm ${confident.length} confident ${confident.length === 1 ? "match" : "matches"}`}
                        </Button>
                      ) : null}
                    </InlineStack>
                    <Text as="p" tone="subdued">
                      Each COA is matched to your catalog by the product name, strain, batch and SKU
                      it prints. Nothing is published until you confirm its product and approve its
                      description.
                    </Text>
                    {linkedCount > 0 ? (
                      <Banner
                        tone="success"
                        action={{
                          content: "Review them",
                          url: "/app/lab-reports?tab=awaiting-approval",
                        }}
                      >
                        <p>
                          {`${linkedCount} of ${table.rows.length} linked to their products. Each waits for your approval before it is published: open it from the table, or approve several from Lab reports.`}
                        </p>
                      </Banner>
                    ) : null}
                    {table.catalogUnavailable ? (
                      <Banner tone="warning">
                        <p>
                          Your catalog could not be read from Shopify just now, so nothing is
                          proposed. Choose each product, or reload the page in a minute.
                        </p>
                      </Banner>
                    ) : !table.catalogComplete ? (
                      <Banner tone="info">
                        <p>
                          Only the first 2,500 products of your catalog were compared. Choose the
                          product of any COA without a proposal.
                        </p>
                      </Banner>
                    ) : null}
                  </BlockStack>
                </div>
                {table.rows.length > 0 ? (
                  <MatchingTable
                    rows={table.rows}
                    busy={busy}
                    onConfirm={confirm}
                    onChoose={(reportId, picked) =>
                      submit(
                        {
                          intent: "assign",
                          reportId,
                          productId: picked.id,
                          variantIds: JSON.stringify(picked.variantIds),
                        },
                        { method: "post" },
                      )
                    }
                  />
                ) : (
                  <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
                    <Text as="p" tone="subdued">
                      Drop COAs above: each appears here with the product it fits.
                    </Text>
                  </div>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
