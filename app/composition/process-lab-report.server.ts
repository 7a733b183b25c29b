import { db } from "~/db.server";
import { env } from "~/env.server";
import { languageModelFromEnv } from "~/integrations/openai.server";
import { createProcessLabReport } from "~/inngest/process-lab-report";
import { sendLabReportSafetyFailed } from "~/inngest/send-event.server";
import { unauthenticated } from "~/shopify.server";
import { meteredLanguageModel } from "~/service/metered-language-model";
import { serviceMetrics } from "./service-metrics.server";
import { createPipelineDeps } from "./process-lab-report-adapters.server";

/**
 * The composition root of the background function: the real database, PDF reader, writer (with
 * OpenAI when OPENAI_API_KEY is set, else the built-in template writer) and the Shopify Admin API
 * through each shop's offline session; step durations, failure codes and model tokens go to the
 * process's metrics (service-metrics.server.ts).
 */
const config = env();

const { metrics } = serviceMetrics();
const model = languageModelFromEnv(config);
const languageModel = model && meteredLanguageModel(model, metrics);

export const processLabReport = createProcessLabReport({
  ...createPipelineDeps({
    db,
    ...(languageModel ? { languageModel } : {}),
    adminFor: async (shop) => (await unauthenticated.admin(shop)).admin.graphql,
    pdf: {
      maxPages: config.COA_MAX_PAGES,
      timeoutMs: config.COA_EXTRACTION_TIMEOUT_MS,
      maxScanPages: config.COA_SCAN_MAX_PAGES,
    },
  }),
  metrics,
  reportSafetyFailed: (shop, reportId) => sendLabReportSafetyFailed({ shop, reportId }),
});
