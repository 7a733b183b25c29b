import { inngest } from "./client";
import { labReportSafetyFailed } from "./events";
import { noteShop } from "~/service/request-context.server";
import { withStepErrors } from "./step-errors";

export const SEND_COA_FAILED_TRIGGER_ID = "send-coa-failed-trigger";

export type CoaFailedFacts = {
  productId: string;
  batch: string | null;
  failedPanels: string[];
  labName: string | null;
};

export interface SendCoaFailedTriggerDeps {
  /**
   * Records, once per report, that Flow is told of its failed safety test, and returns what to
   * send; null when it was recorded before or the report is not linked to a product.
   */
  claimCoaFailed(shop: string, reportId: string): Promise<CoaFailedFacts | null>;
  sendCoaFailedTrigger(
    shop: string,
    facts: CoaFailedFacts,
  ): Promise<{ ok: true } | { ok: false; message: string }>;
  recordTriggerRefused(shop: string, reportId: string, message: string): Promise<void>;
}

/**
 * Shopify Flow's "COA failed" (extensions/coa-failed-flow-trigger): a COA uploaded for a product
 * reports a failed safety panel. Sent once per report, whatever the retries and re-uploads.
 */
export function createSendCoaFailedTrigger(deps: SendCoaFailedTriggerDeps) {
  return inngest.createFunction(
    {
      id: SEND_COA_FAILED_TRIGGER_ID,
      name: "Tell Shopify Flow a COA failed",
      triggers: [labReportSafetyFailed],
      idempotency: "event.data.reportId",
      retries: 5,
    },
    async ({ event, step }) => {
      const { shop, reportId } = event.data;
      noteShop(shop);
      const facts = await step.run("claim-coa-failed", () => deps.claimCoaFailed(shop, reportId));
      if (!facts) return { reportId, sent: false };
      const sent = await step.run("send-coa-failed-trigger", () =>
        withStepErrors(() => deps.sendCoaFailedTrigger(shop, facts)),
      );
      if (!sent.ok) {
        await step.run("record-coa-failed-refused", () =>
          deps.recordTriggerRefused(shop, reportId, sent.message),
        );
      }
      return { reportId, sent: sent.ok };
    },
  );
}
