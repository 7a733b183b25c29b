import { z } from "zod";
import {
  runAdminOperation,
  userErrorSchema,
  type AdminGraphql,
  type MutationResult,
  orUnknown,
} from "./shopify-admin-client.server";

/**
 * The app's Admin API operations on a product (publishing's port, which uses them with the
 * metafields, files and batch records, is shopify-publishing.server.ts). Every document is
 * `#graphql`-tagged; test/shopify/graphql-documents.test.ts validates each against Shopify's
 * published 2026-10 schema.
 */

const PRODUCT = `#graphql
  query LabResultsProduct($id: ID!) {
    product(id: $id) {
      id
      title
      descriptionHtml
      seo {
        title
        description
      }
      productType
      vendor
      tags
    }
  }
`;

const PRODUCT_UPDATE = `#graphql
  mutation LabResultsProductUpdate($product: ProductUpdateInput!) {
    productUpdate(product: $product) {
      product {
        id
        descriptionHtml
        seo {
          title
          description
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const seoSchema = z.object({ title: z.string().nullable(), description: z.string().nullable() });

const productSchema = z.object({
  id: z.string(),
  title: z.string(),
  descriptionHtml: z.string(),
  seo: seoSchema,
  productType: z.string(),
  vendor: z.string(),
  tags: z.array(z.string()),
});
export type AdminProduct = z.infer<typeof productSchema>;

export async function readProduct(admin: AdminGraphql, id: string): Promise<AdminProduct | null> {
  const data = await runAdminOperation(
    admin,
    PRODUCT,
    { id },
    z.object({ product: productSchema.nullable() }),
  );
  return data.product;
}

const VARIANT_PRODUCT = `#graphql
  query LabResultsVariantProduct($id: ID!) {
    productVariant(id: $id) {
      id
      product {
        id
        title
      }
    }
  }
`;

/** The product a variant belongs to (a COA is linked to the product), or null if there is none. */
export async function readVariantProduct(
  admin: AdminGraphql,
  variantId: string,
): Promise<{ id: string; title: string } | null> {
  const data = await runAdminOperation(
    admin,
    VARIANT_PRODUCT,
    { id: variantId },
    z.object({
      productVariant: z
        .object({ id: z.string(), product: z.object({ id: z.string(), title: z.string() }) })
        .nullable(),
    }),
  );
  return data.productVariant?.product ?? null;
}

export async function updateProductDescription(
  admin: AdminGraphql,
  input: { id: string; descriptionHtml: string; seo: { title: string; description: string } },
): Promise<MutationResult<{ descriptionHtml: string }>> {
  const data = await runAdminOperation(
    admin,
    PRODUCT_UPDATE,
    { product: input },
    z.object({
      productUpdate: z.object({
        product: z
          .object({ id: z.string(), descriptionHtml: z.string(), seo: seoSchema })
          .nullable(),
        userErrors: z.array(userErrorSchema),
      }),
    }),
  );
  const { product, userErrors } = data.productUpdate;
  if (userErrors.length > 0 || !product) return { ok: false, userErrors: orUnknown(userErrors) };
  return { ok: true, value: { descriptionHtml: product.descriptionHtml } };
}
