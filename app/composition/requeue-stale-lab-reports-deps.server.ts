import type { RequeueStaleLabReportsDeps } from "~/inngest/requeue-stale-lab-reports";
import { currentLabReportAttempt, recordActivity } from "~/models/activity.server";
import type { Db } from "~/models/database.server";
import {
  listStaleQueuedReports,
  QUEUED_STALE_AFTER_MS,
  requeueStaleLabReport,
} from "~/models/lab-report.server";

/** The sweep's ports on a database; tests hand in a test database and their own clock. */
export function createRequeueStaleLabReportsDeps(
  db: Db,
  options: Pick<RequeueStaleLabReportsDeps, "sendUploaded"> & { now?: () => Date },
): RequeueStaleLabReportsDeps {
  return {
    staleAfterMs: QUEUED_STALE_AFTER_MS,
    findStaleQueued: (before, take) => listStaleQueuedReports(db, before, take),
    currentAttempt: (shop, reportId) => currentLabReportAttempt(db, shop, reportId),
    sendUploaded: options.sendUploaded,
    markRequeued: (report, now) => requeueStaleLabReport(db, report, now),
    async recordRequeued(report, { attempt }) {
      await recordActivity(db, {
        shop: report.shop,
        actor: "system",
        action: "lab-report.requeued",
        target: report.id,
        details: { attempt, queuedAt: report.queuedAt.toISOString() },
      });
    },
    now: options.now ?? (() => new Date()),
  };
}
