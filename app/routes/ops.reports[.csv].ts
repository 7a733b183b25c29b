import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, toCsv } from "~/ops/csv.server";
import { opsConsole } from "~/composition/ops-console.server";
import { activityFilterFromUrl } from "~/ops/filters.server";

/** /ops/reports.csv?since=2026-11-01&until=2026-12-01&shop=… */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await opsConsole.requireOperator(request);
  const { since, until, shop } = activityFilterFromUrl(new URL(request.url));
  const rows = await opsConsole.listLabReportsForExport({ since, until, shop });
  const csv = toCsv(
    [
      "shop",
      "report_id",
      "status",
      "file_name",
      "product",
      "error_code",
      "created_at",
      "published_at",
    ],
    rows.map((r) => [
      r.shop,
      r.id,
      r.status,
      r.fileName,
      r.productTitle,
      r.errorCode,
      r.createdAt,
      r.publishedAt,
    ]),
  );
  return csvResponse("lab-reports.csv", csv);
};
