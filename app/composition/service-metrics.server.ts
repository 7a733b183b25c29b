import type { Registry } from "prom-client";
import { env } from "~/env.server";
import { onShopifyThrottle } from "~/integrations/shopify-admin-client.server";
import { logger } from "~/logger.server";
import { createFailureRateAlert } from "~/service/failure-rate-alert.server";
import { fanOutMetrics, type ServiceMetrics } from "~/service/metrics";
import { createPrometheusMetrics } from "~/service/prometheus-metrics.server";

/**
 * The composition root of the process's metrics: one Prometheus registry, the failure-rate alert
 * when ALERT_WEBHOOK_URL is set, and the Shopify throttle listener. Built on first use; the
 * pipeline's and the merchant pages' composition roots take `metrics` from here, /metrics reads
 * `registry`.
 */
export interface ServiceMetricsRoot {
  metrics: ServiceMetrics;
  registry: Registry;
}

let root: ServiceMetricsRoot | undefined;

export function serviceMetrics(): ServiceMetricsRoot {
  if (root) return root;
  const config = env();
  const prometheus = createPrometheusMetrics();
  const sinks = [prometheus.metrics];
  if (config.ALERT_WEBHOOK_URL) {
    sinks.push(
      createFailureRateAlert({
        webhookUrl: config.ALERT_WEBHOOK_URL,
        threshold: config.ALERT_FAILURE_RATE,
        windowMs: config.ALERT_WINDOW_SECONDS * 1000,
        minEvents: config.ALERT_MIN_STEPS,
        cooldownMs: config.ALERT_COOLDOWN_SECONDS * 1000,
        onDeliveryError: (error) =>
          logger.warn({ err: error }, "the failure-rate alert was not delivered"),
      }),
    );
  }
  const metrics = fanOutMetrics(...sinks);
  onShopifyThrottle(() => metrics.shopifyThrottled());
  root = { metrics, registry: prometheus.registry };
  return root;
}
