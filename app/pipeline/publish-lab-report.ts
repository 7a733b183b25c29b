import { printedBatch } from "./batch-key";
import type { LabReport } from "./lab-report";
import { planLabReportEntry, referencesAfterPublish } from "./lab-report-entry";
import { batchLookupUrl } from "./lookup-url";
import { restoreLabData } from "./restore-product";
import {
  coaFileMetafield,
  planLabReportPublish,
  type PublishableDescription,
} from "./publish-plan";
import {
  notFound,
  type CoaFileRef,
  type CoaFileUpload,
  type PortResult,
  type PreviousLabData,
  type ProductOnShopify,
  type ShopifyPublishingPort,
  type ShopifyRefusal,
} from "./shopify-publishing-port";

/**
 * Publishes a lab report to a Shopify product through the publishing port, in an order that never
 * leaves the product half-done for a shopper: the COA file, then the lab block's metafields, then
 * the batch record (its entry and the product's and variants' references), and the description
 * last. Until the description step succeeds the product shows its old copy; when Shopify refuses the
 * batch record or the description, the lab block and references are put back as `keepPrevious` was
 * given them, and Restore does the same later if that is refused too or the run gave up.
 *
 * Shopify's refusals (userErrors) come back as a value naming the step; throttling and outages throw
 * from the port, and the caller retries the whole function: every step is safe to repeat, and the
 * COA file is reused through `keepCoaFileId`.
 */

export type PublishStep =
  | "read-product"
  | "ensure-definitions"
  | "upload-coa-file"
  | "set-metafields"
  | "publish-batch-record"
  | "update-description";

export type PublishLabReportInput = {
  productId: string;
  /** The variants the report is for; empty: the whole product. */
  variantIds: readonly string[];
  report: LabReport;
  description: PublishableDescription;
  /** The COA to put in Shopify Files; null publishes without one (the old file stays linked). */
  coaFile: CoaFileUpload | null;
  /** The file an earlier attempt of this report created: reused instead of uploading again. */
  coaFileId: string | null;
};

export type PreviousProduct = {
  description: { html: string; seoTitle: string; seoDescription: string };
  labData: PreviousLabData;
};

/** Where the caller keeps what publishing must not lose. */
export interface PublishLabReportRecords {
  /**
   * The product before anything changes. On a retry the product may already show part of this
   * report: the caller keeps the first one it was given, and returns that one's lab data (what a
   * refused step puts back).
   */
  keepPrevious(previous: PreviousProduct): Promise<PreviousLabData>;
  /** Called as soon as Shopify has created the COA file, before it is processed. */
  keepCoaFileId(fileId: string): Promise<void>;
}

export type PublishLabReportResult =
  | {
      ok: true;
      productId: string;
      /** False when the product already had this description (e.g. a retried publish). */
      descriptionChanged: boolean;
      publishedDescriptionHtml: string;
      coaFile: CoaFileRef | null;
      /** The batch's `$app:lab_report` entry; null when the COA prints no batch. */
      batchRecordId: string | null;
    }
  | {
      ok: false;
      step: PublishStep;
      userErrors: ShopifyRefusal[];
      /** True when what the refused publish had changed was put back (false: Restore it). */
      undone: boolean;
    };

