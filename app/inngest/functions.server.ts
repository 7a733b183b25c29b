import { processLabReport } from "~/composition/process-lab-report.server";

/** The functions the app serves at /api/inngest (app/routes/api.inngest.ts). */
export const functions = [processLabReport];
