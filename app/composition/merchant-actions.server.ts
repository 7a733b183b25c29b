import { db } from "~/db.server";
import { env } from "~/env.server";
import { languageModelFromEnv } from "~/integrations/openai.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import { updateProductDescription } from "~/integrations/shopify-admin.server";
import { createPipelineDeps } from "~/composition/process-lab-report-adapters.server";
import { sendDescriptionApproved, sendLabReportUploaded } from "~/inngest/send-event.server";
import type { LabReportActionDeps } from "~/merchant/lab-report-actions.server";
import type { UploadDeps } from "~/merchant/upload-lab-report.server";

/**
 * The merchant pages' composition root: the real database, Inngest, PDF reader, writer and the
 * Shopify Admin API of the request's session. Routes take their dependencies from here.
 */

export function uploadDeps(): UploadDeps {
  const config = env();
  return {
    db,
    limits: { maxBytes: config.COA_MAX_BYTES, maxPages: config.COA_MAX_PAGES },
    async inspectPdf(bytes, maxPages) {
      const read = await readPdfText(bytes, {
        maxPages,
        timeoutMs: config.COA_EXTRACTION_TIMEOUT_MS,
      });
      return read.ok ? { ok: true, pageCount: read.document.pageCount } : read;
    },
    sendUploaded: sendLabReportUploaded,
    now: () => new Date(),
  };
}

/** `admin` is the authenticated request's `admin.graphql`. */
export function labReportActionDeps(admin: AdminGraphql): LabReportActionDeps {
  const config = env();
  const languageModel = languageModelFromEnv(config);
  const pipeline = createPipelineDeps({
    db,
    ...(languageModel ? { languageModel } : {}),
    adminFor: () => Promise.resolve(admin),
  });
  return {
    db,
    sendUploaded: sendLabReportUploaded,
    sendApproved: sendDescriptionApproved,
    writeDescription: pipeline.writeDescription,
    async updateProduct(input) {
      const result = await updateProductDescription(admin, {
        id: input.productId,
        descriptionHtml: input.descriptionHtml,
        seo: input.seo,
      });
      return result.ok ? { ok: true } : result;
    },
    now: () => new Date(),
  };
}
