import { pingDatabase } from "~/db.server";
import { env } from "~/env.server";
import { metricsAccess } from "~/service/metrics-access.server";
import { checkReadiness, databaseCheck, queueCheck } from "~/service/readiness.server";
import { serviceMetrics } from "./service-metrics.server";

/**
 * The composition root of the operator's endpoints: /readyz checks the real database and the
 * configured queue, /metrics reads the process's registry behind METRICS_TOKEN.
 */

/** /readyz: 200 when every check passes, else 503; the body names each check's finding. */
export async function readinessResponse(): Promise<Response> {
  const readiness = await checkReadiness([databaseCheck(() => pingDatabase()), queueCheck(env())]);
  const body = { status: readiness.ready ? "ready" : "not-ready", checks: readiness.checks };
  return new Response(JSON.stringify(body), {
    status: readiness.ready ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

/** /metrics in Prometheus's text format, for the holder of METRICS_TOKEN only. */
export async function metricsResponse(request: Request): Promise<Response> {
  const access = metricsAccess(request.headers.get("authorization"), env().METRICS_TOKEN);
  if (access === "no-endpoint") return new Response("Not Found", { status: 404 });
  if (access === "unauthorized") {
    return new Response("Unauthorized", {
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { registry } = serviceMetrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
