import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { csvResponse, toCsv } from "~/ops/csv.server";
import { requireOperator } from "~/ops/auth.server";
import { activityFilterFromUrl } from "~/ops/filters.server";
import { listActivity } from "~/models/activity.server";

/** /ops/activity.csv with the same filters as the activity page, up to 10,000 entries. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireOperator(request);
  const filter = activityFilterFromUrl(new URL(request.url));
  const { items } = await listActivity(db, { ...filter, take: 10_000 });
  const csv = toCsv(
    ["at", "shop", "actor", "action", "target", "details"],
    items.map((row) => [row.at, row.shop, row.actor, row.action, row.target, row.details]),
  );
  return csvResponse("activity.csv", csv);
};
