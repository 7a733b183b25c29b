import { forwardRef, useState } from "react";
import { BlockStack, Card, InlineStack, Modal, Select, Text } from "@shopify/polaris";
import { DescriptionEditor } from "./DescriptionEditor";
import { RefusedEdit } from "./RefusedEdit";
import { LENGTH_OPTIONS, TONE_OPTIONS } from "./writer-options";

const SOURCE_WORDS: Record<string, string> = {
  model: "Written by the AI writer",
  template: "Written from the COA",
  merchant: "Your edit",
};

/** The report's description: who wrote it, what the compliance check refused, and the editor. */
export const DescriptionCard = forwardRef<
  HTMLDivElement,
  {
    description: { id: string; html: string; source: string; seoTitle: string };
    dirty: boolean;
    editable: boolean;
    refusals: string[];
    onChange(html: string): void;
  }
>(function DescriptionCard({ description, dirty, editable, refusals, onChange }, ref) {
  return (
    <div ref={ref}>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Description
            </Text>
            <Text as="span" tone="subdued" variant="bodySm">
              {dirty ? "Unsaved changes" : (SOURCE_WORDS[description.source] ?? "Description")}
            </Text>
          </InlineStack>
          {refusals.length > 0 ? <RefusedEdit refusals={refusals} /> : null}
          <DescriptionEditor
            key={description.id}
            initialHtml={description.html}
            editable={editable}
            onChange={onChange}
          />
          <Text as="p" variant="bodySm" tone="subdued">
            {`Search engine title: ${description.seoTitle}`}
          </Text>
        </BlockStack>
      </Card>
    </div>
  );
});

/** Asks for a tone and length, then rewrites the description from the same lab results. */
export function RewriteModal({
  open,
  onClose,
  onRewrite,
}: {
  open: boolean;
  onClose(): void;
  onRewrite(choice: { tone: string; length: string }): void;
}) {
  const [tone, setTone] = useState("friendly");
  const [length, setLength] = useState("standard");
  return (
    <Modal
      open={open}
      onClose={onClose}
      title="Rewrite the description"
      primaryAction={{ content: "Rewrite", onAction: () => onRewrite({ tone, length }) }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">
            A new version is written from the same lab results. Figures and disclosures stay.
          </Text>
          <InlineStack gap="300">
            <Select label="Tone" options={TONE_OPTIONS} value={tone} onChange={setTone} />
            <Select label="Length" options={LENGTH_OPTIONS} value={length} onChange={setLength} />
          </InlineStack>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
