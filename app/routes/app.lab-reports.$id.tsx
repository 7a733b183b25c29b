import { useCallback, useEffect, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  useSearchParams,
  useNavigation,
  useSubmit,
} from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { SaveBar, useAppBridge } from "@shopify/app-bridge-react";
import { z } from "zod";
import { merchantPages } from "~/composition/merchant-pages.server";
import { authenticate } from "~/shopify.server";
import {
  approveDescription,
  publishEditedDescription,
  regenerateDescription,
  restorePreviousDescription,
  retryLabReport,
  saveEditedDescription,
  type ActionResult,
} from "~/merchant/lab-report-actions.server";
import { labReportActionDeps } from "~/composition/merchant-actions.server";
import { productAssignmentDeps } from "~/composition/merchant-matching.server";
import {
  assignmentInputSchema,
  assignProduct,
  loadAssignmentView,
} from "~/merchant/product-assignment.server";
import { uploadUrl } from "~/merchant/upload-preselection.server";
import { ProductAssignmentCard } from "~/components/ProductAssignmentCard";
import { writerSettingsSchema } from "~/pipeline/writer-settings";
import { DescriptionCard, RewriteModal } from "~/components/DescriptionCard";
import { ReportDecision } from "~/components/ReportDecision";
import { ReportHolds } from "~/components/ReportHolds";
import { ReviewValues } from "~/components/ReviewValues";
import { SafetySection } from "~/components/SafetySection";
import { AnalyteTables } from "~/components/AnalyteTables";
import { PerUnitSection } from "~/components/PerUnitAmounts";
import { ReportTotals, SampleFacts } from "~/components/ReportFigures";
import { UnsavedChangesGuard } from "~/components/unsaved-changes";
import { RouteErrorBoundary } from "~/components/RouteErrors";
import { LabReportStatusBadge } from "~/components/LabReportStatusBadge";
import { BatchQrCodes } from "~/components/BatchQrCodes";
import { formatDate } from "~/components/format-date";
import { errorPageTitle, pageTitle } from "~/components/page-title";
import { usePolling } from "~/components/use-polling";

const POLL_MS = 3_000;

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: data ? pageTitle(data.productTitle ?? "Lab report") : errorPageTitle(error) },
];

function notFound(): Response {
  return new Response("This lab report does not exist.", { status: 404 });
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const view = await merchantPages.loadLabReport(session.shop, params.id ?? "");
  if (!view) throw notFound();
  const assignment = await loadAssignmentView(productAssignmentDeps(admin.graphql), view);
  // "Upload a different PDF" opens the form for the same product and variants.
  return json({
    ...view,
    assignment,
    uploadAnotherUrl: uploadUrl(view.productId, view.variantIds),
  });
};

const acknowledged = z
  .enum(["yes", "no"])
  .optional()
  .transform((value) => value === "yes");

const actionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), acknowledged }),
  z.object({ intent: z.literal("save-edit"), html: z.string().max(100_000) }),
  z.object({ intent: z.literal("publish-edited"), html: z.string().max(100_000), acknowledged }),
  z.object({
    intent: z.literal("regenerate"),
    tone: writerSettingsSchema.shape.tone,
    length: writerSettingsSchema.shape.length,
  }),
  z.object({ intent: z.literal("retry") }),
  z.object({ intent: z.literal("restore") }),
  assignmentInputSchema.extend({ intent: z.literal("assign-product") }),
]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = actionInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return json({ ok: false, message: "That request was not understood.", refusals: [] }, 400);
  const input = parsed.data;
  const deps = labReportActionDeps(admin.graphql);
  const target = { shop: session.shop, reportId: params.id ?? "" };
  let result: ActionResult;
  switch (input.intent) {
    case "approve":
      result = await approveDescription(deps, { ...target, acknowledged: input.acknowledged });
      break;
    case "save-edit":
      result = await saveEditedDescription(deps, { ...target, html: input.html });
      break;
    case "publish-edited":
      result = await publishEditedDescription(deps, {
        ...target,
        html: input.html,
        acknowledged: input.acknowledged,
      });
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
    case "assign-product":
      result = await assignProduct(productAssignmentDeps(admin.graphql), { ...target, ...input });
      break;
  }
  if (!result.ok && result.reason === "not-found") throw notFound();
  const refusals = result.ok ? [] : (result.refusals ?? []);
  return json({ ok: result.ok, message: result.message, refusals }, result.ok ? 200 : 409);
};

