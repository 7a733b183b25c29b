import { db } from "~/db.server";
import { listActivity, type ActivityFilter } from "~/models/activity.server";
import { getOpsOverview, listLabReportsForExport } from "~/models/ops-overview.server";
import { requireOperator, signInOperator, signOutOperator } from "~/ops/auth.server";

/** The operator console's composition root: app/ops's and the models' functions on the app's database. */

export const opsConsole = {
  requireOperator: (request: Request) => requireOperator(db, request),
  signInOperator: (request: Request, email: string, password: string) =>
    signInOperator(db, request, email, password),
  signOutOperator,
  overview: () => getOpsOverview(db),
  listActivity: (filter: ActivityFilter) => listActivity(db, filter),
  listLabReportsForExport: (filter: Parameters<typeof listLabReportsForExport>[1]) =>
    listLabReportsForExport(db, filter),
};
