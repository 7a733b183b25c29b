import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import type { UploadOptions } from "~/integrations/shopify-admin-files.server";
import { createShopifyPublishingPort } from "~/integrations/shopify-publishing.server";
import { createPageScanner } from "~/integrations/page-scan.server";
import { createVisionSecondReader } from "~/pipeline/vision-second-reader";
import { createPageOcr } from "~/integrations/page-ocr.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import type { LanguageModel } from "~/pipeline/language-model";
import { writeDescription } from "~/pipeline/write-description";
import type { ProcessLabReportDeps } from "~/inngest/process-lab-report-ports";
import { recordActivity } from "~/models/activity.server";
import {
  addWrittenDescription,
  findDescription,
  keepPreviousProductDescription,
} from "~/models/description.server";
import {
  findReportRecord,
  getLabReportFile,
  markLabReportPublished,
  moveLabReport,
  readStoredExtraction,
  storeExtractedReport,
} from "~/models/lab-report.server";
import { storePageImages } from "~/models/lab-report-page-image.server";
import { keepPreviousLabData, storeLabReportCoaFile } from "~/models/lab-report-publication.server";
import { readShopPipelineSettings } from "~/models/shop.server";

export interface PipelineDepsOptions {
  db: PrismaClient;
  /** Writes (and rescues unreadable layouts) with the model; without one, the built-in writer. */
  languageModel?: LanguageModel;
  /** The Admin API for a shop, from its offline session. */
  adminFor(shop: string): Promise<AdminGraphql>;
  /** maxScanPages: pages of a scanned COA read by OCR at most. */
  pdf?: { maxPages?: number; timeoutMs?: number; maxScanPages?: number };
  /** Staged-upload options (tests pass a no-op sleep). */
  upload?: UploadOptions;
  now?: () => Date;
}

/** The real pieces behind process-lab-report's ports: Prisma, pdf-parse, the writer, Shopify. */
export function createPipelineDeps(options: PipelineDepsOptions): ProcessLabReportDeps {
  const { languageModel } = options;
  return {
    ...labReportStorage(options.db),
    now: options.now ?? (() => new Date()),

    async extractLabReport(pdf) {
      const { maxScanPages, ...pdfLimits } = options.pdf ?? {};
      const extracted = await readLabReportFromPdf(pdf, {
        readPdfText: (bytes) => readPdfText(bytes, pdfLimits),
        pageOcrFor: (bytes) => createPageOcr(bytes),
        pageScannerFor: (bytes) => createPageScanner(bytes),
        ...(maxScanPages !== undefined ? { maxScanPages } : {}),
        ...(languageModel
          ? { languageModel, secondReader: createVisionSecondReader(languageModel) }
          : {}),
      });
      if (!extracted.ok) return { ok: false, error: extracted.error };
      return {
        ok: true,
        extraction: {
          report: extracted.report,
          warnings: extracted.report.warnings,
          uncertainFields: extracted.uncertainFields,
        },
        ...(extracted.pageImages ? { pageImages: extracted.pageImages } : {}),
      };
    },

    async writeDescription({ report, product, settings }) {
      const written = await writeDescription(
        { report, product, settings },
        languageModel ? { languageModel } : {},
      );
      return { description: written.description, warnings: written.warnings };
    },

    shopifyPublishing: async (shop) =>
      createShopifyPublishingPort(await options.adminFor(shop), options.upload),
  };
}

/** process-lab-report's storage ports on app/models; every call is scoped by shop. */
export function labReportStorage(
  db: PrismaClient,
): Pick<ProcessLabReportDeps, "reports" | "shops" | "activity"> {
  return {
    reports: {
      find: (shop, id) => findReportRecord(db, shop, id),
      readPdf: (shop, id) => getLabReportFile(db, shop, id),
      move: (shop, id, to, at, reason) =>
        moveLabReport(
          db,
          shop,
          id,
          to,
          reason ? { errorCode: reason.code, errorMessage: reason.message } : {},
          at,
        ),
      async saveExtraction(shop, id, extraction) {
        if (!(await storeExtractedReport(db, shop, id, extraction))) {
          throw new Error(`Lab report ${id} of ${shop} does not exist`);
        }
      },
      readExtraction: (shop, id) => readStoredExtraction(db, shop, id),
      async savePageImages(shop, id, images) {
        await storePageImages(db, shop, id, images);
      },
      saveDescription: (shop, id, written) => addWrittenDescription(db, shop, id, written),
      readDescription: (shop, id, descriptionId) => findDescription(db, shop, id, descriptionId),
      async keepPreviousProduct(shop, id, previous) {
        await keepPreviousProductDescription(db, shop, id, previous.description);
        return keepPreviousLabData(db, shop, id, previous.labData);
      },
      keepCoaFileId: (shop, id, fileId) => storeLabReportCoaFile(db, shop, id, fileId),
      markPublished: (shop, id, descriptionId, at) =>
        markLabReportPublished(db, shop, id, descriptionId, at),
    },
    shops: { settings: (shop) => readShopPipelineSettings(db, shop) },
    activity: {
      async record(entry) {
        await recordActivity(db, { ...entry, actor: "system" });
      },
    },
  };
}
