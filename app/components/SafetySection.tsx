import { Badge, BlockStack, Card, InlineStack, Text, type BadgeProps } from "@shopify/polaris";
import type { LabReport, PanelStatus } from "~/pipeline/lab-report";
import { panelDisplayName } from "~/pipeline/display-names";
import { isPotencyPanel, safetyVerdict } from "~/pipeline/verdicts";

const PANEL_TONES: Record<PanelStatus, BadgeProps["tone"]> = {
  pass: "success",
  fail: "critical",
  "not-tested": undefined,
  tested: "info",
};

export const PANEL_WORDS: Record<PanelStatus, string> = {
  pass: "Passed",
  fail: "Failed",
  "not-tested": "Not tested",
  tested: "Tested, no verdict printed",
};

/** The safety panels, failed ones first: shown before the long potency tables. */
export function SafetySection({ report }: { report: LabReport }) {
  const { safety } = report;
  // What shoppers are told: an R&D or QA-only COA, or one whose panels the lab did not judge,
  // never reads as passed.
  const verdict = safetyVerdict(report);
  const order: PanelStatus[] = ["fail", "pass", "tested", "not-tested"];
  const panels = [...safety.panels].sort(
    (a, b) => order.indexOf(a.status) - order.indexOf(b.status),
  );
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Safety testing
          </Text>
          {verdict ? (
            <Badge
              tone={PANEL_TONES[verdict]}
            >{`Shown to shoppers: ${PANEL_WORDS[verdict]}`}</Badge>
          ) : null}
        </InlineStack>
        {panels.length > 0 ? (
          <ul className="heady-panels">
            {panels.map((p) => (
              <li key={p.panel}>
                <Text as="span">
                  {`${panelDisplayName(p.panel)}${isPotencyPanel(p.panel) ? " (potency, not safety)" : ""}`}
                </Text>
                <Badge tone={PANEL_TONES[p.status]}>{PANEL_WORDS[p.status]}</Badge>
              </li>
            ))}
          </ul>
        ) : (
          <Text as="p" tone="subdued">
            No safety panels were found on the COA.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
