import { z } from "zod";
import type { LabReport } from "~/pipeline/lab-report";
import {
  coaFileMetafield,
  planLabReportPublish,
  type PublishableDescription,
} from "~/pipeline/publish-plan";
import {
  runAdminOperation,
  userErrorSchema,
  type AdminGraphql,
  type MutationResult,
  orUnknown,
  type ShopifyUserError,
} from "./shopify-admin-client.server";
import { printedBatch } from "~/pipeline/batch-key";
import { planLabReportEntry } from "~/pipeline/lab-report-entry";
import { batchLookupUrl } from "~/pipeline/lookup-url";
import { publishBatchRecord } from "./shopify-admin-lab-report-entries.server";
import { readShopOrigin } from "./shopify-admin-shop.server";
import { uploadCoaFile, type CoaFile, type UploadDeps } from "./shopify-admin-files.server";
import {
  ensureLabResultsDefinitions,
  removeLabResultsMetafields,
  setLabResultsMetafields,
} from "./shopify-admin-metafields.server";

/**
 * The app's Admin API operations on a product and the publish flow built from them (metafields in
 * shopify-admin-metafields.server.ts, files in shopify-admin-files.server.ts). Every document
 * is `#graphql`-tagged; test/shopify/graphql-documents.test.ts validates each against Shopify's
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

export type PublishStep =
  | "read-product"
  | "ensure-definitions"
  | "upload-coa"
  | "update-product"
  | "set-metafields"
  | "batch-record";

export type PublishLabReportResult =
  | {
      ok: true;
      productId: string;
      /** What the product said before: store it as a Description version to allow a restore. */
      previousDescriptionHtml: string;
      previousSeo: { title: string | null; description: string | null };
      /** False when the product already had this description (e.g. a retried publish). */
      descriptionChanged: boolean;
      publishedDescriptionHtml: string;
      coaFile: { id: string; url: string } | null;
      metafieldKeys: string[];
      /** The batch's $app:lab_report entry; null when the COA prints no batch. */
      batchRecordId: string | null;
    }
  | { ok: false; step: PublishStep; userErrors: ShopifyUserError[] };

export type PublishLabReportInput = Omit<UploadDeps, "admin"> & {
  admin: AdminGraphql;
  productId: string;
  description: PublishableDescription;
  report: LabReport;
  coaFile?: CoaFile;
  /** The variants the report is for; none or omitted: the whole product. */
  variantIds?: string[];
  sanitize?: (html: string) => string;
  /**
   * Receives the product's description before this publish replaces it — before any change, so the
   * caller can store it even if a later call fails and the whole publish is retried. On such a retry
   * the product may already show this app's copy: the caller keeps the first one it was given.
   */
  beforeUpdate?: (previous: Pick<AdminProduct, "descriptionHtml" | "seo">) => Promise<void>;
};

/**
 * Publishes a lab report to a product: definitions, COA file, description and SEO, metafields.
 * The COA goes first so a failed upload leaves the product untouched. userErrors come back as a
 * value naming the step; THROTTLED and outages throw (ShopifyThrottledError, ShopifyUnavailableError).
 */
export async function publishLabReport(
  input: PublishLabReportInput,
): Promise<PublishLabReportResult> {
  const { admin, productId } = input;
  const fail = (step: PublishStep, userErrors: ShopifyUserError[]) =>
    ({ ok: false, step, userErrors }) as const;

  const product = await readProduct(admin, productId);
  if (!product) {
    return fail("read-product", [
      { field: ["id"], message: "This product no longer exists in Shopify.", code: "NOT_FOUND" },
    ]);
  }
  await input.beforeUpdate?.({ descriptionHtml: product.descriptionHtml, seo: product.seo });

  const definitions = await ensureLabResultsDefinitions(admin);
  if (!definitions.ok) return fail("ensure-definitions", definitions.userErrors);

  let coaFile: { id: string; url: string } | null = null;
  if (input.coaFile) {
    const uploaded = await uploadCoaFile(input, input.coaFile);
    if (!uploaded.ok) return fail("upload-coa", uploaded.userErrors);
    coaFile = uploaded.file;
  }

  const plan = planLabReportPublish(input.report, input.description, {
    sanitize: input.sanitize,
    coaUrl: coaFile?.url ?? null,
  });
  const updated = await updateProductDescription(admin, {
    id: product.id,
    descriptionHtml: plan.descriptionHtml,
    seo: plan.seo,
  });
  if (!updated.ok) return fail("update-product", updated.userErrors);

  const metafields = coaFile ? [...plan.metafields, coaFileMetafield(coaFile.id)] : plan.metafields;
  const set = await setLabResultsMetafields(admin, product.id, metafields);
  if (!set.ok) return fail("set-metafields", set.userErrors);
  // Without a new COA file the old coa_file reference stays: it still belongs to this product.
  const removed = await removeLabResultsMetafields(admin, product.id, plan.metafieldsToRemove);
  if (!removed.ok) return fail("set-metafields", removed.userErrors);

  // The batch record: current for the product or its chosen variants, the last one kept as history.
  let batchRecordId: string | null = null;
  const batch = printedBatch(input.report.sample.batch);
  if (batch) {
    const entry = planLabReportEntry({
      report: input.report,
      batch,
      coaFileId: coaFile?.id ?? null,
      lookupUrl: batchLookupUrl(await readShopOrigin(admin), batch),
    });
    const record = await publishBatchRecord(admin, {
      productId: product.id,
      variantIds: input.variantIds ?? [],
      entry,
    });
    if (!record.ok) return fail("batch-record", record.userErrors);
    batchRecordId = record.value.entryId;
  }

  return {
    ok: true,
    productId: product.id,
    previousDescriptionHtml: product.descriptionHtml,
    previousSeo: product.seo,
    descriptionChanged: product.descriptionHtml !== updated.value.descriptionHtml,
    publishedDescriptionHtml: updated.value.descriptionHtml,
    coaFile,
    metafieldKeys: set.value.keys,
    batchRecordId,
  };
}
