import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql, ShopifyUserError } from "~/integrations/shopify-admin-client.server";
import { numericId, sendFlowTrigger } from "~/integrations/shopify-admin-flow.server";
import { readShopOrigin } from "~/integrations/shopify-admin-shop.server";
import type { CheckCoaFreshnessDeps } from "~/inngest/check-coa-freshness";
import type { FindStaleCoasDeps } from "~/inngest/find-stale-coas";
import type { SendCoaFailedTriggerDeps } from "~/inngest/send-coa-failed-trigger";
import {
  countActivity,
  latestDetailsByTarget,
  latestDetailsFor,
  recordActivity,
  shopsWithAction,
} from "~/models/activity.server";
import { findReportRecord, readStoredExtraction } from "~/models/lab-report.server";
import { listCurrentReportFacts } from "~/models/published-report.server";
import { listInstalledShops, readFreshnessPolicy } from "~/models/shop.server";
import { freshnessChanges, type TrackedFreshness } from "~/pipeline/coa-coverage";
import { batchLookupUrl, LOOKUP_PATH_PREFIX } from "~/pipeline/lookup-url";
import { BATCH_RECORD_MIGRATION_DONE } from "./batch-record-migration-adapters.server";

/**
 * The real pieces behind the freshness functions (find-stale-coas, check-coa-freshness) and the
 * "COA failed" trigger: app/models on the database, and the Admin API of each shop for Flow.
 */

export const FRESHNESS_CHANGED = "lab-report.freshness-changed";
export const COA_FAILED_TRIGGERED = "flow.coa-failed";
export const FLOW_TRIGGER_REFUSED = "flow.trigger-refused";

const TRACKED = new Set<string>(["fresh", "soon-stale", "stale"]);

export interface CoaFreshnessOptions {
  db: PrismaClient;
  adminFor(shop: string): Promise<AdminGraphql>;
  /** Sends events to Inngest (ids make resends no-ops). */
  requestFreshnessChecks(requests: { shop: string; day: string }[]): Promise<void>;
  requestBatchRecordMigrations(shops: string[]): Promise<void>;
  now?: () => Date;
}

const message = (errors: ShopifyUserError[]) => errors.map((e) => e.message).join(" ");

async function lastFreshness(db: PrismaClient, shop: string) {
  const latest = await latestDetailsByTarget(db, shop, FRESHNESS_CHANGED);
  const states = new Map<string, TrackedFreshness>();
  for (const [reportId, details] of latest) {
    if (typeof details.state === "string" && TRACKED.has(details.state)) {
      states.set(reportId, details.state as TrackedFreshness);
    }
  }
  return states;
}

export function createFindStaleCoasDeps(options: CoaFreshnessOptions): FindStaleCoasDeps {
  const { db } = options;
  return {
    listInstalledShops: () => listInstalledShops(db),
    async listShopsToMigrate() {
      const [installed, done] = await Promise.all([
        listInstalledShops(db),
        shopsWithAction(db, BATCH_RECORD_MIGRATION_DONE),
      ]);
      return installed.filter((shop) => !done.has(shop));
    },
    requestFreshnessChecks: options.requestFreshnessChecks,
    requestBatchRecordMigrations: options.requestBatchRecordMigrations,
    now: options.now ?? (() => new Date()),
  };
}

export function createCheckCoaFreshnessDeps(options: CoaFreshnessOptions): CheckCoaFreshnessDeps {
  const { db } = options;
  return {
    async findFreshnessChanges(shop, now) {
      const [policy, current, recorded] = await Promise.all([
        readFreshnessPolicy(db, shop),
        listCurrentReportFacts(db, shop),
        lastFreshness(db, shop),
      ]);
      return freshnessChanges(current, recorded, policy, now);
    },
    async recordFreshnessChange(shop, change, at) {
      // Another run may have recorded this state since the changes were found.
      const last = await latestDetailsFor(db, {
        shop,
        action: FRESHNESS_CHANGED,
        target: change.reportId,
      });
      if ((last?.state ?? "fresh") === change.state) return false;
      await recordActivity(db, {
        shop,
        actor: "system",
        action: FRESHNESS_CHANGED,
        target: change.reportId,
        details: {
          state: change.state,
          previous: change.previous,
          staleOn: change.staleOn,
          productId: change.productId,
        },
        at,
      });
      return true;
    },
    async sendCoaStaleTrigger(shop, change) {
      const admin = await options.adminFor(shop);
      const origin = await readShopOrigin(admin);
      const sent = await sendFlowTrigger(admin, "coa-stale", {
        product_id: numericId(change.productId),
        batch: change.batch ?? "",
        freshness: change.state === "stale" ? "stale" : "soon-stale",
        "stale on": change.staleOn,
        "variant ids": change.variantIds.join(","),
        "lookup url": change.batch
          ? batchLookupUrl(origin, change.batch)
          : `${new URL(origin).origin}${LOOKUP_PATH_PREFIX}`,
      });
      return sent.ok ? { ok: true } : { ok: false, message: message(sent.userErrors) };
    },
    recordTriggerRefused: (shop, reportId, reason) =>
      recordRefusal(db, shop, reportId, "coa-stale", reason),
    now: options.now ?? (() => new Date()),
  };
}

async function recordRefusal(
  db: PrismaClient,
  shop: string,
  reportId: string,
  trigger: string,
  reason: string,
): Promise<void> {
  await recordActivity(db, {
    shop,
    actor: "system",
    action: FLOW_TRIGGER_REFUSED,
    target: reportId,
    details: { trigger, message: reason.slice(0, 500) },
  });
}

/** A panel key as a merchant reads it: "heavy_metals" → "heavy metals". */
const panelWords = (key: string) => key.replace(/_/g, " ");

export function createSendCoaFailedTriggerDeps(
  options: Pick<CoaFreshnessOptions, "db" | "adminFor">,
): SendCoaFailedTriggerDeps {
  const { db } = options;
  return {
    async claimCoaFailed(shop, reportId) {
      const [record, extraction] = await Promise.all([
        findReportRecord(db, shop, reportId),
        readStoredExtraction(db, shop, reportId),
      ]);
      if (!record?.productId || extraction?.report.safety.overall !== "fail") return null;
      const claimed = await countActivity(db, {
        shop,
        action: COA_FAILED_TRIGGERED,
        target: reportId,
      });
      if (claimed > 0) return null;
      const { report } = extraction;
      const failed = report.safety.panels.filter((p) => p.status === "fail").map((p) => p.panel);
      const facts = {
        productId: record.productId,
        batch: report.sample.batch?.trim() || null,
        // The COA's overall result failed without naming a panel.
        failedPanels: failed.length > 0 ? failed.map(panelWords) : ["overall result"],
        labName: report.lab.name?.trim() || null,
      };
      await recordActivity(db, {
        shop,
        actor: "system",
        action: COA_FAILED_TRIGGERED,
        target: reportId,
        details: { productId: facts.productId, failedPanels: facts.failedPanels },
      });
      return facts;
    },
    async sendCoaFailedTrigger(shop, facts) {
      const admin = await options.adminFor(shop);
      const sent = await sendFlowTrigger(admin, "coa-failed", {
        product_id: numericId(facts.productId),
        batch: facts.batch ?? "",
        "failed panels": facts.failedPanels.join(", "),
        "lab name": facts.labName ?? "",
      });
      return sent.ok ? { ok: true } : { ok: false, message: message(sent.userErrors) };
    },
    recordTriggerRefused: (shop, reportId, reason) =>
      recordRefusal(db, shop, reportId, "coa-failed", reason),
  };
}
