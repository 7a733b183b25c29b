/**
 * The port through which the app's code records what an operator watches (uploads, pipeline
 * stages, failures, language-model tokens, Shopify throttles). Callers know only this interface;
 * app/service/prometheus-metrics.server.ts implements it with prom-client, and the failure-rate
 * alert listens to the same calls. Framework-free, so the pipeline and its steps can take it as a
 * dependency.
 */

export type UploadOutcome = "queued" | "not-queued" | "rejected";
export type StageOutcome = "ok" | "failed";

export interface ServiceMetrics {
  /** An upload was accepted and queued, stored but not queued (queue down), or refused (`reason`). */
  uploadReceived(outcome: UploadOutcome, reason?: string): void;
  /** One pipeline step ran to its end (a replayed step, already done, is not counted again). */
  stageFinished(stage: string, seconds: number, outcome: StageOutcome): void;
  /** A lab report was marked failed with this code ("scanned-pdf", "approval-expired", …). */
  reportFailed(code: string): void;
  /** Tokens a language-model call used, as the provider reported them. */
  languageModelTokens(model: string, kind: "input" | "output", count: number): void;
  /** Shopify's Admin API asked us to slow down. */
  shopifyThrottled(): void;
}

export const noMetrics: ServiceMetrics = {
  uploadReceived() {},
  stageFinished() {},
  reportFailed() {},
  languageModelTokens() {},
  shopifyThrottled() {},
};

/** Every call goes to each of `sinks` (Prometheus and the failure-rate alert). */
export function fanOutMetrics(...sinks: ServiceMetrics[]): ServiceMetrics {
  return {
    uploadReceived: (...args) => sinks.forEach((s) => s.uploadReceived(...args)),
    stageFinished: (...args) => sinks.forEach((s) => s.stageFinished(...args)),
    reportFailed: (...args) => sinks.forEach((s) => s.reportFailed(...args)),
    languageModelTokens: (...args) => sinks.forEach((s) => s.languageModelTokens(...args)),
    shopifyThrottled: () => sinks.forEach((s) => s.shopifyThrottled()),
  };
}

/** Runs one step's work and records how long it took and whether it threw. */
export async function measureStage<T>(
  metrics: Pick<ServiceMetrics, "stageFinished">,
  stage: string,
  work: () => Promise<T>,
  clock: () => number = () => performance.now(),
): Promise<T> {
  const started = clock();
  try {
    const result = await work();
    metrics.stageFinished(stage, (clock() - started) / 1000, "ok");
    return result;
  } catch (error) {
    metrics.stageFinished(stage, (clock() - started) / 1000, "failed");
    throw error;
  }
}
