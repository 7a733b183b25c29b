/**
 * bench:load's tools: signed webhook deliveries, autocannon at a fixed rate or count (in a process of
 * its own), the server's event-loop and garbage-collection figures from its /metrics, and the server
 * process's CPU time read from /proc (Linux).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { TEST_APP } from "../test/shopify/requests";
import type { CannonJob, CannonOutcome, CannonRequest } from "./load-cannon";
import type { PacedResult } from "./load-paced";

const CANNON = path.join(import.meta.dirname, "load-cannon.ts");

export interface SignedDelivery {
  eventId: string;
  body: string;
  headers: Record<string, string>;
}

/** n deliveries, every tenth a redelivery (same event id, body and signature) of an earlier one. */
export function webhookDeliveries(
  n: number,
  shop: string,
): { deliveries: SignedDelivery[]; distinct: Set<string> } {
  const deliveries: SignedDelivery[] = [];
  const distinct = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (i % 10 === 9) {
      deliveries.push(deliveries[i - 1 - (i % 7)]!);
      continue;
    }
    const eventId = randomUUID();
    const body = JSON.stringify({
      shop_id: 1,
      shop_domain: shop,
      orders_requested: [],
      customer: { id: i, email: `c${i}@example.com` },
      data_request: { id: i },
    });
    deliveries.push({
      eventId,
      body,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "customers/data_request",
        "x-shopify-hmac-sha256": getHmac(body, TEST_APP.apiSecret),
        "x-shopify-shop-domain": shop,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-event-id": eventId,
        "x-shopify-triggered-at": new Date().toISOString(),
      },
    });
    distinct.add(eventId);
  }
  return { deliveries, distinct };
}

/**
 * autocannon in a process of its own (bench/load-cannon.ts), sending `requests` in turn. The job goes
 * through a file: a run's requests (signed deliveries) are megabytes.
 */
