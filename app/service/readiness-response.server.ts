import { pingDatabase } from "~/db.server";
import { env } from "~/env.server";
import { checkReadiness, databaseCheck, queueCheck } from "./readiness.server";

/** /readyz: 200 when every check passes, else 503; the body names each check's finding. */
export async function readinessResponse(): Promise<Response> {
  const readiness = await checkReadiness([databaseCheck(() => pingDatabase()), queueCheck(env())]);
  const body = { status: readiness.ready ? "ready" : "not-ready", checks: readiness.checks };
  return new Response(JSON.stringify(body), {
    status: readiness.ready ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
