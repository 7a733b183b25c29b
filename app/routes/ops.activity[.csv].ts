import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, toCsv } from "~/ops/csv.server";
import { opsConsole } from "~/composition/ops-console.server";
import { activityFilterFromUrl } from "~/ops/filters.server";

/** /ops/activity.csv with the same filters as the activity page, up to 10,000 entries. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await opsConsole.requireOperator(request);
  const filter = activityFilterFromUrl(new URL(request.url));
  const { items } = await opsConsole.listActivity({ ...filter, take: 10_000 });
  const csv = toCsv(
    ["at", "shop", "actor", "action", "target", "details"],
    items.map((row) => [row.at, row.shop, row.actor, row.action, row.target, row.details]),
  );
  return csvResponse("activity.csv", csv);
};
