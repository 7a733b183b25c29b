import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineStack,
  Link,
  Text,
} from "@shopify/polaris";
import type { CoaCoverageView } from "~/merchant/coa-coverage.server";
import { COVERAGE_BADGE, coverageDetail, coverageSummary, uploadLabel } from "./coverage-text";

/**
 * Products on sale that need a new COA — none, a stale one, one about to become stale, or one
 * whose test date is unknown — each with its next step. Shown on the home page and the reports list.
 */
export function CoaCoverageCard({ coverage }: { coverage: CoaCoverageView }) {
  if (!coverage.ok) {
    return (
      <Banner tone="warning" title="COA freshness is not shown">
        <p>{coverage.message}</p>
      </Banner>
    );
  }
  const { rows, counts, policy } = coverage;
  return (
    <Card padding="0">
      <Box padding="400" paddingBlockEnd="200">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            COAs of the products on sale
          </Text>
          <Text as="p" tone={rows.length > 0 ? undefined : "success"}>
            {coverageSummary(counts)}
          </Text>
        </BlockStack>
      </Box>
      {rows.length > 0 ? (
        <ul className="heady-coverage" aria-label="Products that need a new COA">
          {rows.map((row) => (
            <li key={`${row.productId}:${row.variantId ?? "all"}`}>
              <Box padding="400" borderBlockStartWidth="025" borderColor="border">
                <BlockStack gap="200">
                  <InlineStack gap="200" blockAlign="center" wrap>
                    <Badge tone={COVERAGE_BADGE[row.state].tone}>
                      {COVERAGE_BADGE[row.state].label}
                    </Badge>
                    <Text as="h3" variant="headingSm">
                      {row.variantTitle
                        ? `${row.productTitle} — ${row.variantTitle}`
                        : row.productTitle}
                    </Text>
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    {coverageDetail(row)}
                  </Text>
                  <InlineStack gap="200">
                    <Button url={row.uploadUrl}>{uploadLabel(row.state)}</Button>
                    {row.report ? (
                      <Button variant="plain" url={`/app/lab-reports/${row.report.id}`}>
                        See the current report
                      </Button>
                    ) : null}
                  </InlineStack>
                </BlockStack>
              </Box>
            </li>
          ))}
        </ul>
      ) : null}
      <Box padding="400" borderBlockStartWidth="025" borderColor="border">
        <BlockStack gap="100">
          {coverage.more > 0 ? (
            <Text as="p">{`${coverage.more} more not shown: the worst come first.`}</Text>
          ) : null}
          {coverage.truncated ? (
            <Text as="p" tone="subdued">
              {`Only the first ${coverage.checked} variants on sale were checked.`}
            </Text>
          ) : null}
          <Text as="p" tone="subdued">
            {`A COA counts for ${policy.staleAfterMonths} months from its test date (or until the lab's “void after” date, if earlier); it shows as stale soon ${policy.warnDays} days before. `}
            <Link url="/app/settings">Change this in Settings</Link>
          </Text>
        </BlockStack>
      </Box>
    </Card>
  );
}
