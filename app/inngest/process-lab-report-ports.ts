import type { Description, DescriptionWarning } from "~/pipeline/description";
import type { LabReport } from "~/pipeline/lab-report";
import type { WriterSettings } from "~/pipeline/writer-settings";
import type {
  LabReportStatus,
  ReportRecord,
  StoredExtraction,
  TransitionResult,
} from "~/models/lab-report.server";
import type { ShopPipelineSettings } from "~/models/shop.server";
import type { ServiceMetrics } from "~/service/metrics";

/**
 * What process-lab-report needs from the outside world, as small ports. The composition root
 * (app/composition/process-lab-report-adapters.server.ts) wires them to app/models, pdf-parse, the
 * writer and the Shopify Admin API; tests wire them to a test database and HTTP doubles.
 */

// The statuses and stored shapes are the data model's (app/models/); re-exported for the steps.
export type {
  LabReportStatus,
  ReportRecord,
  StoredExtraction,
  TransitionResult,
} from "~/models/lab-report.server";
export type { ShopPipelineSettings } from "~/models/shop.server";

/** Why a report failed, in words a merchant can act on. */
export interface FailureReason {
  code: string;
  message: string;
}

export interface StoredDescription {
  id: string;
  html: string;
  seoTitle: string;
  seoDescription: string;
}

export type ExtractLabReportResult =
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
    /**
     * The guarded transition: moves the report to `to` only from a status that may precede it (and
     * records `reason` when `to` is "failed"); anything else is refused as a value.
     */
    move(
      shop: string,
      reportId: string,
      to: LabReportStatus,
      at: Date,
      reason?: FailureReason,
    ): Promise<TransitionResult>;
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
    /** publishing → published, with the description it published, together. */
    markPublished(
      shop: string,
      reportId: string,
      descriptionId: string,
      at: Date,
    ): Promise<TransitionResult>;
  };
  shops: { settings(shop: string): Promise<ShopPipelineSettings | null> };
  activity: {
    record(entry: {
      shop: string;
      action: string;
      target: string;
      details: Record<string, unknown>;
    }): Promise<void>;
  };
  /** PDF bytes → lab report; bad input is a value, outages throw. */
  extractLabReport(pdf: Uint8Array): Promise<ExtractLabReportResult>;
  writeDescription(input: {
    report: LabReport;
    product: { title: string | null };
    settings: WriterSettings;
  }): Promise<WrittenDescription>;
  /** Throws ShopifyThrottledError / ShopifyUnavailableError for outages; userErrors are a value. */
  publishDescription(input: {
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
  /**
   * Asks for Shopify Flow's "COA failed" (send-coa-failed-trigger.ts) for a COA with a failed
   * safety panel; the event id is the report's, so a retried extraction asks once.
   */
  reportSafetyFailed?(shop: string, reportId: string): Promise<void>;
  /** Step durations and failure codes for the operator (app/service/metrics.ts); none in most tests. */
  metrics?: Pick<ServiceMetrics, "stageFinished" | "reportFailed">;
}
