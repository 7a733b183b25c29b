/**
 * What App Bridge's product picker (with variants shown) returns, reduced to what a lab report
 * stores: the product and the chosen variants. A product picked with every variant ticked is the
 * whole product (an empty list), so a variant added later is covered too.
 */

export interface PickerProduct {
  id: string;
  title: string;
  handle?: string | null;
  totalVariants?: number;
  images?: { originalSrc?: string }[];
  variants?: ({ id?: string; title?: string } | undefined)[];
}

export interface PickedProduct {
  id: string;
  title: string;
  handle: string | null;
  image: string | null;
  /** Empty: the whole product. */
  variantIds: string[];
  variantTitles: string[];
}

export function pickedProduct(selection: PickerProduct[] | undefined | null): PickedProduct | null {
  const first = selection?.[0];
  if (!first) return null;
  const variants = (first.variants ?? []).filter(
    (v): v is { id: string; title?: string } => typeof v?.id === "string",
  );
  const whole =
    variants.length === 0 ||
    (first.totalVariants !== undefined && variants.length >= first.totalVariants);
  return {
    id: first.id,
    title: first.title,
    handle: first.handle ?? null,
    image: first.images?.[0]?.originalSrc ?? null,
    variantIds: whole ? [] : variants.map((v) => v.id),
    variantTitles: whole ? [] : variants.map((v) => v.title ?? "").filter(Boolean),
  };
}

/** "Cherry Punch — 3.5g, 7g" or "Cherry Punch — whole product". */
export function productLine(title: string, variantTitles: string[] | null): string {
  if (variantTitles === null || variantTitles.length === 0) return `${title} — whole product`;
  const label = variantTitles.length === 1 ? "variant" : "variants";
  return `${title} — ${label} ${variantTitles.join(", ")}`;
}

/** The picker's preselection for a report's current product and variants. */
export function pickerSelection(
  productId: string | null,
  variantIds: string[],
): { id: string; variants?: { id: string }[] }[] {
  if (!productId) return [];
  return [
    variantIds.length > 0
      ? { id: productId, variants: variantIds.map((id) => ({ id })) }
      : { id: productId },
  ];
}
