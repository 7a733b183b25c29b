import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApiRequest } from "~/api/api-auth.server";
import { approveLabReportForApi } from "~/api/lab-reports-api.server";
import { methodNotAllowed } from "~/api/problem.server";
import { apiAuthDeps, labReportsApiDeps } from "~/composition/api.server";

// POST /api/v1/lab-reports/{id}/approve (write): docs/api/openapi.json.
export const action = ({ request, params }: ActionFunctionArgs) =>
  request.method === "POST"
    ? handleApiRequest(apiAuthDeps(), request, "write", (context) =>
        approveLabReportForApi(labReportsApiDeps(), context, params.id ?? ""),
      )
    : methodNotAllowed(request, "POST");

export const loader = ({ request }: LoaderFunctionArgs) => methodNotAllowed(request, "POST");
