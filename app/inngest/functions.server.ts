import { processLabReport } from "~/composition/process-lab-report.server";
import {
  checkCoaFreshness,
  findStaleCoas,
  migrateBatchRecords,
  sendCoaFailedTrigger,
} from "~/composition/coa-freshness.server";
import { requeueStaleLabReports } from "~/composition/requeue-stale-lab-reports.server";

/** The functions the app serves at /api/inngest (app/routes/api.inngest.ts). */
export const functions = [
  processLabReport,
  requeueStaleLabReports,
  findStaleCoas,
  checkCoaFreshness,
  sendCoaFailedTrigger,
  migrateBatchRecords,
];
