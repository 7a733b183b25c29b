import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { LabReport, Measure, PerUnitAmounts } from "~/pipeline/lab-report";
import { analyteDisplayName } from "~/pipeline/display-names";

/** "9.56 mg per serving": an amount always says what it is an amount of. */
function amountText(m: Measure | null, basis: string): string {
  if (!m) return "—";
  if (m.value === null) return m.qualifier ?? "—";
  return `${m.qualifier === ">ULOQ" ? ">" : ""}${m.value} mg per ${basis}`;
}

function PerUnitTable({
  amounts,
  servingSize,
  servingsPerPackage,
}: {
  amounts: PerUnitAmounts;
  servingSize: string | null;
  servingsPerPackage: number | null;
}) {
  const totals: [string, Measure | null][] = [
    ["Total THC", amounts.totals.thc],
    ["Total CBD", amounts.totals.cbd],
    ["Total cannabinoids", amounts.totals.cannabinoids],
  ];
  const rows = [
    ...totals
      .filter(([, m]) => m !== null)
      .map(([label, m]) => [
        `${label}${m?.source === "computed" ? " (computed)" : ""}`,
        amountText(m, amounts.basis),
      ]),
    ...amounts.cannabinoids.map((a) => [
      analyteDisplayName(a.analyte, a.label),
      amountText(a, amounts.basis),
    ]),
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
