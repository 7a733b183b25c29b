import { db } from "~/db.server";
import { listActivity, type ActivityFilter } from "~/models/activity.server";
import { listOperators } from "~/models/operator.server";
import { listPaymentIssues } from "~/models/subscription.server";
import { getOpsOverview, listLabReportsForExport } from "~/models/ops-overview.server";
import {
  requireAdmin,
  requireOperator,
  signInOperator,
  signOutOperator,
  type SignedInOperator,
} from "~/ops/auth.server";
import {
  changeOwnPassword,
  manageOperator,
  resetPasswordWithToken,
} from "~/ops/operator-accounts.server";

/** The operator console's composition root: app/ops's and the models' functions on the app's database. */

export const opsConsole = {
  requireOperator: (request: Request) => requireOperator(db, request),
  requireAdmin: (request: Request) => requireAdmin(db, request),
  signInOperator: (request: Request, email: string, password: string) =>
    signInOperator(db, request, email, password),
  signOutOperator: (request: Request) => signOutOperator(db, request),
  overview: () => getOpsOverview(db),
  listActivity: (filter: ActivityFilter) => listActivity(db, filter),
  listLabReportsForExport: (filter: Parameters<typeof listLabReportsForExport>[1]) =>
    listLabReportsForExport(db, filter),
  listOperators: () => listOperators(db),
  listPaymentIssues: () => listPaymentIssues(db),
  changeOwnPassword: (signedIn: SignedInOperator, input: Parameters<typeof changeOwnPassword>[2]) =>
    changeOwnPassword(db, signedIn, input),
  manageOperator: (admin: SignedInOperator, form: Record<string, unknown>) =>
    manageOperator(db, admin.operator, form),
  resetPasswordWithToken: (input: Parameters<typeof resetPasswordWithToken>[1]) =>
    resetPasswordWithToken(db, input),
};
