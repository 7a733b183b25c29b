import { env } from "~/env.server";
import { metricsAccess } from "./metrics-access.server";
import { serviceMetrics } from "./service-metrics.server";

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
