import { inngest } from "./client";
import { coaFreshnessCheckRequested, shopAppUninstalled } from "./events";
import type { FreshnessChange } from "~/pipeline/coa-coverage";
import { noteShop } from "~/service/request-context.server";
import { withStepErrors } from "./step-errors";

export const CHECK_COA_FRESHNESS_ID = "check-coa-freshness";
/** Changes handled per run; any beyond are found again the next day (nothing is recorded for them). */
export const MAX_CHANGES_PER_RUN = 300;

export interface CheckCoaFreshnessDeps {
  /** The shop's current reports whose freshness differs from the state last recorded. */
  findFreshnessChanges(shop: string, now: Date): Promise<FreshnessChange[]>;
  /**
   * Records the change in the shop's activity log unless that state is already the last recorded
   * (a second run finds it so); true when this call recorded it.
   */
  recordFreshnessChange(shop: string, change: FreshnessChange, at: Date): Promise<boolean>;
  /** Shopify Flow's "COA stale"; Shopify's refusal is a value, outages throw (and are retried). */
  sendCoaStaleTrigger(
    shop: string,
    change: FreshnessChange,
  ): Promise<{ ok: true } | { ok: false; message: string }>;
  recordTriggerRefused(shop: string, reportId: string, message: string): Promise<void>;
  now(): Date;
}

/**
 * One shop's daily check: each current COA that became stale or soon stale (or fresh again) since
 * the last recorded state is recorded once, then Flow's "COA stale" is sent once for it. Recording
 * first means a send that keeps failing is never repeated on a later day: nothing fires twice.
 */
export function createCheckCoaFreshness(deps: CheckCoaFreshnessDeps) {
  return inngest.createFunction(
    {
      id: CHECK_COA_FRESHNESS_ID,
      name: "Check a shop's COAs for staleness",
      triggers: [coaFreshnessCheckRequested],
      concurrency: { key: "event.data.shop", limit: 1 },
      idempotency: 'event.data.shop + "-" + event.data.day',
      retries: 4,
      cancelOn: [{ event: shopAppUninstalled, if: "async.data.shop == event.data.shop" }],
    },
    async ({ event, step }) => {
      const { shop } = event.data;
      noteShop(shop);
      const changes = await step.run("find-freshness-changes", async () =>
        (await deps.findFreshnessChanges(shop, deps.now())).slice(0, MAX_CHANGES_PER_RUN),
      );
      let recorded = 0;
      let triggered = 0;
      for (const change of changes) {
        const isNew = await step.run(`record-freshness-${change.reportId}`, () =>
          deps.recordFreshnessChange(shop, change, deps.now()),
        );
        if (!isNew) continue;
        recorded += 1;
        if (change.state === "fresh") continue;
        const sent = await step.run(`send-coa-stale-trigger-${change.reportId}`, () =>
          withStepErrors(() => deps.sendCoaStaleTrigger(shop, change)),
        );
        if (sent.ok) triggered += 1;
        else {
          await step.run(`record-coa-stale-refused-${change.reportId}`, () =>
            deps.recordTriggerRefused(shop, change.reportId, sent.message),
          );
        }
      }
      return { shop, changes: changes.length, recorded, triggered };
    },
  );
}
