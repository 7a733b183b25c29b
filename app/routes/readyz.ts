import { readinessResponse } from "~/composition/service-endpoints.server";

// The database and the queue answer (app/service/readiness.server.ts says what that means).
export const loader = () => readinessResponse();
