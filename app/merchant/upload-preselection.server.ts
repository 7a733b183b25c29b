import type { ProductWithVariants } from "~/integrations/shopify-admin-catalog.server";
import { productGidSchema, variantGidSchema } from "~/models/lab-report-product.server";

/**
 * The product an upload link names (`/app/lab-reports/new?productId=…&variantId=…`, as the COA
 * freshness card's "Upload a COA" links do), read from the shop through the Admin API so the form
 * opens with it chosen, by Shopify's title. A malformed id, a product the shop does not have, a
 * variant of another product, or a Shopify that does not answer opens the form with nothing
 * chosen: the merchant picks as usual, and the upload checks the choice again either way.
 */

export interface PreselectedProduct {
  id: string;
  title: string;
  handle: string | null;
  image: null;
  /** Empty: the whole product. */
  variantIds: string[];
  variantTitles: string[];
}

export async function preselectedProduct(
  readProduct: (productId: string) => Promise<ProductWithVariants | null>,
  params: URLSearchParams,
): Promise<PreselectedProduct | null> {
  const productId = productGidSchema.safeParse(params.get("productId"));
  if (!productId.success) return null;
  const variantParam = params.get("variantId");
  const variantId = variantParam === null ? null : variantGidSchema.safeParse(variantParam);
  if (variantId && !variantId.success) return null;
  let product: ProductWithVariants | null;
  try {
    product = await readProduct(productId.data);
  } catch (error) {
    // shopify-app-remix throws a Response to re-authenticate: it must reach Remix.
    if (error instanceof Response) throw error;
    return null;
  }
  if (!product) return null;
  const variant = variantId ? product.variants.find((v) => v.id === variantId.data) : undefined;
  if (variantId && !variant) return null;
  // A product's only variant is the whole product: a variant added later is covered too.
  const chosen = variant && product.variants.length > 1 ? [variant] : [];
  return {
    id: product.id,
    title: product.title,
    handle: product.handle,
    image: null,
    variantIds: chosen.map((v) => v.id),
    variantTitles: chosen.map((v) => v.title),
  };
}
