import { useState } from "react";
import { BlockStack, Button, Card, DataTable, InlineGrid, Text } from "@shopify/polaris";
import type { Analyte, LabReport } from "~/pipeline/lab-report";
import { analyteDisplayName } from "~/pipeline/display-names";
import { formatMeasure, inOneUnit } from "~/pipeline/report-figures";

/** ND / <LOQ / computed, the marks the tables and totals use, said once in words. */
export function MeasureLegend() {
  return (
    <Text as="p" variant="bodySm" tone="subdued">
      ND: not detected. &lt;LOQ: detected below the amount the lab can measure. Computed: not
      printed on the COA, calculated from its rows (THCa × 0.877 + Δ9-THC). Figures are as printed.
    </Text>
  );
}

function notDetected(a: Analyte): boolean {
  return a.qualifier === "ND";
}

function AnalyteTable({
  title,
  analytes,
  unsure,
}: {
  title: string;
  analytes: Analyte[];
  unsure: Set<string>;
}) {
  const [showAll, setShowAll] = useState(false);
  // One unit per table: a row the lab printed in the other unit is converted exactly and marked.
  const inUnit = inOneUnit(analytes);
  const detected = inUnit.filter((a) => !notDetected(a));
  const hidden = inUnit.length - detected.length;
  const rows = (showAll ? inUnit : detected).map((a) => [
    analyteDisplayName(a.analyte, a.label),
    `${formatMeasure(a) ?? "—"}${a.source === "computed" ? " (computed)" : ""}${
      unsure.has(a.analyte) ? " (check)" : ""
    }`,
  ]);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {analytes.length === 0 ? (
          <Text as="p" tone="subdued">
            None were found on the COA.
          </Text>
        ) : (
          <>
            {rows.length > 0 ? (
              <DataTable
                columnContentTypes={["text", "text"]}
                headings={["Name", "Result"]}
                rows={rows}
              />
            ) : (
              <Text as="p" tone="subdued">
                None detected.
              </Text>
            )}
            {hidden > 0 ? (
              <Button variant="plain" onClick={() => setShowAll(!showAll)}>
                {showAll ? "Hide those not detected" : `Show ${hidden} not detected (ND)`}
              </Button>
            ) : null}
          </>
        )}
      </BlockStack>
    </Card>
  );
}

/** The cannabinoid and terpene rows, by display name; rows not detected are folded away. */
export function AnalyteTables({
  report,
  uncertainFields,
}: {
  report: LabReport;
  uncertainFields: string[];
}) {
  // "cannabinoids.thca" / "terpenes.limonene" name an analyte by its key.
  const unsure = new Set(uncertainFields.map((f) => f.split(".").slice(1).join(".")));
  return (
    <BlockStack gap="200">
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <AnalyteTable title="Cannabinoids" analytes={report.cannabinoids} unsure={unsure} />
        <AnalyteTable title="Terpenes" analytes={report.terpenes} unsure={unsure} />
      </InlineGrid>
      <MeasureLegend />
    </BlockStack>
  );
}
