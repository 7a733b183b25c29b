import { db } from "~/db.server";
import { env } from "~/env.server";
import { languageModelFromEnv } from "~/integrations/openai.server";
import { createProcessLabReport } from "~/inngest/process-lab-report";
import { unauthenticated } from "~/shopify.server";
import { createPipelineDeps } from "./process-lab-report-adapters.server";

/**
 * The composition root of the background function: the real database, PDF reader, writer (with
 * OpenAI when OPENAI_API_KEY is set, else the built-in template writer) and the Shopify Admin API
 * through each shop's offline session.
 */
const config = env();

const languageModel = languageModelFromEnv(config);

export const processLabReport = createProcessLabReport(
  createPipelineDeps({
    db,
    ...(languageModel ? { languageModel } : {}),
    adminFor: async (shop) => (await unauthenticated.admin(shop)).admin.graphql,
    pdf: { maxPages: config.COA_MAX_PAGES, timeoutMs: config.COA_EXTRACTION_TIMEOUT_MS },
  }),
);
