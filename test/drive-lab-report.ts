import type { PrismaClient } from "@prisma/client";
import { createPipelineDeps } from "~/composition/process-lab-report-adapters.server";
import { extractLabReportStep, writeDescriptionStep } from "~/inngest/process-lab-report-steps";
import type { ExtractLabReportResult } from "~/inngest/process-lab-report-ports";

/**
 * Runs a queued report through process-lab-report's first two steps in this process (there is no
 * Inngest server in tests): the real PDF reader, extraction and built-in writer against `prisma`.
 * The run then waits for approval (unless the shop auto-publishes), as it would under Inngest.
 * `reading` stands in for another reader's result made from the real one (a scanned COA's values
 * to check and page images).
 */
export async function driveToApproval(
  prisma: PrismaClient,
  shop: string,
  reportId: string,
  options: {
    reading?(result: ExtractLabReportResult, pdf: Uint8Array): Promise<ExtractLabReportResult>;
  } = {},
): Promise<{ descriptionId: string; autoPublish: boolean }> {
  const real = createPipelineDeps({
    db: prisma,
    adminFor: () => Promise.reject(new Error("Publishing is not part of this run")),
  });
  const { reading } = options;
  const deps = reading
    ? {
        ...real,
        extractLabReport: async (pdf: Uint8Array) => reading(await real.extractLabReport(pdf), pdf),
      }
    : real;
  const extracted = await extractLabReportStep(deps, shop, reportId);
  if (extracted.outcome !== "extracted") throw new Error(`Extraction was ${extracted.outcome}`);
  const written = await writeDescriptionStep(deps, shop, reportId);
  return { descriptionId: written.descriptionId, autoPublish: written.autoPublish };
}
