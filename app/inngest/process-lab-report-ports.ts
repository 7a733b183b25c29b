import type { Description, DescriptionWarning } from "~/pipeline/description";
import type { LabReport } from "~/pipeline/lab-report";
import type { ReviewPageImage } from "~/pipeline/review-items";
import type { PreviousProduct } from "~/pipeline/publish-lab-report";
import type { PreviousLabData, ShopifyPublishingPort } from "~/pipeline/shopify-publishing-port";
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
  | {
      ok: true;
      extraction: StoredExtraction;
      /** Pages painted for OCR, kept with the report for the merchant's review (none: none kept). */
      pageImages?: ReviewPageImage[];
    }
  | { ok: false; error: FailureReason };

export interface WrittenDescription {
  description: Description;
  warnings: DescriptionWarning[];
}

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
    /** Keeps the pages painted for OCR, replacing any kept by an earlier attempt. */
    savePageImages(shop: string, reportId: string, images: ReviewPageImage[]): Promise<void>;
    readExtraction(shop: string, reportId: string): Promise<StoredExtraction | null>;
    /** Stores a new description version written by the model or the template. */
    saveDescription(shop: string, reportId: string, written: Description): Promise<{ id: string }>;
    /** A given version, or the newest when `descriptionId` is null. */
    readDescription(
      shop: string,
      reportId: string,
      descriptionId: string | null,
    ): Promise<StoredDescription | null>;
    /**
     * Keeps the product as it was before publishing (its description as a "previous-product"
     * version, its lab data with the report), once per report: what Restore puts back. Returns the
     * lab data kept, which is the first attempt's when this is a retry.
     */
    keepPreviousProduct(
      shop: string,
      reportId: string,
      previous: PreviousProduct,
    ): Promise<PreviousLabData>;
    /** Remembers the COA file Shopify created for the report, so a retry reuses it. */
    keepCoaFileId(shop: string, reportId: string, fileId: string): Promise<void>;
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
  /**
   * The shop's Shopify, as publishing needs it. Its methods throw ShopifyThrottledError /
   * ShopifyUnavailableError for outages; refusals (userErrors) are values.
   */
  shopifyPublishing(shop: string): Promise<ShopifyPublishingPort>;
  now(): Date;
  /**
   * Asks for Shopify Flow's "COA failed" (send-coa-failed-trigger.ts) for a COA with a failed
   * safety panel; the event id is the report's, so a retried extraction asks once.
   */
  reportSafetyFailed?(shop: string, reportId: string): Promise<void>;
  /** Step durations and failure codes for the operator (app/service/metrics.ts); none in most tests. */
  metrics?: Pick<ServiceMetrics, "stageFinished" | "reportFailed">;
}
