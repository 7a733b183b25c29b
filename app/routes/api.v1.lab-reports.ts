import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApiRequest } from "~/api/api-auth.server";
import { listLabReportsForApi, uploadLabReportForApi } from "~/api/lab-reports-api.server";
import { methodNotAllowed } from "~/api/problem.server";
import { apiAuthDeps, labReportsApiDeps } from "~/composition/api.server";

// GET /api/v1/lab-reports (read) and POST /api/v1/lab-reports (write): docs/api/openapi.json.
export const loader = ({ request }: LoaderFunctionArgs) =>
  handleApiRequest(apiAuthDeps(), request, "read", (context) =>
    listLabReportsForApi(labReportsApiDeps(), context),
  );

export const action = ({ request }: ActionFunctionArgs) =>
  request.method === "POST"
    ? handleApiRequest(apiAuthDeps(), request, "write", (context) =>
        uploadLabReportForApi(labReportsApiDeps(), context),
      )
    : methodNotAllowed(request, "GET, POST");
