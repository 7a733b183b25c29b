import { db } from "~/db.server";
import { env } from "~/env.server";
import { languageModelFromEnv } from "~/integrations/openai.server";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import { updateProductDescription } from "~/integrations/shopify-admin.server";
import { writeDescription } from "~/pipeline/write-description";
import { sendDescriptionApproved, sendLabReportUploaded } from "~/inngest/send-event.server";
import type { LabReportActionDeps } from "~/merchant/lab-report-actions.server";
import type { LabReportUploadDeps } from "~/merchant/upload-lab-report.server";
import { meteredLanguageModel } from "~/service/metered-language-model";
import { serviceMetrics } from "./service-metrics.server";

/**
 * The composition root of the merchant's actions (upload, and approve, edit, regenerate, retry,
 * restore on a report page): the real database, Inngest, writer and the Shopify Admin
 * API of the request's session. Each function builds only what its caller uses.
 */

export function uploadDeps(): LabReportUploadDeps {
  const config = env();
  return {
    db,
    limits: { maxBytes: config.COA_MAX_BYTES, maxPages: config.COA_MAX_PAGES },
    sendUploaded: sendLabReportUploaded,
    now: () => new Date(),
    metrics: serviceMetrics().metrics,
  };
}

/** `admin` is the authenticated request's `admin.graphql`. */
export function labReportActionDeps(admin: AdminGraphql): LabReportActionDeps {
  const config = env();
  const model = languageModelFromEnv(config);
  const languageModel = model && meteredLanguageModel(model, serviceMetrics().metrics);
  return {
    db,
    sendUploaded: sendLabReportUploaded,
    sendApproved: sendDescriptionApproved,
    async writeDescription({ report, product, settings }) {
      const written = await writeDescription(
        { report, product, settings },
        languageModel ? { languageModel } : {},
      );
      return { description: written.description };
    },
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
