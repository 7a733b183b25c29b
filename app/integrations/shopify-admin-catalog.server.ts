import { z } from "zod";
import { runAdminOperation, type AdminGraphql } from "./shopify-admin-client.server";

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
