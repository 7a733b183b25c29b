import { z } from "zod";
import {
  runAdminOperation,
  ShopifyThrottledError,
  type AdminGraphql,
} from "./shopify-admin-client.server";

/**
 * The shop's catalog as bulk matching needs it: products with their variants' titles and SKUs,
 * read a page at a time (50 products × up to 100 variants stays far below Shopify's 1,000-point
 * single-query cost limit).
 */
const CATALOG = `#graphql
  query LabResultsCatalog($first: Int!, $after: String, $query: String) {
    products(first: $first, after: $after, query: $query, sortKey: TITLE) {
      nodes {
        id
        title
        handle
        productType
        vendor
        status
        variants(first: 100) {
          nodes {
            id
            title
            sku
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

const catalogProductSchema = z.object({
  id: z.string(),
  title: z.string(),
  handle: z.string(),
  productType: z.string(),
  vendor: z.string(),
  status: z.string(),
  variants: z.object({
    nodes: z.array(z.object({ id: z.string(), title: z.string(), sku: z.string().nullable() })),
  }),
});

export type CatalogProduct = {
  id: string;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  status: string;
  variants: { id: string; title: string; sku: string | null }[];
};

export type CatalogPage = { products: CatalogProduct[]; nextCursor: string | null };

/** One page of the catalog; `query` uses Shopify's product search syntax (e.g. "status:active"). */
export async function readCatalogPage(
  admin: AdminGraphql,
  {
    after = null,
    query = null,
    first = 50,
  }: { after?: string | null; query?: string | null; first?: number } = {},
): Promise<CatalogPage> {
  const data = await runAdminOperation(
    admin,
    CATALOG,
    { first, after, query },
    z.object({
      products: z.object({
        nodes: z.array(catalogProductSchema),
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
      }),
    }),
  );
  return {
    products: data.products.nodes.map((p) => ({ ...p, variants: p.variants.nodes })),
    nextCursor: data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null,
  };
}

const CATALOG_PRODUCT = `#graphql
  query LabResultsCatalogProduct($id: ID!) {
    product(id: $id) {
      id
      title
      handle
      variants(first: 250) {
        nodes {
          id
          title
        }
      }
    }
  }
`;

export type ProductWithVariants = {
  id: string;
  title: string;
  handle: string;
  variants: { id: string; title: string }[];
};

/**
 * One product with its variants' ids and titles (the first 250: Shopify's page limit, far beyond
 * what a COA covers), or null when the shop has no such product.
 */
export async function readProductVariants(
  admin: AdminGraphql,
  id: string,
): Promise<ProductWithVariants | null> {
  const data = await runAdminOperation(
    admin,
    CATALOG_PRODUCT,
    { id },
    z.object({
      product: z
        .object({
          id: z.string(),
          title: z.string(),
          handle: z.string(),
          variants: z.object({ nodes: z.array(z.object({ id: z.string(), title: z.string() })) }),
        })
        .nullable(),
    }),
  );
  return data.product && { ...data.product, variants: data.product.variants.nodes };
}

/** How long a throttled read may wait, in all, before the catalog read gives up. */
const MAX_THROTTLE_WAIT_MS = 30_000;

export type WholeCatalog = { products: CatalogProduct[]; complete: boolean };

/**
 * The catalog page by page, for one matching table: pages follow one another (never in parallel),
 * and a THROTTLED answer waits the time Shopify's cost extension implies before the same page is
 * asked again. Bounded: at most `maxPages` pages, `complete` false when the shop has more.
 */
export async function readWholeCatalog(
  admin: AdminGraphql,
  {
    maxPages = 50,
    pageSize = 50,
    query = null,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  }: {
    maxPages?: number;
    pageSize?: number;
    query?: string | null;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<WholeCatalog> {
  const products: CatalogProduct[] = [];
  let after: string | null = null;
  let waited = 0;
  for (let pages = 0; pages < maxPages;) {
    let page: CatalogPage;
    try {
      page = await readCatalogPage(admin, { after, query, first: pageSize });
    } catch (error) {
      if (!(error instanceof ShopifyThrottledError) || waited >= MAX_THROTTLE_WAIT_MS) throw error;
      const wait = Math.min(error.retryAfterMs, MAX_THROTTLE_WAIT_MS - waited);
      waited += wait;
      await sleep(wait);
      continue;
    }
    pages += 1;
    products.push(...page.products);
    after = page.nextCursor;
    if (!after) return { products, complete: true };
  }
  return { products, complete: false };
}
