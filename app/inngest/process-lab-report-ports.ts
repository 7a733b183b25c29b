import type { Description, DescriptionWarning } from "~/pipeline/description";
import type { LabReport } from "~/pipeline/lab-report";
import type { WriterSettings } from "~/pipeline/writer-settings";
import type { LabReportStatus } from "~/models/lab-report.server";

/**
 * What process-lab-report needs from the outside world, as small ports. The composition root
 * (functions.server.ts) wires them to Prisma, pdf-parse, the writer and the Shopify Admin API; tests
 * wire them to a test database and HTTP doubles.
 */

// The statuses are the data model's (app/models/lab-report.server.ts); re-exported for the steps.
export { labReportStatuses as LAB_REPORT_STATUSES } from "~/models/lab-report.server";
export type { LabReportStatus } from "~/models/lab-report.server";

/** Why a report failed, in words a merchant can act on. */
export interface FailureReason {
  code: string;
  message: string;
}

export interface ReportRecord {
  id: string;
  shop: string;
  status: LabReportStatus;
  productId: string | null;
  productTitle: string | null;
  fileName: string;
}

export interface StoredExtraction {
  report: LabReport;
  /** Codes such as "hemp-thc-over-limit", "total-thc-computed". */
  warnings: string[];
  /** Dotted paths of fields extraction was unsure of, e.g. "totals.thc". */
  uncertainFields: string[];
}

export interface StoredDescription {
  id: string;
  html: string;
  seoTitle: string;
  seoDescription: string;
}

export interface ShopSettings {
  autoPublish: boolean;
  writer: WriterSettings;
}

export type ReadLabReportResult =
  { ok: true; extraction: StoredExtraction } | { ok: false; error: FailureReason };

export interface WrittenDescription {
  description: Description;
  warnings: DescriptionWarning[];
}

export interface ProductDescription {
  html: string;
  seoTitle: string;
  seoDescription: string;
}

export type PublishResult = { ok: true } | { ok: false; error: FailureReason };

export interface ProcessLabReportDeps {
  reports: {
    find(shop: string, reportId: string): Promise<ReportRecord | null>;
    readPdf(shop: string, reportId: string): Promise<Uint8Array | null>;
    /** Records the status and its timestamp (extractStartedAt, extractedAt, …). */
    setStatus(shop: string, reportId: string, status: LabReportStatus, at: Date): Promise<void>;
    fail(shop: string, reportId: string, reason: FailureReason, at: Date): Promise<void>;
    saveExtraction(shop: string, reportId: string, extraction: StoredExtraction): Promise<void>;
    readExtraction(shop: string, reportId: string): Promise<StoredExtraction | null>;
    /** Stores a new description version written by the model or the template. */
    saveDescription(shop: string, reportId: string, written: Description): Promise<{ id: string }>;
    /** A given version, or the newest when `descriptionId` is null. */
    readDescription(
      shop: string,
      reportId: string,
      descriptionId: string | null,
    ): Promise<StoredDescription | null>;
    /** Keeps the product's description from before publishing as a "previous-product" version, once per report. */
    keepPreviousDescription(
      shop: string,
      reportId: string,
      previous: ProductDescription,
    ): Promise<void>;
    markPublished(shop: string, reportId: string, descriptionId: string, at: Date): Promise<void>;
  };
  shops: { settings(shop: string): Promise<ShopSettings | null> };
  activity: {
    record(entry: {
      shop: string;
      action: string;
      target: string;
      details: Record<string, unknown>;
    }): Promise<void>;
  };
  /** PDF bytes → lab report; bad input is a value, outages throw. */
  readLabReport(pdf: Uint8Array): Promise<ReadLabReportResult>;
  writeDescription(input: {
    report: LabReport;
    product: { title: string | null };
    settings: WriterSettings;
  }): Promise<WrittenDescription>;
  /** Throws ShopifyThrottledError / ShopifyUnavailableError for outages; userErrors are a value. */
  publish(input: {
    shop: string;
    productId: string;
    description: StoredDescription;
    report: LabReport;
    coaFile: { fileName: string; bytes: Uint8Array };
    /**
     * Called with the product's description before it is replaced, and before anything changes, so a
     * step retried after a partial publish still has the merchant's original copy stored.
     */
    keepPrevious(previous: ProductDescription): Promise<void>;
  }): Promise<PublishResult>;
  now(): Date;
}
