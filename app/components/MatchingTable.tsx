import type { ReactNode } from "react";
import {
  Badge,
  BlockStack,
  Button,
  IndexTable,
  InlineStack,
  Link,
  Text,
  useBreakpoints,
  useIndexResourceState,
} from "@shopify/polaris";
import { productLine, type PickedProduct } from "./picked-product";
import { useProductPicker } from "./ProductAssignmentCard";

export interface MatchingTableRow {
  id: string;
  fileName: string;
  state: "reading" | "matching" | "failed" | "unmatched" | "proposed" | "linked";
  errorMessage: string | null;
  coa: { productName: string | null; strain: string | null; batch: string | null } | null;
  linked: {
    productId: string;
    productTitle: string | null;
    variantCount: number;
    variantTitles: string[];
  } | null;
  proposal: {
    productId: string;
    productTitle: string;
    variantId: string | null;
    variantTitle: string | null;
    confidence: number;
    high: boolean;
  } | null;
}

export type ConfirmedMatch = { reportId: string; productId: string; variantIds: string[] };

export function matchOf(row: MatchingTableRow): ConfirmedMatch | null {
  if (row.state !== "proposed" || !row.proposal) return null;
  const { productId, variantId } = row.proposal;
  return { reportId: row.id, productId, variantIds: variantId ? [variantId] : [] };
}

function coaSays(coa: MatchingTableRow["coa"]): string {
  if (!coa) return "—";
  const name = coa.productName ?? coa.strain;
  const parts = [name, coa.batch ? `batch ${coa.batch}` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : "No product name printed";
}

function linkedLine(linked: MatchingTableRow["linked"]): string {
  const title = linked?.productTitle ?? "Product";
  if (!linked || linked.variantCount === 0) return productLine(title, null);
  if (linked.variantTitles.length === linked.variantCount) {
    return productLine(title, linked.variantTitles);
  }
  return `${title} — ${linked.variantCount} ${linked.variantCount === 1 ? "variant" : "variants"}`;
}

function Proposal({ row }: { row: MatchingTableRow }): ReactNode {
  switch (row.state) {
    case "reading":
      return (
        <Text as="span" tone="subdued">
          Reading the COA…
        </Text>
      );
    case "matching":
      return (
        <Text as="span" tone="subdued">
          Looking for its product…
        </Text>
      );
    case "failed":
      return (
        <Text as="span" tone="critical">
          {row.errorMessage ?? "This COA could not be read."}
        </Text>
      );
    case "unmatched":
      return (
        <Text as="span" tone="subdued">
          No product fits: choose one
        </Text>
      );
    case "linked":
      return (
        <InlineStack gap="100" blockAlign="center">
          <Badge tone="success">Linked</Badge>
          <Text as="span">{linkedLine(row.linked)}</Text>
        </InlineStack>
      );
    case "proposed":
      return (
        <Text as="span" fontWeight="semibold">
          {row.proposal?.variantTitle
            ? productLine(row.proposal.productTitle, [row.proposal.variantTitle])
            : productLine(row.proposal?.productTitle ?? "", null)}
        </Text>
      );
  }
}

function Confidence({ row }: { row: MatchingTableRow }) {
  if (row.state !== "proposed" || !row.proposal) return <Text as="span">—</Text>;
  const percent = `${Math.round(row.proposal.confidence * 100)} %`;
  return row.proposal.high ? (
    <Badge tone="success">{`High · ${percent}`}</Badge>
  ) : (
    <Badge tone="attention">{`Check · ${percent}`}</Badge>
  );
}

/**
 * One row per report of the batch: what its COA says, the proposed product (or variant) with its
 * confidence, and a picker to choose another. Confident proposals can be confirmed together;
 * selected rows likewise. Nothing here publishes.
 */
export function MatchingTable({
  rows,
  busy,
  onConfirm,
  onChoose,
}: {
  rows: MatchingTableRow[];
  busy: boolean;
  onConfirm(matches: ConfirmedMatch[]): void;
  onChoose(reportId: string, picked: PickedProduct): void;
}) {
  const { smDown } = useBreakpoints();
  const pick = useProductPicker();
  const selectable = rows.filter((r) => r.state === "proposed");
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(selectable as unknown as { [key: string]: unknown }[]);

  const choose = async (row: MatchingTableRow) => {
    const current = row.linked ?? row.proposal;
    const picked = await pick({ productId: current?.productId ?? null, variantIds: [] });
    if (picked) onChoose(row.id, picked);
  };
  const confirmSelected = () => {
    const chosen = rows.filter((r) => selectedResources.includes(r.id)).map(matchOf);
    onConfirm(chosen.filter((m): m is ConfirmedMatch => m !== null));
    clearSelection();
  };
  const chooseButton = (row: MatchingTableRow) => {
    if (row.state === "reading" || row.state === "failed") return null;
    // The accessible name starts with the visible word (WCAG 2.5.3, label in name).
    const verb = row.state === "unmatched" || row.state === "matching" ? "Choose" : "Change";
    return (
      <Button
        size="slim"
        onClick={() => void choose(row)}
        disabled={busy}
        accessibilityLabel={`${verb} product for ${row.fileName}`}
      >
        {verb}
      </Button>
    );
  };
  const fileLink = (row: MatchingTableRow) => (
    <Link url={`/app/lab-reports/${row.id}`} removeUnderline monochrome dataPrimaryLink>
      <Text as="span" fontWeight="semibold" breakWord>
        {row.fileName}
      </Text>
    </Link>
  );

  return (
    <IndexTable
      resourceName={{ singular: "COA", plural: "COAs" }}
      itemCount={rows.length}
      condensed={smDown}
      selectable={selectable.length > 0}
      selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
      onSelectionChange={handleSelectionChange}
      promotedBulkActions={[
        { content: "Confirm selected matches", onAction: confirmSelected, disabled: busy },
      ]}
      headings={[
        { title: "COA" },
        { title: "The COA says" },
        { title: "Proposed product" },
        { title: "Confidence" },
        { title: "Product", hidden: true },
      ]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row
          id={row.id}
          key={row.id}
          position={index}
          selected={selectedResources.includes(row.id)}
          disabled={row.state !== "proposed"}
        >
          {smDown ? (
            <IndexTable.Cell>
              <BlockStack gap="100">
                {fileLink(row)}
                <Text as="span" variant="bodySm" tone="subdued">
                  {coaSays(row.coa)}
                </Text>
                <Proposal row={row} />
                <InlineStack gap="200" blockAlign="center">
                  <Confidence row={row} />
                  {chooseButton(row)}
                </InlineStack>
              </BlockStack>
            </IndexTable.Cell>
          ) : (
            <>
              <IndexTable.Cell>{fileLink(row)}</IndexTable.Cell>
              <IndexTable.Cell>{coaSays(row.coa)}</IndexTable.Cell>
              <IndexTable.Cell>
                <Proposal row={row} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Confidence row={row} />
              </IndexTable.Cell>
              <IndexTable.Cell>{chooseButton(row)}</IndexTable.Cell>
            </>
          )}
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
