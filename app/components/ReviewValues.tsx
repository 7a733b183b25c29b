import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Text,
  TextField,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import type { ReviewItem, ReviewReason } from "~/pipeline/review-items";
import { formatDate } from "./format-date";
import { PageCrop } from "./PageCrop";

const REASON_WORDS: Record<ReviewReason, string> = {
  "ocr-unconfirmed":
    "Read from a scanned page, and nothing else on the COA confirms it (no second column, total or copy of it agrees).",
  "readers-disagree": "Two readings of the page disagree.",
  uncertain: "The app could not be sure of this value when it read the COA.",
};

type DecisionReply = { ok: boolean; message: string; field?: string; fieldError?: string | null };

function withUnit(value: string, unit: string | null): string {
  if (!unit || /[a-z%]$/i.test(value)) return value;
  return `${value} ${unit}`;
}

/**
 * Values the app read but could not stand behind, each beside the part of the page it came from, to
 * confirm or correct; a value is left out of the description and the product page until then.
 */
export function ReviewValues({
  reportId,
  items,
  pageImages,
  canDecide,
}: {
  reportId: string;
  items: ReviewItem[];
  pageImages: number[];
  /** The report waits for approval: decisions are taken. */
  canDecide: boolean;
}) {
  if (items.length === 0) return null;
  const open = items.filter((item) => item.resolution === null);
  const done = items.filter((item) => item.resolution !== null);
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Values to check
            </Text>
            {open.length > 0 ? <Badge tone="warning">{`${open.length} to check`}</Badge> : null}
          </InlineStack>
          <Text as="p" tone="subdued">
            {open.length > 0
              ? "The app read these from the COA but cannot vouch for them. Compare each with the page, then confirm or correct it. Until then it is left out of the description and the product page, and the report cannot be published."
              : "Every value was checked against the COA."}
          </Text>
        </BlockStack>
        {open.length > 0 ? (
          <ul className="heady-review-values" aria-label="Values to check">
            {open.map((item) => (
              <li key={item.field}>
                <OpenItem
                  reportId={reportId}
                  item={item}
                  hasPicture={item.page !== null && pageImages.includes(item.page)}
                  canDecide={canDecide}
                />
              </li>
            ))}
          </ul>
        ) : null}
        {done.length > 0 ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Checked
            </Text>
            <ul className="heady-review-values" aria-label="Checked values">
              {done.map((item) => (
                <li key={item.field}>
                  <ResolvedItem item={item} />
                </li>
              ))}
            </ul>
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function ResolvedItem({ item }: { item: ReviewItem }) {
  const resolution = item.resolution;
  if (!resolution) return null;
  const verb = resolution.kind === "confirmed" ? "Confirmed" : "Corrected";
  return (
    <Box padding="300" borderRadius="200" background="bg-surface-secondary">
      <BlockStack gap="050">
        <Text as="p">
          <Text as="span" fontWeight="semibold">
            {item.label}
          </Text>
          {`: ${resolution.value}`}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {`${verb} by your team on ${formatDate(resolution.decidedAt)}`}
          {resolution.kind === "corrected" && item.reading
            ? ` (read as ${withUnit(item.reading, item.unit)})`
            : ""}
        </Text>
      </BlockStack>
    </Box>
  );
}

function OpenItem({
  reportId,
  item,
  hasPicture,
  canDecide,
}: {
  reportId: string;
  item: ReviewItem;
  hasPicture: boolean;
  canDecide: boolean;
}) {
  const fetcher = useFetcher<DecisionReply>();
  const shopify = useAppBridge();
  const [value, setValue] = useState(item.reading ?? "");
  const reply = fetcher.state === "idle" ? fetcher.data : undefined;
  const busy = fetcher.state !== "idle";
  const decision = fetcher.formData?.get("decision");
  const inputId = `review-${item.field.replace(/[^a-z0-9]+/gi, "-")}`;

  useEffect(() => {
    if (reply && !reply.fieldError) shopify.toast.show(reply.message, { isError: !reply.ok });
  }, [reply, shopify]);

  const decide = (kind: "confirm" | "correct") =>
    fetcher.submit(
      { field: item.field, decision: kind, ...(kind === "correct" ? { value } : {}) },
      { method: "post", action: `/app/lab-reports/${encodeURIComponent(reportId)}/review` },
    );
  const others = item.candidates.filter((c) => c !== item.reading);
  const picture =
    hasPicture && item.page !== null ? (
      <PageCrop reportId={reportId} page={item.page} box={item.box} label={item.label} />
    ) : (
      <Text as="p" tone="subdued" variant="bodySm">
        {item.page !== null
          ? `On page ${item.page} of the COA.`
          : "Find it on the COA; the app did not keep where it was read."}
      </Text>
    );

  return (
    <Box padding="300" borderRadius="200" borderColor="border" borderWidth="025">
      <BlockStack gap="300">
        <BlockStack gap="050">
          <Text as="h3" variant="headingSm">
            {item.label}
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            {REASON_WORDS[item.reason]}
          </Text>
        </BlockStack>
        <InlineGrid columns={{ xs: 1, md: ["twoThirds", "oneThird"] }} gap="400">
          {picture}
          <BlockStack gap="300">
            <Text as="p">
              {item.reading === null ? (
                "Nothing legible was read here."
              ) : (
                <>
                  {"Read as "}
                  <Text as="span" fontWeight="semibold">
                    {withUnit(item.reading, item.unit)}
                  </Text>
                </>
              )}
            </Text>
            {others.length > 0 ? (
              <BlockStack gap="100">
                <Text as="p" variant="bodySm" tone="subdued">
                  Other readings:
                </Text>
                <InlineStack gap="200">
                  {others.map((candidate) => (
                    <Button
                      key={candidate}
                      size="slim"
                      onClick={() => setValue(candidate)}
                      disabled={!canDecide || busy}
                      accessibilityLabel={`Use ${withUnit(candidate, item.unit)} for ${item.label}`}
                    >
                      {withUnit(candidate, item.unit)}
                    </Button>
                  ))}
                </InlineStack>
              </BlockStack>
            ) : null}
            <TextField
              id={inputId}
              label={`${item.label} as printed on the page`}
              value={value}
              onChange={setValue}
              autoComplete="off"
              suffix={item.unit ?? undefined}
              disabled={!canDecide || busy}
              error={reply?.fieldError ?? undefined}
              helpText={item.unit ? "A number, ND or <LOQ, as printed." : undefined}
            />
            <InlineStack gap="200">
              {item.reading !== null ? (
                <Button
                  variant="primary"
                  onClick={() => decide("confirm")}
                  disabled={!canDecide || (busy && decision !== "confirm")}
                  loading={busy && decision === "confirm"}
                  accessibilityLabel={`Confirm ${withUnit(item.reading, item.unit)} for ${item.label}`}
                >
                  {`Confirm ${withUnit(item.reading, item.unit)}`}
                </Button>
              ) : null}
              <Button
                variant={item.reading === null ? "primary" : "secondary"}
                onClick={() => decide("correct")}
                disabled={!canDecide || value.trim() === "" || value === item.reading || busy}
                loading={busy && decision === "correct"}
                accessibilityLabel={`Save correction for ${item.label}`}
              >
                Save correction
              </Button>
            </InlineStack>
            {!canDecide ? (
              <Text as="p" variant="bodySm" tone="subdued">
                Values can be checked once the report waits for your approval.
              </Text>
            ) : null}
          </BlockStack>
        </InlineGrid>
      </BlockStack>
    </Box>
  );
}
