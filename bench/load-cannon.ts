/**
 * bench:load's load generator, run as a process of its own (bench/load-measure.ts starts it): the
 * bench's main process also reads documents and stands in for Shopify's Admin API, and a pause of its
 * event loop would be counted as the server's latency. This one does nothing but send requests.
 *
 * Input: a JSON file named by the first argument — { url, load, requests (sent in turn, from the
 * first, wrapping around) }, where load is either { paced: rate, seconds } (an open model,
 * bench/load-paced.ts) or autocannon's options (connections, overallRate, duration, amount).
 * Output on stdout: one JSON line — { summary, sent (requests handed out), loop (this process's own
 * event-loop delay: max and p99 in ms, so a stall here is not taken for the server's) }.
 */
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import autocannon from "autocannon";
import { paced, type PacedResult } from "./load-paced";

export interface CannonRequest {
  method?: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface CannonJob {
  url: string;
  load:
    | { paced: number; seconds: number }
    | Pick<autocannon.Options, "connections" | "overallRate" | "duration" | "amount">;
  requests: CannonRequest[];
}

export interface CannonOutcome {
  summary: PacedResult;
  sent: number;
  loop: { maxMs: number; p99Ms: number };
}

function withAutocannon(job: CannonJob, onSent: () => void): Promise<PacedResult> {
  let sent = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: job.url,
        ...job.load,
        requests: [
          {
            setupRequest: (request) => {
              onSent();
              return { ...request, ...job.requests[sent++ % job.requests.length] };
            },
          },
        ],
      },
      (error, result) =>
        error
          ? reject(error)
          : resolve({
              total: result.requests.total,
              seconds: result.duration,
              non2xx: result.non2xx,
              errors: result.errors + result.timeouts,
              errorCodes: {},
              unanswered: [],
              latency: result.latency,
              slowAt: [],
            }),
    );
  });
}

const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as CannonJob;
let sent = 0;
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const load = job.load;
const summary = await ("paced" in load
  ? paced(job.url, load.paced, load.seconds, job.requests, () => sent++)
  : withAutocannon(job, () => sent++));
loop.disable();
const outcome: CannonOutcome = {
  summary,
  sent,
  loop: { maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 },
};
process.stdout.write(`${JSON.stringify(outcome)}\n`);
