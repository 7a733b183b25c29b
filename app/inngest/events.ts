import { eventType } from "inngest";
import { z } from "zod";

/**
 * The events the lab-report pipeline sends and listens to. Names follow Inngest's `domain/noun.verb`
 * in the past tense; payloads carry ids only, never file bytes (an event is capped at 256 KB and
 * stored in Inngest's history).
 */

const shopDomain = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "a *.myshopify.com domain");
const reportId = z.string().min(1).max(64);

export const labReportPdfUploadedData = z.object({
  reportId,
  shop: shopDomain,
  /**
   * 1 for the upload, n+1 for each merchant "retry". Part of the function's idempotency key, so a
   * duplicate send of the same attempt starts nothing while a deliberate retry starts a new run.
   */
  attempt: z.number().int().min(1),
});
export const labReportPdfUploaded = eventType("lab-report/pdf.uploaded", {
  schema: labReportPdfUploadedData,
});

export const labReportDescriptionApprovedData = z.object({
  reportId,
  shop: shopDomain,
  /** The version the merchant approved (perhaps after editing); the newest when absent. */
  descriptionId: z.string().min(1).optional(),
});
export const labReportDescriptionApproved = eventType("lab-report/description.approved", {
  schema: labReportDescriptionApprovedData,
});

export const labReportDeletedData = z.object({ reportId, shop: shopDomain });
export const labReportDeleted = eventType("lab-report/deleted", { schema: labReportDeletedData });

export const shopAppUninstalledData = z.object({ shop: shopDomain });
export const shopAppUninstalled = eventType("shop/app.uninstalled", {
  schema: shopAppUninstalledData,
});

export type LabReportPdfUploaded = z.infer<typeof labReportPdfUploadedData>;
export type LabReportDescriptionApproved = z.infer<typeof labReportDescriptionApprovedData>;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The daily check of one shop's current COAs; `day` (UTC) makes one check per shop per day. */
export const coaFreshnessCheckRequestedData = z.object({ shop: shopDomain, day: isoDay });
export const coaFreshnessCheckRequested = eventType("shop/coa-freshness-check.requested", {
  schema: coaFreshnessCheckRequestedData,
});

/** One shop's batch record migration (docs/decisions/019). */
export const batchRecordMigrationRequestedData = z.object({ shop: shopDomain });
export const batchRecordMigrationRequested = eventType("shop/batch-record-migration.requested", {
  schema: batchRecordMigrationRequestedData,
});

/** Extraction found a failed safety panel on the COA: Shopify Flow's "COA failed" is sent. */
export const labReportSafetyFailedData = z.object({ reportId, shop: shopDomain });
export const labReportSafetyFailed = eventType("lab-report/safety.failed", {
  schema: labReportSafetyFailedData,
});
