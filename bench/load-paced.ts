import { Agent, request as httpRequest } from "node:http";
import type { CannonRequest } from "./load-cannon";

/**
 * An open-model load: request i is due at start + i / rate, whether or not earlier answers have
 * come, and its latency is counted from when it was due, not from when it could be sent (so a
 * server that falls behind is charged for the wait: no coordinated omission). autocannon's
 * `overallRate` instead lets each connection send as fast as it is answered until it has made its
 * share of the second, then wait for the next second: each second's requests arrive as one burst
 * at full concurrency.
 */
export interface PacedResult {
  total: number;
  seconds: number;
  /** Answers other than 2xx, and requests that failed (connection errors, 30 s timeouts). */
  non2xx: number;
  errors: number;
  /** Failed requests by error code (ECONNRESET, timeout…). */
  errorCodes: Record<string, number>;
  /** The indexes (into the requests handed out, in order) of requests not answered 2xx. */
  unanswered: number[];
  latency: { p50: number; p90: number; p99: number; max: number };
  /** When requests answered later than 100 ms were due (ms since the epoch), to set against other events. */
  slowAt: number[];
}

export async function paced(
  url: string,
  rate: number,
  seconds: number,
  requests: CannonRequest[],
  onSent: () => void,
): Promise<PacedResult> {
  const target = new URL(url);
  // Enough sockets that the client never holds a due request back for want of one.
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  const slowAt: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const errorCodes: Record<string, number> = {};
  const unanswered: number[] = [];
  const count = Math.round(rate * seconds);
  const start = performance.now();
  const answered: Promise<void>[] = [];
  const send = (index: number) => {
    const due = start + (index * 1000) / rate;
    const spec = requests[index % requests.length]!;
    onSent();
    answered.push(
      new Promise<void>((resolve) => {
        const req = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            path: spec.path,
            method: spec.method ?? "GET",
            headers: spec.body
              ? { ...spec.headers, "content-length": Buffer.byteLength(spec.body) }
              : spec.headers,
            agent,
            timeout: 30_000,
          },
          (response) => {
            response.resume();
            response.on("end", () => {
              const latency = performance.now() - due;
              latencies.push(latency);
              if (latency > 100) slowAt.push(Math.round(performance.timeOrigin + due));
              if (!response.statusCode || response.statusCode >= 300) {
                non2xx += 1;
                unanswered.push(index);
              }
              resolve();
            });
          },
        );
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", (error: NodeJS.ErrnoException) => {
          errors += 1;
          unanswered.push(index);
          const code = error.code ?? error.message;
          errorCodes[code] = (errorCodes[code] ?? 0) + 1;
          resolve();
        });
        req.end(spec.body);
      }),
    );
  };
  let next = 0;
  while (next < count) {
    const now = performance.now();
    while (next < count && start + (next * 1000) / rate <= now) send(next++);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(answered);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length
      ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!)
      : NaN;
  return {
    total: latencies.length,
    seconds: Math.max(seconds, elapsed),
    non2xx,
    errors,
    errorCodes,
    unanswered,
    slowAt,
    latency: {
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      max: Math.round(latencies.at(-1) ?? NaN),
    },
  };
}
