import type { ReactNode } from "react";
import { BlockStack, Card, Text } from "@shopify/polaris";

/** A labelled headline figure (a count, a total), as the home page and the operator console show them. */
export function FigureCard({
  label,
  value,
  children,
}: {
  label: string;
  value: string | number;
  /** Badges or notes under the figure. */
  children?: ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {String(value)}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}
