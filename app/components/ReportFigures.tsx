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
import { concentrationBasis } from "~/pipeline/report-basis";
import { formatMeasure } from "~/pipeline/report-figures";
import { FigureCard } from "./FigureCard";
import { formatDate } from "./format-date";

/** Shown in place of a value withheld until the merchant checks it under "Values to check". */
export const TO_CHECK = "To check";

function Total({
  label,
  measure,
  unsure,
  pending,
}: {
  label: string;
  measure: Measure | null;
  unsure: boolean;
  pending: boolean;
}) {
  const value = formatMeasure(measure) ?? (pending ? TO_CHECK : "Not on the COA");
  return (
    <FigureCard label={label} value={value}>
      <InlineStack gap="100">
        {measure?.source === "computed" ? <Badge>Computed</Badge> : null}
        {measure?.source === "confirmed-by-merchant" ? (
          <Badge tone="success">Checked by your team</Badge>
        ) : null}
        {unsure ? <Badge tone="warning">Check this</Badge> : null}
      </InlineStack>
    </FigureCard>
  );
}

const TOTALS: [keyof LabReport["totals"], string][] = [
  ["thc", "Total THC"],
  ["cbd", "Total CBD"],
  ["cannabinoids", "Total cannabinoids"],
  ["terpenes", "Total terpenes"],
];

/** The four totals, as printed (or computed, and marked so); `pending`: fields still to check. */
export function ReportTotals({
  report,
  uncertainFields,
  pending = [],
}: {
  report: LabReport;
  uncertainFields: string[];
  pending?: string[];
}) {
  const unsure = new Set([...uncertainFields, ...pending]);
  return (
    <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
      {TOTALS.map(([key, label]) => (
        <Total
          key={key}
          label={label}
          measure={report.totals[key]}
          unsure={unsure.has(`totals.${key}`)}
          pending={pending.includes(`totals.${key}`)}
        />
      ))}
    </InlineGrid>
  );
}

const BASIS: Record<string, string> = {
  "dry-weight": "Dry weight",
  "as-received": "As received",
  "per-serving": "Per serving",
  "per-unit": "Per unit",
};

/** What the figures of the totals and tables are: never "Per serving" beside an mg/g table. */
export function basisLabel(report: LabReport): string | null {
  const basis = concentrationBasis(report);
  return basis ? (BASIS[basis] ?? basis) : null;
}

/** Lab and sample facts read from the COA; `pending`: fields still to check. */
export function SampleFacts({ report, pending = [] }: { report: LabReport; pending?: string[] }) {
  const facts: [string, string | null, string?][] = [
    ["Lab", report.lab.name, "lab.name"],
    ["Lab license", report.lab.license, "lab.license"],
    ["Product on the COA", report.sample.productName, "sample.productName"],
    ["Batch", report.sample.batch, "sample.batch"],
    ["Sample ID", report.sample.sampleId, "sample.sampleId"],
    ["Sample type", report.sample.matrix, "sample.matrix"],
    ["Tested", formatDate(report.sample.dateTested), "sample.dateTested"],
    ["Issued", formatDate(report.sample.dateIssued), "sample.dateIssued"],
    ["Figures are", basisLabel(report)],
    ["Verification link", report.verificationUrl],
  ];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Sample and lab
        </Text>
        <DescriptionList
          items={facts.map(([term, value, field]) => ({
            term,
            description:
              value ?? (field && pending.includes(field) ? TO_CHECK : "Not found on the COA"),
          }))}
        />
      </BlockStack>
    </Card>
  );
}
