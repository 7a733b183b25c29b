import { useState } from "react";
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";

/** Opens the printable label sheet for these reports (none: the latest published batches). */
export async function openLabelSheet(reportIds: string[]): Promise<void> {
  const query = reportIds.map((id) => `id=${encodeURIComponent(id)}`).join("&");
  const response = await fetch(`/app/qr-labels${query ? `?${query}` : ""}`);
  if (!response.ok) throw new Error(await response.text());
  const url = URL.createObjectURL(new Blob([await response.text()], { type: "text/html" }));
  window.open(url, "_blank", "noopener");
}

/**
 * The report's QR code downloads (SVG, PNG) and the label sheet. The files come through fetch so
 * App Bridge adds the session token; a plain link would reach the app without it.
 */
export function BatchQrCodes({
  reportId,
  batch,
  published,
}: {
  reportId: string;
  batch: string;
  published: boolean;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function download(format: "svg" | "png") {
    setBusy(format);
    setError(null);
    try {
      const response = await fetch(`/app/lab-reports/${reportId}/qr?format=${format}`);
      if (!response.ok) throw new Error(await response.text());
      const name =
        /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ??
        `qr.${format}`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof Error && e.message ? e.message : "The QR code could not be made.");
    } finally {
      setBusy(null);
    }
  }

  async function openSheet() {
    setBusy("sheet");
    setError(null);
    try {
      await openLabelSheet([reportId]);
    } catch (e) {
      setError(e instanceof Error && e.message ? e.message : "The label sheet could not be made.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          QR code for the package
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {`Opens batch ${batch}'s lab results on your store (/apps/lab/${batch}).`}
          {published ? "" : " The page shows results once this report is published."}
        </Text>
        <InlineStack gap="200">
          <Button onClick={() => download("svg")} loading={busy === "svg"}>
            Download SVG
          </Button>
          <Button onClick={() => download("png")} loading={busy === "png"}>
            Download PNG
          </Button>
          <Button variant="plain" onClick={openSheet} loading={busy === "sheet"}>
            Print a label
          </Button>
        </InlineStack>
        {error ? (
          <Text as="p" tone="critical" variant="bodySm">
            {error}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
