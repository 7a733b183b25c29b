import { useEffect, useRef, useState } from "react";
import {
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  InlineStack,
  Text,
  TextField,
} from "@shopify/polaris";
import { editorHtml } from "./rich-text-html";

type Command = "bold" | "italic" | "heading" | "list" | "link" | "unlink";

const TOOLS: { command: Command; label: string }[] = [
  { command: "bold", label: "Bold" },
  { command: "italic", label: "Italic" },
  { command: "heading", label: "Heading" },
  { command: "list", label: "Bulleted list" },
  { command: "link", label: "Link" },
  { command: "unlink", label: "Remove link" },
];

/**
 * The description as the product page shows it, editable in place: bold, italic, a heading, a
 * bulleted list and https links — the description's allowlist, nothing else (no HTML to type).
 * The content is the merchant's from the first keystroke, so it is set once per version (`key`).
 */
export function DescriptionEditor({
  initialHtml,
  editable,
  onChange,
}: {
  initialHtml: string;
  editable: boolean;
  onChange(html: string): void;
}) {
  const area = useRef<HTMLDivElement>(null);
  const savedRange = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkUrl, setLinkUrl] = useState("https://");
  const [linkError, setLinkError] = useState<string | null>(null);

  useEffect(() => {
    if (area.current) area.current.innerHTML = initialHtml;
  }, [initialHtml]);

  function changed() {
    if (area.current) onChange(editorHtml(area.current));
  }

  function run(command: Command) {
    area.current?.focus();
    document.execCommand("defaultParagraphSeparator", false, "p");
    switch (command) {
      case "bold":
      case "italic":
        document.execCommand(command);
        break;
      case "heading": {
        const current = document.queryCommandValue("formatBlock").toLowerCase();
        document.execCommand("formatBlock", false, current === "h3" ? "p" : "h3");
        break;
      }
      case "list":
        document.execCommand("insertUnorderedList");
        break;
      case "unlink":
        document.execCommand("unlink");
        break;
      case "link": {
        const selection = window.getSelection();
        savedRange.current = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
        setLinkOpen(true);
        return;
      }
    }
    changed();
  }

  function applyLink() {
    let url: URL | null = null;
    try {
      url = new URL(linkUrl.trim());
    } catch {
      url = null;
    }
    if (!url || url.protocol !== "https:") {
      setLinkError("Use a full address starting with https://");
      return;
    }
    area.current?.focus();
    const selection = window.getSelection();
    if (savedRange.current && selection) {
      selection.removeAllRanges();
      selection.addRange(savedRange.current);
    }
    if (selection && selection.isCollapsed) {
      document.execCommand("insertHTML", false, `<a href="${url.href}">${url.host}</a>`);
    } else {
      document.execCommand("createLink", false, url.href);
    }
    setLinkOpen(false);
    setLinkError(null);
    setLinkUrl("https://");
    changed();
  }

  return (
    <BlockStack gap="200">
      {editable ? (
        <InlineStack gap="200" blockAlign="center">
          <div role="toolbar" aria-label="Formatting" aria-controls="description-editor">
            <ButtonGroup variant="segmented">
              {TOOLS.map((tool) => (
                <Button
                  key={tool.command}
                  size="slim"
                  onClick={() => run(tool.command)}
                  // Keep the selection in the text while the button is pressed.
                  onPointerDown={(event: React.PointerEvent) => event.preventDefault()}
                >
                  {tool.label}
                </Button>
              ))}
            </ButtonGroup>
          </div>
        </InlineStack>
      ) : null}
      {linkOpen ? (
        <InlineStack gap="200" blockAlign="end">
          <div style={{ minWidth: "18rem" }}>
            <TextField
              label="Link address"
              value={linkUrl}
              onChange={setLinkUrl}
              autoComplete="off"
              error={linkError ?? undefined}
              type="url"
            />
          </div>
          <Button onClick={applyLink}>Add link</Button>
          <Button variant="plain" onClick={() => setLinkOpen(false)}>
            Cancel
          </Button>
        </InlineStack>
      ) : null}
      <Box
        padding="400"
        borderWidth="025"
        borderColor={editable ? "border-emphasis" : "border"}
        borderRadius="200"
        background={editable ? "bg-surface" : "bg-surface-secondary"}
      >
        <div
          ref={area}
          id="description-editor"
          className="heady-description-preview heady-description-editor"
          data-testid="description-editor"
          role="textbox"
          aria-multiline="true"
          aria-label="Product description"
          aria-readonly={!editable}
          contentEditable={editable}
          suppressContentEditableWarning
          onInput={changed}
          onBlur={changed}
          onPaste={(event) => {
            // Pasted text arrives as text: formatting from elsewhere does not get in.
            event.preventDefault();
            document.execCommand("insertText", false, event.clipboardData.getData("text/plain"));
          }}
        />
      </Box>
      {editable ? (
        <Text as="p" variant="bodySm" tone="subdued">
          The link to the COA is added when you publish. Figures must stay as the COA prints them.
        </Text>
      ) : null}
    </BlockStack>
  );
}
