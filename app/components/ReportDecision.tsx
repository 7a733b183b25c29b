import type { ReactNode } from "react";
import {
  Banner,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  InlineStack,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { formatDate } from "./format-date";
import { STATUS_STEPS, statusLabel, type LabReportStatusName } from "./lab-report-status";

export interface DecisionReport {
  status: LabReportStatusName;
  live: boolean;
  /** Queued so long that its run most likely never started. */
  stale?: boolean;
  errorMessage: string | null;
  publishedAt: string | null;
  links: { admin: string | null; storefront: string | null };
  canRestorePrevious: boolean;
  uploadAnotherUrl: string;
}

/**
 * The top of the report page: what is happening and what the merchant can do next, before any
 * table. Waiting for approval: publish (primary), edit, rewrite, with the reasons it waits
 * (`holds`). Published: the product in the admin and on the store. Failed: retry or another PDF,
 * and Restore when publishing had begun.
 */
export function ReportDecision({
  report,
  holds,
  canPublish,
  busyIntent,
  busy,
  onApprove,
  onEdit,
  onRewrite,
  onRetry,
  onRestore,
}: {
  report: DecisionReport;
  holds: ReactNode;
  canPublish: boolean;
  busyIntent: string | null;
  busy: boolean;
  onApprove(): void;
  onEdit(): void;
  onRewrite(): void;
  onRetry(): void;
  onRestore(): void;
}) {
  if (report.status === "failed") {
    // A kept previous description means publishing had begun: Restore puts the product back.
    const publishing = report.canRestorePrevious;
    return (
      <Banner
        tone="critical"
        title={
          publishing ? "This lab report could not be published" : "This COA could not be processed"
        }
        action={{ content: "Upload a different PDF", url: report.uploadAnotherUrl }}
        secondaryAction={{ content: "Try again", onAction: onRetry }}
      >
        <BlockStack gap="200">
          <p>{report.errorMessage ?? "Something went wrong while reading it."}</p>
          {publishing ? (
            <InlineStack>
              <Button
                variant="plain"
                tone="critical"
                onClick={onRestore}
                loading={busyIntent === "restore"}
                disabled={busy}
              >
                Restore the previous product description
              </Button>
            </InlineStack>
          ) : null}
        </BlockStack>
      </Banner>
    );
  }

  if (report.status === "queued" && report.stale) {
    return (
      <Banner
        tone="warning"
        title="This COA has not started processing"
        action={{
          content: "Try again",
          onAction: onRetry,
          loading: busyIntent === "retry",
          disabled: busy,
        }}
      >
        <p>
          It has waited in the queue for more than 15 minutes. The app sends it again on its own;
          you can also try again now.
        </p>
      </Banner>
    );
  }

  if (report.status === "published" && !report.live) {
    return (
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {`Published${report.publishedAt ? ` on ${formatDate(report.publishedAt)}` : ""}`}
          </Text>
          <Text as="p">
            The description, the lab results and the COA are on the product. Shoppers see them in
            the Lab results block of your product page.
          </Text>
          <InlineStack gap="200" blockAlign="center">
            {report.links.admin ? (
              <Button url={report.links.admin} target="_top">
                View product
              </Button>
            ) : null}
            {report.links.storefront ? (
              <Button url={report.links.storefront} external>
                View on store
              </Button>
            ) : null}
            {report.canRestorePrevious ? (
              <Button
                variant="plain"
                tone="critical"
                onClick={onRestore}
                loading={busyIntent === "restore"}
                disabled={busy}
              >
                Restore the previous product description
              </Button>
            ) : null}
          </InlineStack>
        </BlockStack>
      </Card>
    );
  }

  if (report.status === "awaiting-approval" && !report.live) {
    return (
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Review and publish
            </Text>
            <Text as="p" tone="subdued">
              Nothing is on your product yet. Publishing puts the description, the lab results and
              the COA on it.
            </Text>
          </BlockStack>
          {holds}
          <InlineStack gap="200" align="start" blockAlign="center">
            <Button
              variant="primary"
              onClick={onApprove}
              loading={busyIntent === "approve"}
              disabled={busy || !canPublish}
            >
              Approve and publish
            </Button>
            <ButtonGroup>
              <Button onClick={onEdit} disabled={busy}>
                Edit description
              </Button>
              <Button onClick={onRewrite} disabled={busy} loading={busyIntent === "regenerate"}>
                Rewrite
              </Button>
            </ButtonGroup>
          </InlineStack>
        </BlockStack>
      </Card>
    );
  }

  const stepIndex = Math.max(0, STATUS_STEPS.indexOf(report.status));
  const label = report.status === "awaiting-approval" ? "Publishing" : statusLabel(report.status);
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            {label}
          </Text>
          <Text as="span" tone="subdued" variant="bodySm">
            Updating automatically
          </Text>
        </InlineStack>
        <ProgressBar
          progress={Math.round((100 * (stepIndex + 1)) / STATUS_STEPS.length)}
          tone="highlight"
          size="small"
        />
        <Text as="p" tone="subdued" variant="bodySm">
          Reading the COA and writing the description take a minute or two. You can leave this page;
          the report keeps going.
        </Text>
      </BlockStack>
    </Card>
  );
}