export default function LabReportPage() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const editorCard = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState(false);
  const [editedHtml, setEditedHtml] = useState<string | null>(null);
  const [acknowledgedHolds, setAcknowledgedHolds] = useState(false);
  const [rewriteOpen, setRewriteOpen] = useState(false);

  // The pipeline moves on its own until it needs the merchant or ends: poll until then.
  usePolling(view.live, POLL_MS);

  useEffect(() => {
    if (result && "message" in result) shopify.toast.show(result.message, { isError: !result.ok });
  }, [result, shopify]);

  // Arriving from the upload page: say it worked, once (a reload shows no second toast).
  const [searchParams, setSearchParams] = useSearchParams();
  useEffect(() => {
    if (searchParams.get("uploaded") !== "1") return;
    shopify.toast.show("COA uploaded. Reading it now.");
    const rest = new URLSearchParams(searchParams);
    rest.delete("uploaded");
    setSearchParams(rest, { replace: true, preventScrollReset: true });
  }, [searchParams, setSearchParams, shopify]);

  // A saved (or rewritten) version arrives as a new description: the edit is no longer pending.
  const descriptionId = view.description?.id;
  useEffect(() => {
    setEditedHtml(null);
    setEditing(false);
  }, [descriptionId]);

  // What the compliance check refused in the last save or publish; the next answer replaces it.
  const refusals: string[] = result?.refusals ?? [];

  const busy = navigation.state !== "idle";
  const busyIntent = (navigation.formData?.get("intent") as string | undefined) ?? null;
  const awaiting = view.status === "awaiting-approval" && !view.live;
  const dirty = editedHtml !== null;
  const toCheck = view.reviewItems.filter((item) => item.resolution === null).map((i) => i.field);
  const valuesChecked = toCheck.length === 0;
  const canPublish =
    view.productId !== null &&
    valuesChecked &&
    (!view.holds.some((h) => h.acknowledge) || acknowledgedHolds);
  const run = (intent: string, extra: Record<string, string> = {}) =>
    submit({ intent, ...extra }, { method: "post" });
  const ack = { acknowledged: acknowledgedHolds ? "yes" : "no" };

  const startEditing = useCallback(() => {
    setEditing(true);
    editorCard.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    requestAnimationFrame(() => document.getElementById("description-editor")?.focus());
  }, []);

  const discard = () => {
    setEditedHtml(null);
    setEditing(false);
  };

  return (
    <Page
      backAction={{ content: "Lab reports", url: "/app/lab-reports" }}
      title={view.productTitle ?? "Lab report"}
      subtitle={`${view.fileName} · uploaded ${formatDate(view.createdAt)}`}
      titleMetadata={<LabReportStatusBadge status={view.status} />}
    >
      <SaveBar id="description-save-bar" open={dirty}>
        <button
          variant="primary"
          onClick={() => editedHtml !== null && run("save-edit", { html: editedHtml })}
          disabled={busy}
        >
          Save
        </button>
        <button onClick={discard}>Discard</button>
      </SaveBar>
      <UnsavedChangesGuard dirty={dirty} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ReportDecision
              report={{
                status: view.status,
                live: view.live,
                stale: view.stale,
                errorMessage: view.errorMessage,
                publishedAt: view.publishedAt,
                links: view.links,
                canRestorePrevious: view.canRestorePrevious,
                uploadAnotherUrl: view.uploadAnotherUrl,
              }}
              holds={
                <ReportHolds
                  holds={view.holds}
                  acknowledged={acknowledgedHolds}
                  onAcknowledge={setAcknowledgedHolds}
                  disabled={busy}
                />
              }
              canPublish={canPublish}
              busy={busy}
              busyIntent={busyIntent}
              onApprove={() =>
                dirty ? run("publish-edited", { html: editedHtml, ...ack }) : run("approve", ack)
              }
              onEdit={startEditing}
              onRewrite={() => setRewriteOpen(true)}
              onRetry={() => run("retry")}
              onRestore={() => run("restore")}
            />

            <ProductAssignmentCard
              assignment={view.assignment}
              editable={view.status !== "published" && view.status !== "publishing"}
              busy={busyIntent === "assign-product"}
              onAssign={(picked) =>
                run("assign-product", {
                  productId: picked.id,
                  variantIds: JSON.stringify(picked.variantIds),
                })
              }
            />

            <ReviewValues
              reportId={view.id}
              items={view.reviewItems}
              pageImages={view.pageImages}
              canDecide={awaiting}
            />

            {view.report ? (
              <ReportTotals
                report={view.report}
                uncertainFields={view.uncertainFields}
                pending={toCheck}
              />
            ) : null}
            {view.report ? <PerUnitSection report={view.report} /> : null}
            {view.report ? <SafetySection report={view.report} /> : null}

            {view.description ? (
              <DescriptionCard
                ref={editorCard}
                description={view.description}
                dirty={dirty}
                editable={awaiting && editing}
                refusals={refusals}
                onChange={(html) => setEditedHtml(html === view.description?.html ? null : html)}
              />
            ) : null}

            {view.report?.sample.batch ? (
              <BatchQrCodes
                reportId={view.id}
                batch={view.report.sample.batch}
                published={view.status === "published"}
              />
            ) : null}

            {view.report ? <SampleFacts report={view.report} pending={toCheck} /> : null}
            {view.report ? (
              <AnalyteTables report={view.report} uncertainFields={view.uncertainFields} />
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
      <RewriteModal
        open={rewriteOpen}
        onClose={() => setRewriteOpen(false)}
        onRewrite={(choice) => {
          setRewriteOpen(false);
          run("regenerate", choice);
        }}
      />
    </Page>
  );
}

export function ErrorBoundary() {
  return (
    <RouteErrorBoundary
      notFound="This lab report does not exist, or it belongs to another shop."
      back={{ content: "Lab reports", url: "/app/lab-reports" }}
    />
  );
}