async function cannon(
  url: string,
  load: CannonJob["load"],
  requests: CannonRequest[],
): Promise<CannonOutcome> {
  const dir = mkdtempSync(path.join(tmpdir(), "heady-cannon-"));
  const jobFile = path.join(dir, "job.json");
  writeFileSync(jobFile, JSON.stringify({ url, load, requests } satisfies CannonJob));
  try {
    const child = spawn(process.execPath, ["--import", "tsx", CANNON, jobFile], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    if (code !== 0) throw new Error(`the load generator exited with ${code}`);
    return JSON.parse(output) as CannonOutcome;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `rate` requests a second for `seconds`, whatever the answers' speed (an open model: request i is
 * due at i / rate seconds, and its latency counts from then; bench/load-paced.ts). With `bursty`,
 * autocannon's `overallRate` instead: each second's requests sent as fast as they are answered.
 */
export function fixedRate(
  url: string,
  rate: number,
  seconds: number,
  requests: CannonRequest[],
  bursty = false,
): Promise<CannonOutcome> {
  const connections = Math.max(10, Math.ceil(rate / 10));
  return cannon(
    url,
    bursty ? { connections, overallRate: rate, duration: seconds } : { paced: rate, seconds },
    requests,
  );
}

/** `amount` requests as fast as 10 connections take them (no rate, no duration). */
export function fixedCount(
  url: string,
  amount: number,
  requests: CannonRequest[],
): Promise<CannonOutcome> {
  return cannon(url, { connections: 10, amount }, requests);
}

/** shopify-app-remix answers bot user agents (Node's fetch says "node") with 410 Gone. */
export const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/**
 * The main thread's time on a CPU and waiting in the run queue for one (ready, not running), in ms,
 * from /proc/<pid>/task/<pid>/schedstat: on a crowded machine the second is where latency goes.
 */
export function schedMs(pid: number): { running: number; waiting: number } {
  const [running, waiting] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8")
    .trim()
    .split(" ")
    .map((ns) => Number(ns) / 1e6);
  return { running: running ?? NaN, waiting: waiting ?? NaN };
}

/**
 * The whole server process's CPU time in ms, user + system (what `process.cpuUsage()` reports
 * inside it), from /proc/<pid>/stat: fields 14 and 15, in clock ticks of 10 ms.
 */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function processCpuLine(before: number, after: number, requests: number): string {
  return `  server process: ${((after - before) / requests).toFixed(2)} ms of CPU (user + system) a request over ${requests} requests, load average ${loadavg()[0]!.toFixed(1)}`;
}

export function cpuLine(
  before: { running: number; waiting: number },
  after: { running: number; waiting: number },
  requests: number,
  seconds: number,
): string {
  const cpu = after.running - before.running;
  const waited = after.waiting - before.waiting;
  return (
    `  server main thread: ${(cpu / requests).toFixed(2)} ms of CPU a request (${((cpu / (seconds * 1000)) * 100).toFixed(0)} % of one core), ` +
    `about ${Math.floor((requests * 1000) / cpu)} req/s per free core; ready but waiting for a CPU ${(waited / 1000).toFixed(1)} s of ${seconds.toFixed(1)} s`
  );
}

export function line(name: string, result: PacedResult, goal: { rate: number; p99: number }) {
  const served = result.total / result.seconds;
  const ok = served >= goal.rate * 0.98 && result.latency.p99 < goal.p99;
  return (
    `${name}: ${served.toFixed(0)} req/s served (offered ${goal.rate}), ` +
    `latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ` +
    `${result.total} requests, ${result.non2xx + result.errors} not 2xx/errors — goal ≥ ${goal.rate} req/s & p99 < ${goal.p99} ms: ${ok ? "met" : "NOT met"}`
  );
}

/** The server's own figures from its /metrics (prom-client's default metrics), by series. */
export async function serverMetrics(url: string, token: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  const series = new Map<string, number>();
  for (const row of (await response.text()).split("\n")) {
    const match = /^(nodejs_[a-z0-9_]+)(?:\{([^}]*)\})? ([\d.e+-]+)$/.exec(row);
    if (!match) continue;
    // Labels in alphabetical order, whatever order the registry wrote them in.
    const labels = (match[2] ?? "").split(",").filter(Boolean).sort().join(",");
    series.set(labels ? `${match[1]}{${labels}}` : match[1]!, Number(match[3]));
  }
  return series;
}

/**
 * What held the server's main thread during a phase: its event-loop delay (prom-client resets the
 * figures at each scrape, so `after` covers the phase when `before` was scraped at its start) and
 * its garbage collections by kind; next to the load generator's own event-loop delay.
 */
export function stallLine(
  before: Map<string, number>,
  after: Map<string, number>,
  cannon: CannonOutcome,
): string {
  const ms = (name: string) => ((after.get(name) ?? NaN) * 1000).toFixed(0);
  const gc = ["minor", "major", "incremental", "weakcb"]
    .map((kind) => {
      const count = (key: string) =>
        (after.get(`nodejs_gc_duration_seconds_${key}{kind="${kind}"}`) ?? 0) -
        (before.get(`nodejs_gc_duration_seconds_${key}{kind="${kind}"}`) ?? 0);
      const slow =
        count("count") -
        ((after.get(`nodejs_gc_duration_seconds_bucket{kind="${kind}",le="0.1"}`) ?? 0) -
          (before.get(`nodejs_gc_duration_seconds_bucket{kind="${kind}",le="0.1"}`) ?? 0));
      return `${count("count")} ${kind} (${(count("sum") * 1000).toFixed(0)} ms${slow ? `, ${slow} over 100 ms` : ""})`;
    })
    .join(", ");
  return (
    `  server event loop: delay max ${ms("nodejs_eventloop_lag_max_seconds")} ms, p99 ${ms("nodejs_eventloop_lag_p99_seconds")} ms; ` +
    `garbage collections ${gc}; the load generator's own loop: max ${cannon.loop.maxMs.toFixed(0)} ms, p99 ${cannon.loop.p99Ms.toFixed(0)} ms`
  );
}

/** The server's CPU time by thread name (main thread, garbage collector helpers, worker threads…). */
export function threadCpuMs(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      const key = tid === String(pid) ? "main" : name;
      byName.set(key, (byName.get(key) ?? 0) + ms);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return byName;
}

export function threadLine(before: Map<string, number>, after: Map<string, number>): string {
  const spent = [...after]
    .map(([name, ms]) => [name, ms - (before.get(name) ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1]);
  return `  server CPU by thread: ${spent.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(", ")}`;
}
