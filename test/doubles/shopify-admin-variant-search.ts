import type { ProductState } from "./shopify-admin-model";

/**
 * `productVariants(query:)` in the Shopify Admin double: Shopify's search syntax as far as the app
 * uses it — `product_status:<status>[,<status>]` filters on the parent product's status; other
 * terms match the variant's or product's title — paginated by ID like `sortKey: ID`.
 */
export function productVariantsPage(
  products: Iterable<ProductState>,
  productView: (id: string) => unknown,
  { first, after, query }: { first: number; after?: string | null; query?: string | null },
) {
  const terms = (query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const statuses = terms
    .filter((t) => t.startsWith("product_status:"))
    .flatMap((t) => t.slice("product_status:".length).split(","));
  const words = terms.filter((t) => !t.startsWith("product_status:"));
  const all = [...products]
    .filter((p) => statuses.length === 0 || statuses.includes(p.status.toLowerCase()))
    .flatMap((p) => p.variants.map((v) => ({ p, v })))
    .filter(({ p, v }) => words.every((w) => `${p.title} ${v.title}`.toLowerCase().includes(w)))
    .sort((a, b) => numeric(a.v.id) - numeric(b.v.id));
  const start = after ? Number(after) : 0;
  const slice = all.slice(start, start + first);
  const end = start + slice.length;
  return {
    nodes: slice.map(({ p, v }) => ({
      __typename: "ProductVariant",
      ...v,
      product: () => productView(p.id),
    })),
    pageInfo: {
      hasNextPage: end < all.length,
      hasPreviousPage: start > 0,
      startCursor: String(start),
      endCursor: slice.length > 0 ? String(end) : null,
    },
  };
}

function numeric(gid: string): number {
  return Number(/(\d+)$/.exec(gid)?.[1] ?? 0);
}
