import { noMetrics, type ServiceMetrics } from "./metrics";

/**
 * Calls the operator's webhook when pipeline steps fail too often: over the last `windowMs`, at
 * least `minEvents` steps finished and the share that failed reached `threshold`. After it fires it
 * stays quiet for `cooldownMs`, however many failures follow, so one outage sends one message (and
 * another after the cooldown if it is still going on). It listens to the same ServiceMetrics calls
 * as Prometheus; a failing webhook is logged, never thrown into the pipeline.
 *
 * The body is JSON with a `text` field (what Slack's and most chat tools' incoming webhooks show)
 * and the figures for anything else that reads it.
 */

export interface FailureRateAlertOptions {
  webhookUrl: string;
  /** Share of failed steps, 0–1, at which to alert. */
  threshold: number;
  windowMs: number;
  /** Fewer finished steps than this in the window never alert (one failure of one is not a rate). */
  minEvents: number;
  cooldownMs: number;
  now?: () => number;
  /** Where a failed delivery is reported. */
  onDeliveryError?: (error: unknown) => void;
  timeoutMs?: number;
}

export interface FailureRateAlertPayload {
  text: string;
  failureRate: number;
  failedSteps: number;
  finishedSteps: number;
  windowSeconds: number;
  failureCodes: Record<string, number>;
}

export interface FailureRateAlert extends ServiceMetrics {
  /** Resolves once every webhook call started so far has finished (for tests and shutdown). */
  settled(): Promise<void>;
}

export function createFailureRateAlert(options: FailureRateAlertOptions): FailureRateAlert {
  const now = options.now ?? Date.now;
  let outcomes: { at: number; failed: boolean }[] = [];
  let codes: { at: number; code: string }[] = [];
  let lastFiredAt: number | null = null;
  const deliveries = new Set<Promise<void>>();

  function prune(at: number) {
    const since = at - options.windowMs;
    if (outcomes.length > 0 && outcomes[0]!.at < since)
      outcomes = outcomes.filter((o) => o.at >= since);
    if (codes.length > 0 && codes[0]!.at < since) codes = codes.filter((c) => c.at >= since);
  }

  function check(at: number) {
    if (lastFiredAt !== null && at - lastFiredAt < options.cooldownMs) return;
    const finished = outcomes.length;
    const failed = outcomes.filter((o) => o.failed).length;
    if (finished < options.minEvents || failed / finished < options.threshold) return;
    lastFiredAt = at;
    const failureCodes: Record<string, number> = {};
    for (const { code } of codes) failureCodes[code] = (failureCodes[code] ?? 0) + 1;
    const windowSeconds = Math.round(options.windowMs / 1000);
    const percent = Math.round((failed / finished) * 100);
    deliver({
      text: `Heady Lab Results: ${percent}% of pipeline steps failed in the last ${windowSeconds} s (${failed} of ${finished}).`,
      failureRate: failed / finished,
      failedSteps: failed,
      finishedSteps: finished,
      windowSeconds,
      failureCodes,
    });
  }

  function deliver(payload: FailureRateAlertPayload) {
    const delivery = fetch(options.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    })
      .then(async (response) => {
        await response.body?.cancel();
        if (!response.ok) throw new Error(`The alert webhook answered HTTP ${response.status}`);
      })
      .catch((error: unknown) => options.onDeliveryError?.(error))
      .finally(() => deliveries.delete(delivery));
    deliveries.add(delivery);
  }

  return {
    ...noMetrics,
    stageFinished(_stage, _seconds, outcome) {
      const at = now();
      outcomes.push({ at, failed: outcome === "failed" });
      prune(at);
      if (outcome === "failed") check(at);
    },
    reportFailed(code) {
      const at = now();
      codes.push({ at, code });
      prune(at);
    },
    async settled() {
      await Promise.all([...deliveries]);
    },
  };
}
