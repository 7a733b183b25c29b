import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { droppedLogLines } from "~/logger.server";
import type { ServiceMetrics } from "./metrics";

/**
 * ServiceMetrics on prom-client, in a registry of its own (never prom-client's global one, so tests
 * and a second instance do not collide). Label values are small closed sets (outcomes, stage ids,
 * failure codes, model names); never a shop, a report id or a message, which would grow without
 * bound. Each process keeps its own counts: scrape every instance.
 */

/** Seconds: a step takes from a few milliseconds (a skipped duplicate) to minutes (OCR, a slow model). */
const STAGE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 60, 120, 300];

export interface PrometheusMetrics {
  metrics: ServiceMetrics;
  registry: Registry;
}

export function createPrometheusMetrics(
  options: { defaultMetrics?: boolean } = {},
): PrometheusMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const uploads = new Counter({
    name: "heady_uploads_total",
    help: "COA uploads by outcome (queued, not-queued, rejected) and refusal reason.",
    labelNames: ["outcome", "reason"] as const,
    registers: [registry],
  });
  const stages = new Histogram({
    name: "heady_pipeline_stage_duration_seconds",
    help: "Duration of each pipeline step (Inngest step id) by outcome.",
    labelNames: ["stage", "outcome"] as const,
    buckets: STAGE_BUCKETS,
    registers: [registry],
  });
  const failures = new Counter({
    name: "heady_lab_report_failures_total",
    help: "Lab reports marked failed, by error code.",
    labelNames: ["code"] as const,
    registers: [registry],
  });
  const tokens = new Counter({
    name: "heady_openai_tokens_total",
    help: "Language-model tokens used, by model and kind (input, output).",
    labelNames: ["model", "kind"] as const,
    registers: [registry],
  });
  const throttles = new Counter({
    name: "heady_shopify_throttles_total",
    help: "Shopify Admin API calls answered with a throttle (HTTP 429 or THROTTLED).",
    registers: [registry],
  });

  let droppedReported = 0;
  new Counter({
    name: "heady_log_lines_dropped_total",
    help: "Log lines dropped because standard output's reader fell more than 16 MB behind.",
    registers: [registry],
    collect() {
      const dropped = droppedLogLines();
      if (dropped > droppedReported) this.inc(dropped - droppedReported);
      droppedReported = dropped;
    },
  });

  return {
    registry,
    metrics: {
      uploadReceived: (outcome, reason) => uploads.inc({ outcome, reason: reason ?? "" }),
      stageFinished: (stage, seconds, outcome) => stages.observe({ stage, outcome }, seconds),
      reportFailed: (code) => failures.inc({ code }),
      languageModelTokens: (model, kind, count) => {
        if (count > 0) tokens.inc({ model, kind }, count);
      },
      shopifyThrottled: () => throttles.inc(),
    },
  };
}
