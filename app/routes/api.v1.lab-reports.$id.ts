import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApiRequest } from "~/api/api-auth.server";
import { getLabReportForApi } from "~/api/lab-reports-api.server";
import { methodNotAllowed } from "~/api/problem.server";
import { apiAuthDeps, labReportsApiDeps } from "~/composition/api.server";

// GET /api/v1/lab-reports/{id} (read): docs/api/openapi.json.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  handleApiRequest(apiAuthDeps(), request, "read", (context) =>
    getLabReportForApi(labReportsApiDeps(), context, params.id ?? ""),
  );

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, "GET");
