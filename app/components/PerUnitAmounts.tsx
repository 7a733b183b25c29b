import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { LabReport, Measure, PerUnitAmounts } from "~/pipeline/lab-report";
import { analyteDisplayName } from "~/pipeline/display-names";
import { formatAmount } from "~/pipeline/report-figures";

function PerUnitTable({
  amounts,
  servingSize,
  servingsPerPackage,
}: {
  amounts: PerUnitAmounts;
  servingSize: string | null;
  servingsPerPackage: number | null;
}) {
  // "6.81 mg THC per serving": an amount always says what it is an amount of, and per what.
  const totals: [string, string, Measure | null][] = [
    ["Total THC", "THC", amounts.totals.thc],
    ["Total CBD", "CBD", amounts.totals.cbd],
    ["Total cannabinoids", "cannabinoids", amounts.totals.cannabinoids],
  ];
  // Not detected rows are named once below the table, as the concentration tables hide them.
  const notDetected = amounts.cannabinoids.filter((a) => a.qualifier === "ND");
  const rows = [
    ...totals.flatMap(([label, of, m]) =>
      m
        ? [
            [
              `${label}${m.source === "computed" ? " (computed)" : ""}`,
              formatAmount(m, amounts.basis, of),
            ],
          ]
        : [],
    ),
    ...amounts.cannabinoids
      .filter((a) => a.qualifier !== "ND")
      .map((a) => [analyteDisplayName(a.analyte, a.label), formatAmount(a, amounts.basis)]),
  ];
  const notes = [
    servingSize && amounts.basis === "serving" ? `Serving size: ${servingSize}` : null,
    servingsPerPackage ? `Servings per package: ${servingsPerPackage}` : null,
  ].filter(Boolean);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {`Amounts per ${amounts.basis}`}
        </Text>
        <Text as="p" tone="subdued">
          {`Per ${amounts.basis}, as the COA prints them: not a concentration, not the product's total.`}
          {notes.length > 0 ? ` ${notes.join(" · ")}` : ""}
        </Text>
        <DataTable
          columnContentTypes={["text", "text"]}
          headings={["Name", `Amount per ${amounts.basis}`]}
          rows={rows}
        />
        {notDetected.length > 0 ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {`Not detected: ${notDetected.map((a) => analyteDisplayName(a.analyte, a.label)).join(", ")}.`}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

/** Amounts per serving, unit or package, kept apart from the concentrations in the other tables. */
export function PerUnitSection({ report }: { report: LabReport }) {
  const perUnit = report.perUnit;
  if (!perUnit || perUnit.amounts.length === 0) return null;
  return (
    <BlockStack gap="400">
      {perUnit.amounts.map((amounts) => (
        <PerUnitTable
          key={amounts.basis}
          amounts={amounts}
          servingSize={perUnit.servingSize}
          servingsPerPackage={perUnit.servingsPerPackage}
        />
      ))}
    </BlockStack>
  );
}
