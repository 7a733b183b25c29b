import { db } from "~/db.server";
import { createCheckCoaFreshness } from "~/inngest/check-coa-freshness";
import { createFindStaleCoas } from "~/inngest/find-stale-coas";
import { createMigrateBatchRecords } from "~/inngest/migrate-batch-records";
import { createSendCoaFailedTrigger } from "~/inngest/send-coa-failed-trigger";
import { sendBatchRecordMigrations, sendCoaFreshnessChecks } from "~/inngest/send-event.server";
import { unauthenticated } from "~/shopify.server";
import {
  createCheckCoaFreshnessDeps,
  createFindStaleCoasDeps,
  createSendCoaFailedTriggerDeps,
} from "./coa-freshness-adapters.server";
import { createMigrateBatchRecordsDeps } from "./batch-record-migration-adapters.server";

/**
 * The composition root of the background functions around batch records: the daily freshness
 * fan-out and per-shop check, Flow's "COA failed", and the batch record migration, on the real
 * database and each shop's offline Admin API session.
 */
const options = {
  db,
  adminFor: async (shop: string) => (await unauthenticated.admin(shop)).admin.graphql,
  requestFreshnessChecks: sendCoaFreshnessChecks,
  requestBatchRecordMigrations: sendBatchRecordMigrations,
};

export const findStaleCoas = createFindStaleCoas(createFindStaleCoasDeps(options));
export const checkCoaFreshness = createCheckCoaFreshness(createCheckCoaFreshnessDeps(options));
export const sendCoaFailedTrigger = createSendCoaFailedTrigger(
  createSendCoaFailedTriggerDeps(options),
);
export const migrateBatchRecords = createMigrateBatchRecords(
  createMigrateBatchRecordsDeps(options),
);
