import {
  EmptyState,
  IndexTable,
  Link,
  Text,
  useIndexResourceState,
  type IndexTableProps,
} from "@shopify/polaris";
import { LabReportStatusBadge } from "./LabReportStatusBadge";
import type { LabReportStatusName } from "./lab-report-status";
import { formatDate } from "./format-date";

export interface LabReportRow {
  id: string;
  productTitle: string | null;
  fileName: string;
  status: LabReportStatusName;
  createdAt: string;
  totalThc: string | null;
  lab: string | null;
  batch: string | null;
}

// A document with a checked list: what the app turns a COA into.
const EMPTY_IMAGE = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120"><rect x="28" y="14" width="64" height="88" rx="6" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3"/><path d="M40 40h40M40 56h40M40 72h24" stroke="#8a8a8a" stroke-width="4" stroke-linecap="round"/><circle cx="86" cy="88" r="16" fill="#29845a"/><path d="M79 88l5 5 10-10" stroke="#fff" stroke-width="4" fill="none" stroke-linecap="round"/></svg>',
)}`;

export function NoLabReports({ filtered }: { filtered: boolean }) {
  if (filtered) {
    return (
      <EmptyState heading="No lab reports match" image="">
        <p>Try another tab or search for a product, a lab or a batch.</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState
      heading="Upload your first COA"
      action={{ content: "Upload a COA", url: "/app/lab-reports/new" }}
      image={EMPTY_IMAGE}
    >
      <p>
        Link a lab&apos;s Certificate of Analysis to a product: the app reads it, writes the
        description and, once you approve, publishes it with the lab results.
      </p>
    </EmptyState>
  );
}

/**
 * Reports with the columns a merchant scans for: product, status, THC, lab, batch, upload date.
 * With `bulkActions`, rows can be selected and acted on together.
 */
export function LabReportTable({
  reports,
  bulkActions,
  sort,
  emptyState,
}: {
  reports: LabReportRow[];
  bulkActions?: (selected: string[], clear: () => void) => IndexTableProps["promotedBulkActions"];
  sort?: {
    column: number;
    direction: "ascending" | "descending";
    onSort(column: number, direction: "ascending" | "descending"): void;
    sortable: boolean[];
  };
  emptyState: React.ReactNode;
}) {
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(reports as unknown as { [key: string]: unknown }[]);
  return (
    <IndexTable
      resourceName={{ singular: "lab report", plural: "lab reports" }}
      itemCount={reports.length}
      selectable={Boolean(bulkActions)}
      selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
      onSelectionChange={handleSelectionChange}
      promotedBulkActions={bulkActions?.(selectedResources, clearSelection)}
      emptyState={emptyState}
      headings={[
        { title: "Product" },
        { title: "Status" },
        { title: "Total THC", alignment: "end" },
        { title: "Lab" },
        { title: "Batch" },
        { title: "Uploaded" },
      ]}
      sortable={sort?.sortable}
      sortColumnIndex={sort?.column}
      sortDirection={sort?.direction}
      onSort={sort?.onSort}
    >
      {reports.map((report, index) => (
        <IndexTable.Row
          id={report.id}
          key={report.id}
          position={index}
          selected={selectedResources.includes(report.id)}
        >
          <IndexTable.Cell>
            <Link url={`/app/lab-reports/${report.id}`} removeUnderline monochrome dataPrimaryLink>
              <Text as="span" fontWeight="semibold">
                {report.productTitle ?? report.fileName}
              </Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <LabReportStatusBadge status={report.status} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {report.totalThc ?? "—"}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>{report.lab ?? "—"}</IndexTable.Cell>
          <IndexTable.Cell>{report.batch ?? "—"}</IndexTable.Cell>
          <IndexTable.Cell>{formatDate(report.createdAt)}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
