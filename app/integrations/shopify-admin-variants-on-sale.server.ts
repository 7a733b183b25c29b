import { z } from "zod";
import {
  runAdminOperation,
  ShopifyThrottledError,
  type AdminGraphql,
} from "./shopify-admin-client.server";

/**
 * The variants of the shop's active products ("on sale"), read flat through `productVariants`:
 * 250 variants with their product per page costs about 500 points, half of Shopify's 1,000-point
 * single-query limit (shopify.dev, "API rate limits": connections cost their `first` times the
 * node's cost), where `products` with nested variants would need a guess at variants per product.
 * The search filter `product_status:active` narrows the read; the product's own status is checked
 * too, because the search index can lag a status change by a little.
 */
const VARIANTS_ON_SALE = `#graphql
  query LabResultsVariantsOnSale($first: Int!, $after: String) {
    productVariants(first: $first, after: $after, query: "product_status:active", sortKey: ID) {
      nodes {
        id
        title
        product {
          id
          title
          status
          hasOnlyDefaultVariant
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

const pageSchema = z.object({
  productVariants: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        product: z.object({
          id: z.string(),
          title: z.string(),
          status: z.string(),
          hasOnlyDefaultVariant: z.boolean(),
        }),
      }),
    ),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  }),
});

export type VariantOnSale = {
  productId: string;
  productTitle: string;
  variantId: string;
  variantTitle: string;
  onlyDefaultVariant: boolean;
};

export type VariantsOnSale = {
  variants: VariantOnSale[];
  /** More variants are on sale than `maxVariants`: the list is the first ones only. */
  truncated: boolean;
};

export type VariantsOnSaleOptions = {
  /** Stop after this many variants (a page load must stay quick); default 2,500. */
  maxVariants?: number;
  pageSize?: number;
  /** How often a throttled page is waited for and asked again before giving up; default 2. */
  throttleRetries?: number;
  sleep?: (ms: number) => Promise<void>;
};

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function readVariantsOnSale(
  admin: AdminGraphql,
  options: VariantsOnSaleOptions = {},
): Promise<VariantsOnSale> {
  const { maxVariants = 2_500, pageSize = 250, throttleRetries = 2, sleep = wait } = options;
  const variants: VariantOnSale[] = [];
  let after: string | null = null;
  for (;;) {
    const first = Math.min(pageSize, maxVariants - variants.length);
    const page = await withThrottleRetries(
      () => runAdminOperation(admin, VARIANTS_ON_SALE, { first, after }, pageSchema),
      throttleRetries,
      sleep,
    );
    for (const node of page.productVariants.nodes) {
      if (node.product.status !== "ACTIVE") continue;
      variants.push({
        productId: node.product.id,
        productTitle: node.product.title,
        variantId: node.id,
        variantTitle: node.title,
        onlyDefaultVariant: node.product.hasOnlyDefaultVariant,
      });
    }
    const { hasNextPage, endCursor } = page.productVariants.pageInfo;
    if (!hasNextPage || !endCursor) return { variants, truncated: false };
    if (variants.length >= maxVariants) return { variants, truncated: true };
    after = endCursor;
  }
}

/** Waits as long as Shopify says the bucket needs (retryAfterMs, from the query cost) and asks again. */
async function withThrottleRetries<T>(
  run: () => Promise<T>,
  retries: number,
  sleep: (ms: number) => Promise<void>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ShopifyThrottledError) || attempt >= retries) throw error;
      await sleep(error.retryAfterMs);
    }
  }
}
