import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  useNavigation,
  useRevalidator,
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
  ProgressBar,
  Select,
  Text,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { z } from "zod";
import { merchantPages } from "~/composition/merchant-pages.server";
import { authenticate } from "~/shopify.server";
import {
  approveDescription,
  publishEditedDescription,
  regenerateDescription,
  restorePreviousDescription,
  retryLabReport,
  type ActionResult,
} from "~/merchant/lab-report-actions.server";
import { labReportActionDeps } from "~/composition/merchant-actions.server";
import { sanitizeDescriptionHtml } from "~/pipeline/sanitize-description-html";
import { writerSettingsSchema } from "~/pipeline/writer-settings";
import { DescriptionEditor } from "~/components/DescriptionEditor";
import { LabReportDetails, LabReportSummary } from "~/components/LabReportFacts";
import previewStyles from "~/components/description-preview.css?url";
import { LabReportStatusBadge } from "~/components/LabReportStatusBadge";
import { BatchQrCodes } from "~/components/BatchQrCodes";
import { STATUS_STEPS, statusLabel } from "~/components/lab-report-status";

const POLL_MS = 3_000;

export const links = () => [{ rel: "stylesheet", href: previewStyles }];

function notFound(): Response {
  return new Response("This lab report does not exist.", { status: 404 });
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const view = await merchantPages.loadLabReport(session.shop, params.id ?? "");
  if (!view) throw notFound();
  return json(view);
};

const actionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("publish-edited"), html: z.string().max(100_000) }),
  z.object({
    intent: z.literal("regenerate"),
    tone: writerSettingsSchema.shape.tone,
    length: writerSettingsSchema.shape.length,
  }),
  z.object({ intent: z.literal("retry") }),
  z.object({ intent: z.literal("restore") }),
  z.object({ intent: z.literal("preview"), html: z.string().max(100_000) }),
]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = actionInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, message: "That request was not understood." }, 400);
  const input = parsed.data;
  if (input.intent === "preview") return json({ preview: sanitizeDescriptionHtml(input.html) });

  const deps = labReportActionDeps(admin.graphql);
  const target = { shop: session.shop, reportId: params.id ?? "" };
  let result: ActionResult;
  switch (input.intent) {
    case "approve":
      result = await approveDescription(deps, target);
      break;
    case "publish-edited":
      result = await publishEditedDescription(deps, { ...target, html: input.html });
      break;
    case "regenerate":
      result = await regenerateDescription(deps, {
        ...target,
        tone: input.tone,
        length: input.length,
      });
      break;
    case "retry":
      result = await retryLabReport(deps, target);
      break;
    case "restore":
      result = await restorePreviousDescription(deps, target);
      break;
  }
  if (!result.ok && result.reason === "not-found") throw notFound();
  return json(result, result.ok ? 200 : 409);
};

export default function LabReportPage() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const [editedHtml, setEditedHtml] = useState<string | null>(null);
  const [tone, setTone] = useState("friendly");
  const [length, setLength] = useState("standard");

  // The pipeline moves on its own until it needs the merchant or ends: poll until then.
  useEffect(() => {
    if (!view.live) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [view.live, revalidator]);

  useEffect(() => {
    if (result && "message" in result) shopify.toast.show(result.message, { isError: !result.ok });
  }, [result, shopify]);

  const busy = navigation.state !== "idle";
  const busyIntent = navigation.formData?.get("intent");
  const awaiting = view.status === "awaiting-approval" && !view.live;
  const stepIndex = STATUS_STEPS.indexOf(view.status);
  const run = (intent: string, extra: Record<string, string> = {}) =>
    submit({ intent, ...extra }, { method: "post" });

  return (
    <Page
      backAction={{ content: "Lab reports", url: "/app/lab-reports" }}
      title={view.productTitle ?? "Lab report"}
      subtitle={view.fileName}
      titleMetadata={<LabReportStatusBadge status={view.status} />}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {view.status === "failed" ? (
              <Banner
                tone="critical"
                title="This COA could not be processed"
                action={{
                  content: "Retry",
                  onAction: () => run("retry"),
                  loading: busyIntent === "retry",
                }}
              >
                <p>{view.errorMessage ?? "Something went wrong. Press Retry to try again."}</p>
              </Banner>
            ) : (
              <Card>
                <BlockStack gap="200">
                  <InlineStack align="space-between">
                    <Text as="h2" variant="headingSm">
                      {statusLabel(view.status)}
                    </Text>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {view.live ? "Updating automatically" : ""}
                    </Text>
                  </InlineStack>
                  <ProgressBar
                    progress={Math.round((100 * (stepIndex + 1)) / STATUS_STEPS.length)}
                    tone={view.status === "published" ? "success" : "highlight"}
                    size="small"
                  />
                  <Text as="p" tone="subdued" variant="bodySm">
                    {STATUS_STEPS.map(statusLabel).join(" → ")}
                  </Text>
                </BlockStack>
              </Card>
            )}

            {view.report ? (
              <LabReportSummary
                report={view.report}
                warnings={view.warnings}
                uncertainFields={view.uncertainFields}
              />
            ) : null}

            {view.description ? (
              <Card>
                <BlockStack gap="400">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Description
                    </Text>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {`Version ${view.description.version} · ${view.description.source}`}
                    </Text>
                  </InlineStack>
                  <DescriptionEditor
                    key={view.description.id}
                    initialHtml={view.description.html}
                    readOnly={!awaiting}
                    onChange={(html) =>
                      setEditedHtml(html === view.description?.html ? null : html)
                    }
                  />
                  <Text as="p" variant="bodySm" tone="subdued">
                    {`SEO title: ${view.description.seoTitle}`}
                  </Text>
                  {awaiting ? (
                    <InlineStack gap="300" align="space-between" blockAlign="end">
                      <InlineStack gap="200" blockAlign="end">
                        <Select
                          label="Tone"
                          options={["friendly", "clinical", "premium"]}
                          value={tone}
                          onChange={setTone}
                        />
                        <Select
                          label="Length"
                          options={["short", "standard", "long"]}
                          value={length}
                          onChange={setLength}
                        />
                        <Button
                          onClick={() => run("regenerate", { tone, length })}
                          loading={busyIntent === "regenerate"}
                          disabled={busy}
                        >
                          Rewrite
                        </Button>
                      </InlineStack>
                      {editedHtml === null ? (
                        <Button
                          variant="primary"
                          onClick={() => run("approve")}
                          loading={busyIntent === "approve"}
                          disabled={busy}
                        >
                          Approve and publish
                        </Button>
                      ) : (
                        <Button
                          variant="primary"
                          onClick={() => run("publish-edited", { html: editedHtml })}
                          loading={busyIntent === "publish-edited"}
                          disabled={busy}
                        >
                          Publish my edit
                        </Button>
                      )}
                    </InlineStack>
                  ) : null}
                  {view.canRestorePrevious ? (
                    <InlineStack>
                      <Button
                        tone="critical"
                        variant="plain"
                        onClick={() => run("restore")}
                        loading={busyIntent === "restore"}
                        disabled={busy}
                      >
                        Restore the previous product description
                      </Button>
                    </InlineStack>
                  ) : null}
                </BlockStack>
              </Card>
            ) : null}

            {view.report?.sample.batch ? (
              <BatchQrCodes
                reportId={view.id}
                batch={view.report.sample.batch}
                published={view.status === "published"}
              />
            ) : null}

            {view.report ? (
              <LabReportDetails
                report={view.report}
                warnings={view.warnings}
                uncertainFields={view.uncertainFields}
              />
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
