import { db } from "~/db.server";
import { env } from "~/env.server";
import { languageModelFromEnv } from "~/integrations/openai.server";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import { createShopifyPublishingPort } from "~/integrations/shopify-publishing.server";
import { writeDescription } from "~/pipeline/write-description";
import { sendDescriptionApproved, sendLabReportUploaded } from "~/inngest/send-event.server";
import type { LabReportActionDeps } from "~/merchant/lab-report-actions.server";
import type { LabReportUploadDeps } from "~/merchant/upload-lab-report.server";
import type { ReviewValueDeps } from "~/merchant/review-values.server";
import { meteredLanguageModel } from "~/service/metered-language-model";
import { createUploadPacer, type UploadPacer } from "~/service/upload-pacing";
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
    pacer: uploadPacer(),
  };
}

/** One pacer for the process: every upload route takes from the same buckets. */
let pacer: UploadPacer | undefined;
function uploadPacer(): UploadPacer {
  const config = env();
  pacer ??= createUploadPacer({
    shopBytesPerSecond: config.UPLOAD_SHOP_BYTES_PER_SECOND,
    shopBurstBytes: 3 * config.COA_MAX_BYTES,
    totalBytesPerSecond: config.UPLOAD_TOTAL_BYTES_PER_SECOND,
    totalBurstBytes: 6 * config.COA_MAX_BYTES,
  });
  return pacer;
}

/** The writer: the language model when one is configured, else the built-in template. */
function descriptionWriter(): LabReportActionDeps["writeDescription"] {
  const model = languageModelFromEnv(env());
  const languageModel = model && meteredLanguageModel(model, serviceMetrics().metrics);
  return async ({ report, product, settings }) => {
    const written = await writeDescription(
      { report, product, settings },
      languageModel ? { languageModel } : {},
    );
    return { description: written.description };
  };
}

/** The report page's "Values to check": the database and the writer, for the rewrite at the end. */
export function reviewValueDeps(): ReviewValueDeps {
  return { db, writeDescription: descriptionWriter(), now: () => new Date() };
}

/** `admin` is the authenticated request's `admin.graphql`. */
export function labReportActionDeps(admin: AdminGraphql): LabReportActionDeps {
  return {
    db,
    sendUploaded: sendLabReportUploaded,
    sendApproved: sendDescriptionApproved,
    writeDescription: descriptionWriter(),
    shopify: createShopifyPublishingPort(admin),
    now: () => new Date(),
  };
}
