import {
  Badge,
  Banner,
  BlockStack,
  Card,
  DataTable,
  DescriptionList,
  InlineGrid,
  InlineStack,
  List,
  Text,
  type BadgeProps,
} from "@shopify/polaris";
import { FigureCard } from "./FigureCard";
import { warningText } from "./warning-text";
import type {
  Analyte,
  LabReport,
  Measure,
  PanelStatus,
  PerUnitAmounts,
} from "~/pipeline/lab-report";
import { inOneUnit } from "~/pipeline/report-figures";
import { isPotencyPanel, safetyVerdict } from "~/pipeline/verdicts";

/** "23.81%", "5.2 mg/g", "ND", "<LOQ": the value as the COA prints it, never rounded. */
export function formatMeasure(measure: Measure | null): string {
  if (!measure) return "—";
  if (measure.qualifier === "ND" || measure.qualifier === "NT" || measure.qualifier === "<LOQ") {
    return measure.qualifier;
  }
  if (measure.value === null) return measure.qualifier ?? "—";
  const number = `${measure.value}${measure.unit === "%" ? "%" : ` ${measure.unit}`}`;
  return measure.qualifier === ">ULOQ" ? `>${number}` : number;
}

const PANEL_TONES: Record<PanelStatus, BadgeProps["tone"]> = {
  pass: "success",
  fail: "critical",
  "not-tested": undefined,
  tested: "info",
};

const PANEL_WORDS: Record<PanelStatus, string> = {
  pass: "Pass",
  fail: "Fail",
  "not-tested": "Not tested",
  tested: "Tested, no verdict printed",
};

function panelName(panel: string): string {
  const words = panel.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

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
    <FigureCard label={label} value={formatMeasure(measure) ?? "—"}>
      <InlineStack gap="100">
        {measure?.source === "computed" ? <Badge>Computed</Badge> : null}
        {unsure ? <Badge tone="warning">Check this</Badge> : null}
      </InlineStack>
    </FigureCard>
  );
}

function AnalyteSection({
  title,
  analytes,
  unsure,
}: {
  title: string;
  analytes: Analyte[];
  unsure: Set<string>;
}) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          {title}
        </Text>
        {analytes.length > 0 ? (
          <AnalyteTable analytes={analytes} unsure={unsure} />
        ) : (
          <Text as="p" tone="subdued">
            None found on the COA.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

/** One unit per table: a row the lab printed in the other unit is converted exactly and marked. */
function AnalyteTable({ analytes, unsure }: { analytes: Analyte[]; unsure: Set<string> }) {
  return (
    <DataTable
      columnContentTypes={["text", "text"]}
      headings={["As printed", "Result"]}
      rows={inOneUnit(analytes).map((a) => [
        a.label,
        `${formatMeasure(a)}${a.source === "computed" ? " (converted)" : ""}${unsure.has(a.analyte) ? " (check)" : ""}`,
      ])}
    />
  );
}

/** "9.56 mg per serving": an amount always says what it is an amount of. */
function amountText(m: Measure | null, basis: string): string {
  if (!m) return "—";
  if (m.value === null) return m.qualifier ?? "—";
  return `${m.qualifier === ">ULOQ" ? ">" : ""}${m.value} mg per ${basis}`;
}

function PerUnitSection({
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
    ...amounts.cannabinoids.map((a) => [a.label, amountText(a, amounts.basis)]),
  ];
  const notes = [
    servingSize && amounts.basis === "serving" ? `Serving size: ${servingSize}` : null,
    servingsPerPackage ? `Servings per package: ${servingsPerPackage}` : null,
  ].filter(Boolean);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          {`Amounts per ${amounts.basis}`}
        </Text>
        <Text as="p" tone="subdued">
          {`Per ${amounts.basis}, as the COA prints them: not a concentration, not the product's total.`}
          {notes.length > 0 ? ` ${notes.join(" · ")}` : ""}
        </Text>
        <DataTable
          columnContentTypes={["text", "text"]}
          headings={["As printed", `Amount per ${amounts.basis}`]}
          rows={rows}
        />
      </BlockStack>
    </Card>
  );
}

type FactsProps = { report: LabReport; warnings: string[]; uncertainFields: string[] };

/** The totals and what the merchant should check, shown above the description. */
export function LabReportSummary({ report, warnings, uncertainFields }: FactsProps) {
  const unsure = new Set(uncertainFields);
  return (
    <BlockStack gap="400">
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
      {warnings.length > 0 || uncertainFields.length > 0 ? (
        <Banner tone="warning" title="Look at these before publishing">
          <List>
            {warnings.map((w) => (
              <List.Item key={`w-${w}`}>{warningText(w)}</List.Item>
            ))}
            {uncertainFields
              .filter((f) => !warnings.some((w) => w.startsWith(`withheld:${f}:`)))
              .map((f) => (
                <List.Item key={`u-${f}`}>{`Unsure of ${f}`}</List.Item>
              ))}
          </List>
        </Banner>
      ) : null}
    </BlockStack>
  );
}

/** Everything else extraction read from the COA: sample and lab, analytes, safety panels. */
export function LabReportDetails({ report, uncertainFields }: FactsProps) {
  // "cannabinoids.thca" / "terpenes.limonene" name an analyte by its key.
  const unsureAnalytes = new Set(uncertainFields.map((f) => f.split(".").slice(1).join(".")));
  const facts: [string, string | null][] = [
    ["Lab", report.lab.name],
    ["Lab license", report.lab.license],
    ["Product on the COA", report.sample.productName],
    ["Batch", report.sample.batch],
    ["Sample ID", report.sample.sampleId],
    ["Matrix", report.sample.matrix],
    ["Tested", report.sample.dateTested],
    ["Issued", report.sample.dateIssued],
    ["Basis", report.basis],
    ["Verification link", report.verificationUrl],
  ];

  const verdict = safetyVerdict(report);
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingSm">
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

      {(report.perUnit?.amounts ?? []).map((amounts) => (
        <PerUnitSection
          key={amounts.basis}
          amounts={amounts}
          servingSize={report.perUnit?.servingSize ?? null}
          servingsPerPackage={report.perUnit?.servingsPerPackage ?? null}
        />
      ))}

      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <AnalyteSection
          title="Cannabinoids"
          analytes={report.cannabinoids}
          unsure={unsureAnalytes}
        />
        <AnalyteSection title="Terpenes" analytes={report.terpenes} unsure={unsureAnalytes} />
      </InlineGrid>

      <Card>
        <BlockStack gap="200">
          <InlineStack align="space-between">
            <Text as="h2" variant="headingSm">
              Safety panels
            </Text>
            {verdict ? (
              <Badge
                tone={PANEL_TONES[verdict]}
              >{`Shown to shoppers: ${PANEL_WORDS[verdict]}`}</Badge>
            ) : null}
          </InlineStack>
          {report.safety.panels.length > 0 ? (
            <InlineStack gap="200">
              {report.safety.panels.map((p) => (
                <Badge key={p.panel} tone={PANEL_TONES[p.status]}>
                  {`${panelName(p.panel)}${isPotencyPanel(p.panel) ? " (potency, not safety)" : ""}: ${PANEL_WORDS[p.status]}`}
                </Badge>
              ))}
            </InlineStack>
          ) : (
            <Text as="p" tone="subdued">
              No safety panels found on the COA.
            </Text>
          )}
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
