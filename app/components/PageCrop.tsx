import { useEffect, useState } from "react";
import { BlockStack, Box, Button, SkeletonThumbnail, Text } from "@shopify/polaris";
import type { PageBox } from "~/pipeline/review-items";

/**
 * The part of the COA's page a reading came from, with the reading outlined, and the whole page on
 * request. The picture comes through fetch so App Bridge adds the session token (a plain img src
 * would reach the app without it) and is shown from a blob address.
 */
export function PageCrop({
  reportId,
  page,
  box,
  label,
}: {
  reportId: string;
  page: number;
  box: PageBox | null;
  label: string;
}) {
  const [whole, setWhole] = useState(box === null);
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const query =
    whole || !box ? "" : `?box=${[box.x, box.y, box.width, box.height].map(round).join(",")}`;
  const address = `/app/lab-reports/${encodeURIComponent(reportId)}/pages/${page}${query}`;

  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    setFailed(false);
    fetch(address)
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const blob = await response.blob();
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [address]);

  const alt = whole
    ? `Page ${page} of the COA`
    : `Page ${page} of the COA around ${label}, outlined in orange`;
  return (
    <BlockStack gap="100">
      <Box borderColor="border" borderWidth="025" borderRadius="200" overflowX="hidden">
        {failed ? (
          <Box padding="300">
            <Text as="p" tone="subdued">
              The picture of the page could not be loaded.
            </Text>
          </Box>
        ) : src ? (
          <img className="heady-page-crop" src={src} alt={alt} />
        ) : (
          <SkeletonThumbnail size="large" />
        )}
      </Box>
      {box ? (
        <div>
          <Button variant="plain" onClick={() => setWhole(!whole)}>
            {whole ? "Show only this value" : `Show all of page ${page}`}
          </Button>
        </div>
      ) : null}
    </BlockStack>
  );
}

function round(value: number): string {
  return value.toFixed(4).replace(/\.?0+$/, "") || "0";
}
