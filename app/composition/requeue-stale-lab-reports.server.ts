import { db } from "~/db.server";
import { createRequeueStaleLabReports } from "~/inngest/requeue-stale-lab-reports";
import { sendLabReportUploaded } from "~/inngest/send-event.server";
import { createRequeueStaleLabReportsDeps } from "./requeue-stale-lab-reports-deps.server";

/** The composition root of the stale-queue sweep: the app's database and Inngest client. */
export const requeueStaleLabReports = createRequeueStaleLabReports(
  createRequeueStaleLabReportsDeps(db, { sendUploaded: sendLabReportUploaded }),
);
