import { BlockStack, Box, Checkbox, Text } from "@shopify/polaris";
import type { ReviewHold } from "~/pipeline/review-holds";
import { holdText } from "./hold-text";

/**
 * Every reason the report waits for the merchant, each with what to do; the hemp limits end with
 * the acknowledgement publishing requires (the server checks it again).
 */
export function ReportHolds({
  holds,
  acknowledged,
  onAcknowledge,
  disabled,
}: {
  holds: ReviewHold[];
  acknowledged: boolean;
  onAcknowledge(value: boolean): void;
  disabled: boolean;
}) {
  if (holds.length === 0) return null;
  const needsAcknowledgement = holds.some((hold) => hold.acknowledge);
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        {holds.length === 1 ? "1 thing to check" : `${holds.length} things to check`}
      </Text>
      <ul className="heady-holds" aria-label="Things to check before publishing">
        {holds.map((hold, index) => {
          const text = holdText(hold.code, hold.detail);
          return (
            <li key={`${hold.code}-${index}`}>
              <Box
                padding="300"
                borderRadius="200"
                background={hold.acknowledge ? "bg-surface-critical" : "bg-surface-warning"}
              >
                <BlockStack gap="100">
                  <Text as="p" fontWeight="semibold">
                    {text.title}
                  </Text>
                  {hold.detail && hold.code !== "uncertain-field" && hold.code !== "review-item" ? (
                    <Text as="p" variant="bodySm">
                      {hold.detail}
                    </Text>
                  ) : null}
                  <Text as="p" variant="bodySm">
                    {text.todo}
                  </Text>
                </BlockStack>
              </Box>
            </li>
          );
        })}
      </ul>
      {needsAcknowledgement ? (
        <Checkbox
          label="I have checked the hemp limits above and may sell this product where I ship it"
          checked={acknowledged}
          onChange={onAcknowledge}
          disabled={disabled}
        />
      ) : null}
    </BlockStack>
  );
}
