/**
 * bench:load's tools: signed webhook deliveries, autocannon at a fixed rate or count, and the
 * server process's CPU time read from /proc (Linux).
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import autocannon from "autocannon";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { TEST_APP } from "../test/shopify/requests";

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

type LoadRequest = () => {
  method?: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
};

function cannon(
  url: string,
  options: Pick<autocannon.Options, "connections" | "overallRate" | "duration" | "amount">,
  request: LoadRequest,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, ...options, requests: [{ setupRequest: (req) => ({ ...req, ...request() }) }] },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** `rate` requests a second for `seconds`, whatever the answers' speed (an open model). */
export function fixedRate(
  url: string,
  rate: number,
  seconds: number,
  request: LoadRequest,
): Promise<autocannon.Result> {
  const connections = Math.max(10, Math.ceil(rate / 10));
  return cannon(url, { connections, overallRate: rate, duration: seconds }, request);
}

/** `amount` requests as fast as 10 connections take them (no rate, no duration). */
export function fixedCount(
  url: string,
  amount: number,
  request: LoadRequest,
): Promise<autocannon.Result> {
  return cannon(url, { connections: 10, amount }, request);
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
    `about ${Math.floor((requests * 1000) / cpu)} req/s per free core; ready but waiting for a CPU ${(waited / 1000).toFixed(1)} s of ${seconds} s`
  );
}

export function line(name: string, result: autocannon.Result, goal: { rate: number; p99: number }) {
  const served = result.requests.total / result.duration;
  const ok = served >= goal.rate * 0.98 && result.latency.p99 < goal.p99;
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return (
    `${name}: ${served.toFixed(0)} req/s served (offered ${goal.rate}), ` +
    `latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ` +
    `${result.requests.total} requests, ${non2xx} not 2xx/errors — goal ≥ ${goal.rate} req/s & p99 < ${goal.p99} ms: ${ok ? "met" : "NOT met"}`
  );
}
