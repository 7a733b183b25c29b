import {
  Badge,
  BlockStack,
  Card,
  DescriptionList,
  InlineGrid,
  InlineStack,
  Text,
} from "@shopify/polaris";
import type { LabReport, Measure } from "~/pipeline/lab-report";
import { formatMeasure } from "~/pipeline/report-figures";
import { FigureCard } from "./FigureCard";
import { formatDate } from "./format-date";

function Total({
  label,
  measure,
  unsure,
}: {
  label: string;
  measure: Measure | null;
  unsure: boolean;
}) {
  return (
    <FigureCard label={label} value={formatMeasure(measure) ?? "Not on the COA"}>
      <InlineStack gap="100">
        {measure?.source === "computed" ? <Badge>Computed</Badge> : null}
        {unsure ? <Badge tone="warning">Check this</Badge> : null}
      </InlineStack>
    </FigureCard>
  );
}

/** The four totals, as printed (or computed, and marked so). */
export function ReportTotals({
  report,
  uncertainFields,
}: {
  report: LabReport;
  uncertainFields: string[];
}) {
  const unsure = new Set(uncertainFields);
  return (
    <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
      <Total label="Total THC" measure={report.totals.thc} unsure={unsure.has("totals.thc")} />
      <Total label="Total CBD" measure={report.totals.cbd} unsure={unsure.has("totals.cbd")} />
      <Total
        label="Total cannabinoids"
        measure={report.totals.cannabinoids}
        unsure={unsure.has("totals.cannabinoids")}
      />
      <Total
        label="Total terpenes"
        measure={report.totals.terpenes}
        unsure={unsure.has("totals.terpenes")}
      />
    </InlineGrid>
  );
}

const BASIS: Record<string, string> = {
  "dry-weight": "Dry weight",
  "as-received": "As received",
  "per-serving": "Per serving",
  "per-unit": "Per unit",
};

/** Lab and sample facts read from the COA. */
export function SampleFacts({ report }: { report: LabReport }) {
  const facts: [string, string | null][] = [
    ["Lab", report.lab.name],
    ["Lab license", report.lab.license],
    ["Product on the COA", report.sample.productName],
    ["Batch", report.sample.batch],
    ["Sample ID", report.sample.sampleId],
    ["Sample type", report.sample.matrix],
    ["Tested", formatDate(report.sample.dateTested)],
    ["Issued", formatDate(report.sample.dateIssued)],
    ["Figures are", report.basis ? (BASIS[report.basis] ?? report.basis) : null],
    ["Verification link", report.verificationUrl],
  ];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Sample and lab
        </Text>
        <DescriptionList
          items={facts.map(([term, value]) => ({
            term,
            description: value ?? "Not found on the COA",
          }))}
        />
      </BlockStack>
    </Card>
  );
}
