import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { pickedProduct, pickerSelection, productLine, type PickedProduct } from "./picked-product";

export interface ProductAssignment {
  productId: string | null;
  productTitle: string | null;
  variantIds: string[];
  variantTitles: string[];
  missingVariants: number;
}

/** The words of the "For:" line, variants by their titles (or by count when Shopify lost some). */
export function assignmentLine(a: ProductAssignment): string | null {
  if (!a.productId) return null;
  const title = a.productTitle ?? "A product";
  if (a.variantIds.length === 0) return productLine(title, null);
  const named = [...a.variantTitles];
  if (a.missingVariants > 0) {
    named.push(
      `${a.missingVariants} ${a.missingVariants === 1 ? "variant" : "variants"} no longer in Shopify`,
    );
  }
  return productLine(title, named);
}

/** Opens App Bridge's product picker with variants, preselecting what is stored. */
export function useProductPicker() {
  const shopify = useAppBridge();
  return async (current: { productId: string | null; variantIds: string[] }) => {
    const picked = await shopify.resourcePicker({
      type: "product",
      action: "select",
      multiple: false,
      filter: { variants: true },
      selectionIds: pickerSelection(current.productId, current.variantIds),
    });
    return pickedProduct(picked ?? null);
  };
}

/**
 * Which product, and which of its variants, a report is for. Changeable until the report is
 * published; a report without a product cannot be published and says so.
 */
export function ProductAssignmentCard({
  assignment,
  editable,
  busy,
  onAssign,
}: {
  assignment: ProductAssignment;
  editable: boolean;
  busy: boolean;
  onAssign(picked: PickedProduct): void;
}) {
  const pick = useProductPicker();
  const line = assignmentLine(assignment);
  const choose = async () => {
    const picked = await pick(assignment);
    if (picked) onAssign(picked);
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Product
        </Text>
        {line ? (
          <Text as="p" variant="bodyMd">
            <Text as="span" fontWeight="semibold">
              For:
            </Text>{" "}
            {line}
          </Text>
        ) : (
          <Banner tone="warning" title="Choose the product this COA is for">
            <p>It was uploaded without one. Nothing is published until you choose it.</p>
          </Banner>
        )}
        {editable ? (
          <InlineStack>
            <Button onClick={choose} loading={busy}>
              {line ? "Change product or variants" : "Choose product"}
            </Button>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
