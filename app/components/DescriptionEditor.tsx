import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { BlockStack, Box, InlineGrid, Text, TextField } from "@shopify/polaris";

/**
 * The description's HTML beside a preview. The preview is sanitised by the server with the same
 * allowlist publishing uses, so what the merchant sees is what the product page will get.
 */
export function DescriptionEditor({
  initialHtml,
  readOnly,
  onChange,
}: {
  initialHtml: string;
  readOnly: boolean;
  onChange(html: string): void;
}) {
  const [html, setHtml] = useState(initialHtml);
  const preview = useFetcher<{ preview?: string }>();
  const { submit } = preview;

  useEffect(() => {
    if (html === initialHtml) return;
    // Debounced: one preview request after the merchant pauses typing.
    const timer = setTimeout(() => submit({ intent: "preview", html }, { method: "post" }), 400);
    return () => clearTimeout(timer);
  }, [html, initialHtml, submit]);

  const previewHtml = html === initialHtml ? initialHtml : (preview.data?.preview ?? initialHtml);

  return (
    <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
      <TextField
        label="Description HTML"
        name="html"
        value={html}
        onChange={(value) => {
          setHtml(value);
          onChange(value);
        }}
        multiline={16}
        autoComplete="off"
        monospaced
        readOnly={readOnly}
        helpText="Allowed: p, h3, ul, li, strong, em, table and https links. Anything else is removed."
      />
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          Preview
        </Text>
        <Box
          padding="400"
          borderWidth="025"
          borderColor="border"
          borderRadius="200"
          background="bg-surface-secondary"
        >
          <div
            className="heady-description-preview"
            data-testid="description-preview"
            // Sanitised on the server (sanitizeDescriptionHtml) before it reaches the page.
            dangerouslySetInnerHTML={{ __html: previewHtml }}
          />
        </Box>
      </BlockStack>
    </InlineGrid>
  );
}
