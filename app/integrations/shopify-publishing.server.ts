import { z } from "zod";
import type { References } from "~/pipeline/lab-report-entry";
import { LAB_RESULTS_KEYS, LAB_RESULTS_NAMESPACE, METAFIELD_TYPES } from "~/pipeline/publish-plan";
import type { ProductOnShopify, ShopifyPublishingPort } from "~/pipeline/shopify-publishing-port";
import { runAdminOperation, type AdminGraphql } from "./shopify-admin-client.server";
import { createCoaFile, waitForCoaFile, type UploadOptions } from "./shopify-admin-files.server";
import {
  removeLabReportReferences,
  setLabReportReferences,
  upsertLabReportEntry,
} from "./shopify-admin-lab-report-entries.server";
import {
  ensureLabResultsDefinitions,
  removeLabResultsMetafields,
  setLabResultsMetafields,
} from "./shopify-admin-metafields.server";
import { updateProductDescription } from "./shopify-admin.server";
import { readShopOrigin } from "./shopify-admin-shop.server";

/**
 * The publishing port (app/pipeline/shopify-publishing-port.ts) on the Admin API of one shop. Each
 * method is one Admin operation (or a bounded poll) and applies exactly what it is given; the
 * pipeline decides what and when. Throttling and outages throw (ShopifyThrottledError,
 * ShopifyUnavailableError, ShopifyFileNotReadyError).
 */

const PUBLISHING_PRODUCT = `#graphql
  query LabResultsPublishingProduct($id: ID!, $namespace: String!) {
    product(id: $id) {
      id
      title
      descriptionHtml
      seo {
        title
        description
      }
      labResults: metafields(namespace: $namespace, first: 20) {
        nodes {
          key
          type
          value
        }
      }
      current: metafield(namespace: "$app", key: "lab_report") {
        value
      }
      history: metafield(namespace: "$app", key: "lab_report_history") {
        value
      }
      variants(first: 250) {
        nodes {
          id
          current: metafield(namespace: "$app", key: "lab_report") {
            value
          }
          history: metafield(namespace: "$app", key: "lab_report_history") {
            value
          }
        }
      }
    }
  }
`;

const valueSchema = z.object({ value: z.string() }).nullable();
const labResultSchema = z.object({
  key: z.enum(LAB_RESULTS_KEYS),
  type: z.enum(METAFIELD_TYPES),
  value: z.string(),
});

const publishingProductData = z.object({
  product: z
    .object({
      id: z.string(),
      title: z.string(),
      descriptionHtml: z.string(),
      seo: z.object({ title: z.string().nullable(), description: z.string().nullable() }),
      labResults: z.object({
        nodes: z.array(z.object({ key: z.string(), type: z.string(), value: z.string() })),
      }),
      current: valueSchema,
      history: valueSchema,
      variants: z.object({
        nodes: z.array(z.object({ id: z.string(), current: valueSchema, history: valueSchema })),
      }),
    })
    .nullable(),
});

function readReferences(
  current: z.infer<typeof valueSchema>,
  history: z.infer<typeof valueSchema>,
): References {
  let list: string[] = [];
  if (history) {
    try {
      const parsed = z.array(z.string()).safeParse(JSON.parse(history.value));
      list = parsed.success ? parsed.data : [];
    } catch {
      list = [];
    }
  }
  return { current: current?.value ?? null, history: list };
}

export async function readPublishingProduct(
  admin: AdminGraphql,
  productId: string,
): Promise<ProductOnShopify | null> {
  const { product } = await runAdminOperation(
    admin,
    PUBLISHING_PRODUCT,
    { id: productId, namespace: LAB_RESULTS_NAMESPACE },
    publishingProductData,
  );
  if (!product) return null;
  return {
    id: product.id,
    title: product.title,
    descriptionHtml: product.descriptionHtml,
    seo: product.seo,
    // Only the keys and types the app writes; anything else in the namespace is not ours to keep.
    labResults: product.labResults.nodes.flatMap((m) => {
      const parsed = labResultSchema.safeParse(m);
      return parsed.success ? [parsed.data] : [];
    }),
    references: readReferences(product.current, product.history),
    variants: product.variants.nodes.map((v) => ({
      id: v.id,
      ...readReferences(v.current, v.history),
    })),
  };
}

/** `upload`: staged-upload options (tests pass a no-op sleep). */
export function createShopifyPublishingPort(
  admin: AdminGraphql,
  upload: UploadOptions = {},
): ShopifyPublishingPort {
  return {
    readProduct: (productId) => readPublishingProduct(admin, productId),
    readShopOrigin: () => readShopOrigin(admin),
    ensureLabResultsDefinitions: () => ensureLabResultsDefinitions(admin),
    createCoaFile: (file) =>
      createCoaFile(admin, upload, { filename: file.fileName, bytes: file.bytes }),
    waitForCoaFile: (fileId) => waitForCoaFile(admin, upload, fileId),
    setLabResultsMetafields: (productId, metafields) =>
      setLabResultsMetafields(admin, productId, metafields),
    removeLabResultsMetafields: (productId, keys) =>
      removeLabResultsMetafields(admin, productId, keys),
    upsertLabReportEntry: (entry) => upsertLabReportEntry(admin, entry),
    setLabReportReferences: (owners) => setLabReportReferences(admin, owners),
    removeLabReportReferences: (references) => removeLabReportReferences(admin, references),
    updateProductDescription: (productId, fields) =>
      updateProductDescription(admin, { id: productId, ...fields }),
  };
}
