import { Badge, BlockStack, Card, InlineStack, Text, type BadgeProps } from "@shopify/polaris";
import type { LabReport, PanelStatus } from "~/pipeline/lab-report";
import { panelDisplayName } from "~/pipeline/display-names";

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
  tested: "Tested",
};

/** The safety panels, failed ones first: shown before the long potency tables. */
export function SafetySection({ safety }: { safety: LabReport["safety"] }) {
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
          {safety.overall ? (
            <Badge tone={PANEL_TONES[safety.overall]}>
              {`Overall: ${PANEL_WORDS[safety.overall]}`}
            </Badge>
          ) : null}
        </InlineStack>
        {panels.length > 0 ? (
          <ul className="heady-panels">
            {panels.map((p) => (
              <li key={p.panel}>
                <Text as="span">{panelDisplayName(p.panel)}</Text>
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
