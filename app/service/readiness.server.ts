/**
 * What /readyz checks: that this instance can do its work now. Each check answers within its time
 * budget (a hung database or queue counts as down) and says in a few words what it found; the
 * instance is ready only when all pass.
 *
 * "The queue is reachable" means, honestly, that the instance could hand an event to Inngest: with
 * the dev server (INNGEST_DEV) or a self-hosted server (INNGEST_BASE_URL /
 * INNGEST_EVENT_API_BASE_URL), that server answers HTTP; with Inngest Cloud, the event and signing
 * keys are configured and the Event API's host answers HTTP. No test event is sent (it would start
 * nothing but would fill the event history), so a revoked key is not detected here — a failed send
 * is, by the upload's own error path (the report is kept and offers Retry).
 */

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface ReadinessCheck {
  name: string;
  run(signal: AbortSignal): Promise<CheckResult>;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export async function checkReadiness(
  checks: ReadinessCheck[],
  timeoutMs = 2_000,
): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async (check): Promise<[string, CheckResult]> => {
      const signal = AbortSignal.timeout(timeoutMs);
      const timedOut = new Promise<CheckResult>((resolve) =>
        signal.addEventListener("abort", () =>
          resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }),
        ),
      );
      try {
        return [check.name, await Promise.race([check.run(signal), timedOut])];
      } catch (error) {
        return [check.name, { ok: false, detail: describe(error) }];
      }
    }),
  );
  const byName = Object.fromEntries(results);
  return { ready: results.every(([, result]) => result.ok), checks: byName };
}

export function databaseCheck(ping: () => Promise<void>): ReadinessCheck {
  return {
    name: "database",
    async run() {
      await ping();
      return { ok: true, detail: "answered" };
    },
  };
}

export interface QueueSettings {
  INNGEST_DEV?: string;
  INNGEST_BASE_URL?: string;
  INNGEST_EVENT_API_BASE_URL?: string;
  INNGEST_EVENT_KEY?: string;
  INNGEST_SIGNING_KEY?: string;
}

/** Inngest's defaults: the dev server on port 8288, Inngest Cloud's Event API at inn.gs. */
export const INNGEST_DEV_SERVER_URL = "http://127.0.0.1:8288";
export const INNGEST_CLOUD_EVENT_API_URL = "https://inn.gs";

export function queueCheck(settings: QueueSettings, fetcher: typeof fetch = fetch): ReadinessCheck {
  const devUrl =
    settings.INNGEST_DEV && /^https?:\/\//.test(settings.INNGEST_DEV) ? settings.INNGEST_DEV : null;
  const url =
    settings.INNGEST_EVENT_API_BASE_URL ??
    settings.INNGEST_BASE_URL ??
    devUrl ??
    (settings.INNGEST_DEV ? INNGEST_DEV_SERVER_URL : INNGEST_CLOUD_EVENT_API_URL);
  return {
    name: "queue",
    async run(signal) {
      if (!settings.INNGEST_DEV) {
        const missing = (["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY"] as const).filter(
          (k) => !settings[k],
        );
        if (missing.length > 0) return { ok: false, detail: `${missing.join(" and ")} not set` };
      }
      const origin = new URL(url).origin;
      try {
        // Any HTTP answer (even a 404 for this path) proves the server is up and reachable.
        const response = await fetcher(origin, { method: "GET", signal, redirect: "manual" });
        await response.body?.cancel();
        return { ok: true, detail: `${origin} answered HTTP ${response.status}` };
      } catch (error) {
        return { ok: false, detail: `${origin} unreachable: ${describe(error)}` };
      }
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`.slice(0, 200);
  }
  return "failed";
}
