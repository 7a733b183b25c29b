import type { ProductWithVariants } from "~/integrations/shopify-admin-catalog.server";
import {
  MAX_ASSIGNED_VARIANTS,
  productGidSchema,
  variantGidSchema,
} from "~/models/lab-report-product.server";

/**
 * The product an upload link names (`/app/lab-reports/new?productId=…&variantId=…`, a variantId
 * for each chosen variant, as the COA freshness card's and a failed report's upload links do), read from the shop through the Admin API so the form
 * opens with it chosen, by Shopify's title. A malformed id, a product the shop does not have, a
 * variant of another product, too many variants, or a Shopify that does not answer opens the form with nothing
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
  const variantIds = params.getAll("variantId").slice(0, MAX_ASSIGNED_VARIANTS + 1);
  if (variantIds.length > MAX_ASSIGNED_VARIANTS) return null;
  if (variantIds.some((id) => !variantGidSchema.safeParse(id).success)) return null;
  let product: ProductWithVariants | null;
  try {
    product = await readProduct(productId.data);
  } catch (error) {
    // shopify-app-remix throws a Response to re-authenticate: it must reach Remix.
    if (error instanceof Response) throw error;
    return null;
  }
  if (!product) return null;
  const wanted = new Set(variantIds);
  const chosen = product.variants.filter((v) => wanted.has(v.id));
  if (chosen.length < wanted.size) return null;
  // Every variant (a product's only one included) is the whole product: a variant added later is
  // covered too.
  const some = chosen.length < product.variants.length ? chosen : [];
  return {
    id: product.id,
    title: product.title,
    handle: product.handle,
    image: null,
    variantIds: some.map((v) => v.id),
    variantTitles: some.map((v) => v.title),
  };
}

/** The upload form's address with the product (and its chosen variants) to open it with. */
export function uploadUrl(productId: string | null, variantIds: readonly string[] = []): string {
  if (!productId) return "/app/lab-reports/new";
  const params = new URLSearchParams({ productId });
  for (const id of variantIds) params.append("variantId", id);
  return `/app/lab-reports/new?${params.toString()}`;
}
