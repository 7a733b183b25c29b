import { inngest } from "./client";
import {
  labReportDeleted,
  labReportDescriptionApproved,
  labReportPdfUploaded,
  shopAppUninstalled,
} from "./events";
import {
  expireApprovalStep,
  extractLabReportStep,
  recordRunFailure,
  writeDescriptionStep,
} from "./process-lab-report-steps";
import { publishLabReportStep } from "./publish-lab-report-step";
import type { ProcessLabReportDeps } from "./process-lab-report-ports";
import { measureStage, noMetrics } from "~/service/metrics";
import { noteShop } from "~/service/request-context.server";

export const PROCESS_LAB_REPORT_ID = "process-lab-report";

/** Runs one shop may have executing at once, so a big upload batch cannot starve other shops. */
export const PER_SHOP_CONCURRENCY = 2;
/** Runs executing at once across all shops: bounds parallel OpenAI calls under the account's limits. */
export const OPENAI_CONCURRENCY = 10;
/** How long a description waits for the merchant before the run gives up. */
export const APPROVAL_TIMEOUT = "14d";

/**
 * COA uploaded → lab report extracted → description written → (merchant approves, unless the shop
 * auto-publishes and nothing was flagged) → published to the Shopify product.
 */
export function createProcessLabReport(deps: ProcessLabReportDeps) {
  return inngest.createFunction(
    {
      id: PROCESS_LAB_REPORT_ID,
      name: "Process a lab report",
      triggers: [labReportPdfUploaded],
      // Inngest counts only runs executing a step, not runs parked in waitForEvent, so reports
      // waiting for approval hold no slot. The second key is a constant: one queue for everyone.
      concurrency: [
        { key: "event.data.shop", limit: PER_SHOP_CONCURRENCY },
        { key: '"openai"', scope: "env", limit: OPENAI_CONCURRENCY },
      ],
      // Event id = report id already makes a resend a no-op; this also drops a duplicate of the
      // same attempt sent with another id, while a merchant's Retry (attempt + 1) starts a new run.
      idempotency: 'event.data.reportId + "-" + string(event.data.attempt)',
      // At most one run per report at any time, whatever the event: a second run that slipped past
      // both guards would otherwise race the first to publish. Retry is offered only once a run failed.
      singleton: { key: "event.data.reportId", mode: "skip" },
      retries: 5,
      cancelOn: [
        { event: labReportDeleted, if: "async.data.reportId == event.data.reportId" },
        { event: shopAppUninstalled, if: "async.data.shop == event.data.shop" },
      ],
      onFailure: async ({ event, error }) => {
        await recordRunFailure(deps, {
          originalEventData: event.data.event.data,
          runId: event.data.run_id,
          error: { name: error.name, message: error.message },
        });
      },
    },
    async ({ event, step }) => {
      const { reportId, shop } = event.data;
      noteShop(shop);
      const measured = <T>(stage: string, work: () => Promise<T>) =>
        measureStage(deps.metrics ?? noMetrics, stage, work);

      const extracted = await step.run("extract-lab-report", () =>
        measured("extract-lab-report", () => extractLabReportStep(deps, shop, reportId)),
      );
      if (extracted.outcome === "skipped") {
        return { reportId, status: extracted.status, duplicate: true };
      }
      // Shopify Flow's "COA failed" goes out in its own function, so Flow never holds up the report.
      const { reportSafetyFailed } = deps;
      if (extracted.safetyFailed && reportSafetyFailed) {
        await step.run("report-safety-failed", () => reportSafetyFailed(shop, reportId));
      }

      const written = await step.run("write-description", () =>
        measured("write-description", () => writeDescriptionStep(deps, shop, reportId)),
      );

      let descriptionId: string | null = written.descriptionId;
      if (!written.autoPublish) {
        const approval = await step.waitForEvent("wait-for-approval", {
          event: labReportDescriptionApproved,
          timeout: APPROVAL_TIMEOUT,
          if: "async.data.reportId == event.data.reportId && async.data.shop == event.data.shop",
        });
        if (approval === null) {
          await step.run("expire-approval", () =>
            measured("expire-approval", () => expireApprovalStep(deps, shop, reportId)),
          );
          return { reportId, status: "failed" as const, reason: "approval-expired" };
        }
        // The merchant may have edited or regenerated since: publish what they approved.
        descriptionId = approval.data.descriptionId ?? null;
      }

      const published = await step.run("publish-lab-report", () =>
        measured("publish-lab-report", () =>
          publishLabReportStep(deps, shop, reportId, descriptionId),
        ),
      );
      return { reportId, status: "published" as const, ...published };
    },
  );
}
