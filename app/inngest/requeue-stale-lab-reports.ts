import { inngest } from "./client";

export const REQUEUE_STALE_LAB_REPORTS_ID = "requeue-stale-lab-reports";
/** How often the sweep runs (Inngest cron, UTC). */
export const REQUEUE_STALE_LAB_REPORTS_CRON = "*/10 * * * *";
/** Reports sent again per sweep; the oldest first, the rest at the next sweep. */
export const REQUEUE_BATCH = 100;

export interface StaleQueuedReport {
  id: string;
  shop: string;
  queuedAt: Date;
}

/** What the sweep needs of the outside world (wired in app/composition/requeue-stale-lab-reports.server.ts). */
export interface RequeueStaleLabReportsDeps {
  /** How long a report may stay queued before it counts as lost (QUEUED_STALE_AFTER_MS). */
  staleAfterMs: number;
  findStaleQueued(queuedBefore: Date, take: number): Promise<StaleQueuedReport[]>;
  currentAttempt(shop: string, reportId: string): Promise<number>;
  /** Sends lab-report/pdf.uploaded with the attempt's own event id, as the upload did. */
  sendUploaded(input: { reportId: string; shop: string; attempt: number }): Promise<void>;
  /** Re-stamps queuedAt if the report is still queued since `queuedAt`; false when it moved on. */
  markRequeued(report: StaleQueuedReport, now: Date): Promise<boolean>;
  recordRequeued(report: StaleQueuedReport, details: { attempt: number }): Promise<void>;
  now(): Date;
}

/**
 * A report is stored, then its event is sent: a process that stops between the two leaves the
 * report queued with no run. Every ten minutes this sends the event of each report queued longer
 * than `staleAfterMs` again. The event keeps the attempt's id (the report id for the upload), so
 * when the first send did arrive Inngest drops the second and the report still runs once.
 */
export function createRequeueStaleLabReports(deps: RequeueStaleLabReportsDeps) {
  return inngest.createFunction(
    {
      id: REQUEUE_STALE_LAB_REPORTS_ID,
      name: "Send stale queued lab reports again",
      triggers: [{ cron: REQUEUE_STALE_LAB_REPORTS_CRON }],
      // One sweep at a time: a slow sweep is not overtaken by the next.
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const found = await step.run("find-stale-queued-reports", async () => {
        const now = deps.now();
        const before = new Date(now.getTime() - deps.staleAfterMs);
        const reports = await deps.findStaleQueued(before, REQUEUE_BATCH);
        return { now: now.toISOString(), reports };
      });
      const now = new Date(found.now);
      let requeued = 0;
      for (const stored of found.reports) {
        // Step outputs are JSON: the dates come back as strings.
        const report = { ...stored, queuedAt: new Date(stored.queuedAt) };
        const sent = await step.run("requeue-stale-lab-report", async () => {
          const attempt = await deps.currentAttempt(report.shop, report.id);
          // Sent before the re-stamp: a crash in between only repeats an idempotent send.
          await deps.sendUploaded({ reportId: report.id, shop: report.shop, attempt });
          if (!(await deps.markRequeued(report, now))) return false;
          await deps.recordRequeued(report, { attempt });
          return true;
        });
        if (sent) requeued++;
      }
      return { found: found.reports.length, requeued };
    },
  );
}
