import {
  BlockStack,
  EmptyState,
  InlineStack,
  ResourceItem,
  ResourceList,
  Text,
} from "@shopify/polaris";
import { LabReportStatusBadge } from "./LabReportStatusBadge";
import type { LabReportStatusName } from "./lab-report-status";

export interface LabReportListItem {
  id: string;
  productTitle: string | null;
  fileName: string;
  status: LabReportStatusName;
  createdAt: string;
}

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

/** Reports newest first, each linking to its page; shared by the home page and the reports list. */
export function LabReportList({ reports }: { reports: LabReportListItem[] }) {
  if (reports.length === 0) {
    return (
      <EmptyState
        heading="No lab reports yet"
        action={{ content: "Upload a COA", url: "/app/lab-reports/new" }}
        image="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="
      >
        <p>Upload a lab&apos;s Certificate of Analysis to write a product description from it.</p>
      </EmptyState>
    );
  }
  return (
    <ResourceList
      resourceName={{ singular: "lab report", plural: "lab reports" }}
      items={reports}
      renderItem={(report) => (
        <ResourceItem
          id={report.id}
          url={`/app/lab-reports/${report.id}`}
          accessibilityLabel={`Open the lab report for ${report.productTitle ?? report.fileName}`}
        >
          <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
            <BlockStack gap="100">
              <Text as="h3" variant="bodyMd" fontWeight="semibold">
                {report.productTitle ?? "No product"}
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {report.fileName} · {dateFormat.format(new Date(report.createdAt))}
              </Text>
            </BlockStack>
            <LabReportStatusBadge status={report.status} />
          </InlineStack>
        </ResourceItem>
      )}
    />
  );
}