export async function publishLabReport(
  input: PublishLabReportInput,
  port: ShopifyPublishingPort,
  records: PublishLabReportRecords,
): Promise<PublishLabReportResult> {
  const fail = (step: PublishStep, userErrors: ShopifyRefusal[]) =>
    ({ ok: false, step, userErrors, undone: true }) as const;

  const product = await port.readProduct(input.productId);
  if (!product) {
    return fail("read-product", notFound("id", "This product no longer exists in Shopify."));
  }
  const known = new Set(product.variants.map((v) => v.id));
  const unknown = input.variantIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const message = `These variants are not on the product: ${unknown.join(", ")}`;
    return fail("read-product", notFound("variantIds", message));
  }
  const found = previousProduct(product, input.variantIds);
  const before = await records.keepPrevious(found);

  // Once the lab block is new, a refused step puts it back, so the shopper never sees new lab data
  // beside the old copy; should that be refused too, Restore does it later. A retry may find part
  // of an earlier attempt on the product already.
  let changed = JSON.stringify(found.labData) !== JSON.stringify(before);
  const undo = async (step: PublishStep, userErrors: ShopifyRefusal[]) => {
    if (!changed) return fail(step, userErrors);
    const undone = await restoreLabData(port, product.id, before);
    return { ...fail(step, userErrors), undone: undone.ok };
  };

  const definitions = await port.ensureLabResultsDefinitions();
  if (!definitions.ok) return undo("ensure-definitions", definitions.userErrors);

  let coaFile: CoaFileRef | null = null;
  if (input.coaFile) {
    const file = await coaFileFor({ ...input, coaFile: input.coaFile }, port, records);
    if (!file.ok) return undo("upload-coa-file", file.userErrors);
    coaFile = file.value;
  }

  const plan = planLabReportPublish(input.report, input.description, {
    coaUrl: coaFile?.url ?? null,
  });
  const metafields = coaFile ? [...plan.metafields, coaFileMetafield(coaFile.id)] : plan.metafields;
  // metafieldsSet is atomic: refused, it changed nothing.
  const set = await port.setLabResultsMetafields(product.id, metafields);
  if (!set.ok) return undo("set-metafields", set.userErrors);
  changed = true;

  // Without a new COA file the old coa_file reference stays: it still belongs to this product.
  const removed = await port.removeLabResultsMetafields(product.id, plan.metafieldsToRemove);
  if (!removed.ok) return undo("set-metafields", removed.userErrors);

  const record = await publishBatchRecord(input, product, coaFile, port);
  if (!record.ok) return undo("publish-batch-record", record.userErrors);

  const updated = await port.updateProductDescription(product.id, {
    descriptionHtml: plan.descriptionHtml,
    seo: plan.seo,
  });
  if (!updated.ok) return undo("update-description", updated.userErrors);

  return {
    ok: true,
    productId: product.id,
    descriptionChanged: product.descriptionHtml !== updated.value.descriptionHtml,
    publishedDescriptionHtml: updated.value.descriptionHtml,
    coaFile,
    batchRecordId: record.value,
  };
}

function previousProduct(
  product: ProductOnShopify,
  variantIds: readonly string[],
): PreviousProduct {
  return {
    description: {
      html: product.descriptionHtml,
      seoTitle: product.seo.title ?? "",
      seoDescription: product.seo.description ?? "",
    },
    labData: {
      labResults: product.labResults,
      references: [
        { ownerId: product.id, ...product.references },
        ...product.variants
          .filter((v) => variantIds.includes(v.id))
          .map((v) => ({ ownerId: v.id, current: v.current, history: v.history })),
      ],
    },
  };
}

/** One file per report: an earlier attempt's file is reused while Shopify still has it. */
async function coaFileFor(
  input: { coaFile: CoaFileUpload; coaFileId: string | null },
  port: ShopifyPublishingPort,
  records: PublishLabReportRecords,
): Promise<PortResult<CoaFileRef>> {
  if (input.coaFileId) {
    const reused = await port.waitForCoaFile(input.coaFileId);
    // Deleted from Files by the merchant, or never processed: upload the PDF again.
    if (reused.ok) return reused;
  }
  const created = await port.createCoaFile(input.coaFile);
  if (!created.ok) return created;
  await records.keepCoaFileId(created.value.id);
  return port.waitForCoaFile(created.value.id);
}

/** The batch's entry, then the references that point at it; null when the COA prints no batch. */
async function publishBatchRecord(
  input: PublishLabReportInput,
  product: ProductOnShopify,
  coaFile: CoaFileRef | null,
  port: ShopifyPublishingPort,
): Promise<PortResult<string | null>> {
  const batch = printedBatch(input.report.sample.batch);
  if (!batch) return { ok: true, value: null };
  const entry = planLabReportEntry({
    report: input.report,
    batch,
    coaFileId: coaFile?.id ?? null,
    lookupUrl: batchLookupUrl(await port.readShopOrigin(), batch),
  });
  const upserted = await port.upsertLabReportEntry(entry);
  if (!upserted.ok) return upserted;
  const owners = referencesAfterPublish(product, input.variantIds, upserted.value.id);
  if (owners.length > 0) {
    const set = await port.setLabReportReferences(owners);
    if (!set.ok) return set;
  }
  return { ok: true, value: upserted.value.id };
}
