/**
 * npm run -s bench:load — the production build under load while a hostile PDF is being read.
 *
 * What runs: `npm run build`'s output served by server.ts (as `npm start` does) on 127.0.0.1, with
 * an SQLite database, JSON logs at info (one line per request), Inngest's Event API stood in by a
 * local double, and Shopify's Admin API by the Admin double (in this process, through the
 * forwarder the browser tests use) holding a catalog of 300 products on sale, which the report
 * list's COA freshness card reads. Meanwhile the app's PDF reader — the same child processes,
 * limits and priority the server's queue steps use (two children on two cores) — reads a dense
 * 40-page PDF (3,000 text runs a page) again and again, so there is always one being read.
 *
 * 1. Webhooks: signed `customers/data_request` deliveries (real HMACs; every tenth is a redelivery of
 *    an earlier one, same event id) at 500 requests/s. Goals: ≥ 500 requests/s served, p99 < 100 ms,
 *    and afterwards each distinct delivery recorded exactly once in the database.
 * 2. The report list's data request (`/app/lab-reports?_data=…`, a real session token) at
 *    100 requests/s. Goal: p99 < 200 ms.
 *
 * The requests come from a process of their own (bench/load-cannon.ts), evenly paced: request i is
 * due at i / rate seconds and its latency counts from then (bench/load-paced.ts). `--bursty` uses
 * autocannon's `overallRate` instead, which sends each second's share as fast as it is answered
 * and then waits for the next second: every second's requests arrive as one burst.
 *
 * Options: --seconds N (each phase, default 20), --webhook-rate N, --list-rate N, --cpu-requests N
 * (default 2,000), --pages N (of the document read, default 40), --no-reader (the server alone),
 * --uploads (also a back-to-back bulk upload of the same document through the upload form: each
 * upload's storing of its PDF is main-thread work of its own), --bursty, --timeline (when slow
 * requests were due, next to when reads and uploads ended), --server-flags "…" (Node options for the
 * server, to try a runtime setting), --cpu-profile DIR (the server writes V8 CPU profiles of its run
 * into DIR, to open in Chrome's DevTools).
 *
 * The machine may be shared, so first, before the reader starts, autocannon sends N requests of each
 * kind as fast as 10 connections take them and the bench prints the server process's CPU time per
 * request (user + system, read from /proc/<pid>/stat): a figure that does not depend on what else
 * runs. Each phase then prints, next to requests a second and latency: the main thread's CPU and its
 * time ready but waiting for a core, the server's event-loop delay and garbage collections (from its
 * /metrics), its CPU time by thread, and the load generator's own event-loop delay.
 * A benchmark prints figures; it asserts nothing and its exit code says only whether it ran.
 */
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { summaryOf } from "~/models/report-summary.server";
import { buildApp, startAppServer, type AppServer } from "../test/browser/app-server";
import { installShop, startAdminForwarder } from "../test/browser/installed-shop";
import { createShopifyAdminDouble } from "../test/doubles/shopify-admin";
import { createTestDatabase } from "../test/db";
import { startInngestEventApi } from "../test/doubles/inngest-event-api";
import { textPdf } from "../test/pdf-builder";
import { flowerReport } from "../test/writer-test-reports";
import { backgroundLines, startBackground, type Background } from "./load-background";
import {
  BROWSER_UA,
  cpuLine,
  fixedCount,
  fixedRate,
  line,
  processCpuLine,
  processCpuMs,
  schedMs,
  serverMetrics,
  stallLine,
  threadCpuMs,
  threadLine,
  webhookDeliveries,
  type SignedDelivery,
} from "./load-measure";
import { PRODUCTION_INNGEST_ENV, TEST_APP, TEST_ENV } from "../test/shopify/requests";

const SHOP = "heady-load.myshopify.com";
const METRICS_TOKEN = randomUUID();
const webhookRequest = (delivery: SignedDelivery) => ({
  method: "POST" as const,
  path: "/webhooks/customers/data_request",
  headers: delivery.headers,
  body: delivery.body,
});
const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const SECONDS = option("seconds", 20);
const PROFILE_AT = process.argv.indexOf("--cpu-profile");
const PROFILE_DIR = PROFILE_AT >= 0 ? process.argv[PROFILE_AT + 1] : undefined;
/** Node options for the server process, to try a runtime setting (e.g. "--max-semi-space-size=32"). */
const FLAGS_AT = process.argv.indexOf("--server-flags");
const SERVER_FLAGS = FLAGS_AT >= 0 ? process.argv[FLAGS_AT + 1] : "";
const WEBHOOK_RATE = option("webhook-rate", 500);
const LIST_RATE = option("list-rate", 100);
/** Requests of each kind measured alone for the CPU-per-request figures. */
const CPU_SAMPLE = option("cpu-requests", 2_000);
const UPLOADS = process.argv.includes("--uploads");
/** Without the reader nor uploads: the server alone, the baseline the rest is compared with. */
const READER = !process.argv.includes("--no-reader");
/** autocannon's overallRate instead of an even pace (bench/load-paced.ts says how they differ). */
const BURSTY = process.argv.includes("--bursty");

/** The hostile document: as dense as the page limit allows, so reading it costs seconds of CPU. */
function densePdf(): Uint8Array {
  const pages = Array.from({ length: option("pages", 40) }, (_, p) =>
    Array.from({ length: 3_000 }, (_, i) => `Analyte ${p}-${i} ND 0.${i % 97} mg/g PASS ${i * 7}`),
  );
  return textPdf(pages);
}

async function main() {
  const started = performance.now();
  process.stderr.write("Building (skipped when build/ is current)…\n");
  buildApp();
  const database = await createTestDatabase();
  const events = await startInngestEventApi();
  const prisma = database.prisma;
  await installShop(prisma, SHOP, { accessToken: "shpat_load_test" });
  const shopify = createShopifyAdminDouble({ shop: SHOP });
  const products = [];
  for (let i = 0; i < 300; i++) {
    const product = shopify.addProduct({
      title: `Product ${i}`,
      ...(i % 3 === 0 ? { variants: [{ title: "1 g" }, { title: "3.5 g" }] } : {}),
    });
    products.push(product);
  }
  shopify.server.listen({ onUnhandledRequest: "bypass" });
  const forwarder = await startAdminForwarder(shopify.apiUrl);
  // A paid plan, so the hostile uploads are not refused by the monthly allowance before being read.
  await prisma.subscription.create({ data: { shop: SHOP, tier: "Pro", status: "ACTIVE" } });
  // 60 reports, 48 published on the catalog's first products (the freshness card's current
  // reports), stored as the pipeline stores them: the report and its summary.
  const report = flowerReport();
  for (let i = 0; i < 60; i++) {
    const failed = i % 5 === 0;
    await prisma.labReport.create({
      data: {
        shop: SHOP,
        fileName: `coa-${i}.pdf`,
        sha256: `${i}`.padStart(64, "0"),
        sizeBytes: 1000,
        status: failed ? "failed" : "published",
        productId: products[i]!.id,
        productTitle: products[i]!.title,
        report: failed ? null : JSON.stringify(report),
        summary: failed ? null : JSON.stringify(summaryOf(report)),
        publishedAt: failed ? null : new Date(Date.now() - (60 - i) * 86_400_000),
      },
    });
  }

  let server: AppServer | undefined;
  let background: Background | undefined;
  try {
    server = await startAppServer({
      ...TEST_ENV,
      ...PRODUCTION_INNGEST_ENV,
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      METRICS_TOKEN,
      // The app's own upload pacing, not the tests' unbounded one.
      UPLOAD_SHOP_BYTES_PER_SECOND: "",
      UPLOAD_TOTAL_BYTES_PER_SECOND: "",
      DATABASE_URL: database.url,
      INNGEST_EVENT_API_BASE_URL: events.baseUrl,
      ...forwarder.env,
      NODE_OPTIONS: [
        forwarder.env.NODE_OPTIONS,
        PROFILE_DIR ? `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` : "",
        SERVER_FLAGS,
      ]
        .filter(Boolean)
        .join(" "),
    });
    const base = server.url;
    const { token } = await getJwt(
      SHOP.replace(".myshopify.com", ""),
      TEST_APP.apiKey,
      TEST_APP.apiSecret,
    );

    // CPU per request with nothing else in the server: N requests of each kind, before any upload.
    // The process's CPU time does not depend on how busy the machine is, unlike requests a second.
    const calibration = webhookDeliveries(CPU_SAMPLE, "heady-calibration.myshopify.com");
    const listRequest = {
      method: "GET" as const,
      path: "/app/lab-reports?_data=routes%2Fapp.lab-reports._index",
      headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_UA },
    };
    const list0 = processCpuMs(server.pid);
    await fixedCount(base, CPU_SAMPLE, [listRequest]);
    const webhook0 = processCpuMs(server.pid);
    await fixedCount(base, CPU_SAMPLE, calibration.deliveries.map(webhookRequest));
    const webhook1 = processCpuMs(server.pid);
    const idleLoad = loadavg()[0]!;

    const pdf = densePdf();
    background = startBackground({ base, token, pdf, read: READER, upload: UPLOADS && READER });
    // Let the first document start being read.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const { deliveries, distinct } = webhookDeliveries(
      Math.ceil(WEBHOOK_RATE * SECONDS * 1.2),
      SHOP,
    );
    const webhooksStarted = Date.now();
    const threads0 = threadCpuMs(server.pid);
    const cpu0 = schedMs(server.pid);
    const process0 = processCpuMs(server.pid);
    const metrics0 = await serverMetrics(base, METRICS_TOKEN);
    const webhooks = await fixedRate(
      base,
      WEBHOOK_RATE,
      SECONDS,
      deliveries.map(webhookRequest),
      BURSTY,
    );
    const metrics1 = await serverMetrics(base, METRICS_TOKEN);
    const next = webhooks.sent;
    const cpu1 = schedMs(server.pid);
    const threads1 = threadCpuMs(server.pid);
    const process1 = processCpuMs(server.pid);
    const load1 = loadavg()[0]!;
    const sentIds = new Set(deliveries.slice(0, next).map((d) => d.eventId));
    const sentDistinct = [...sentIds].filter((id) => distinct.has(id));
    // An event counts as answered when one of its deliveries got a 2xx; one that got none (a
    // connection reset, say) may or may not be recorded: Shopify would deliver it again.
    const unanswered = new Set(webhooks.summary.unanswered);
    const answeredIds = new Set(
      deliveries.slice(0, next).flatMap((d, i) => (unanswered.has(i) ? [] : [d.eventId])),
    );

    const list = await fixedRate(base, LIST_RATE, SECONDS, [listRequest], BURSTY);
    const metrics2 = await serverMetrics(base, METRICS_TOKEN);

    const cpu2 = schedMs(server.pid);
    const threads2 = threadCpuMs(server.pid);
    const process2 = processCpuMs(server.pid);
    await background.stop();

    // Every delivery that got its 200 is recorded once; the rest were not (Shopify would retry).
    const recorded = await prisma.webhookDelivery.findMany({
      where: { shop: SHOP },
      select: { eventId: true },
    });
    const recordedIds = new Set(recorded.map((r) => r.eventId));
    const effects = await prisma.activityLog.count({
      where: { shop: SHOP, action: "compliance.customer-data-request" },
    });
    const unknown = recorded.filter((r) => !sentIds.has(r.eventId)).length;
    const lost = [...answeredIds].filter((id) => !recordedIds.has(id)).length;

    const cores = (await import("node:os")).availableParallelism();
    console.log(
      `bench:load — production build, server.ts on 127.0.0.1, ${database.url.startsWith("postgres") ? "PostgreSQL" : "SQLite (WAL)"}, ${cores} cores (shared, load average ${loadavg()[0]!.toFixed(1)}), ${SECONDS} s a phase`,
    );
    console.log(
      `CPU per request, measured alone (${CPU_SAMPLE} of each, 10 connections, no upload running; the server process's user + system time, as process.cpuUsage() reports it; load average ${idleLoad.toFixed(1)}): ` +
        `webhook ${((webhook1 - webhook0) / CPU_SAMPLE).toFixed(2)} ms, report list ${((webhook0 - list0) / CPU_SAMPLE).toFixed(2)} ms`,
    );
    console.log(
      line("webhooks (customers/data_request, 10 % redeliveries)", webhooks.summary, {
        rate: WEBHOOK_RATE,
        p99: 100,
      }),
    );
    console.log(
      `  deliveries: ${next} sent, ${sentDistinct.length} distinct event ids, ${answeredIds.size} answered 2xx ` +
        `(failed requests: ${JSON.stringify(webhooks.summary.errorCodes)}); recorded ${recorded.length}, ` +
        `${lost} answered but not recorded, ${unknown} never sent; effects ${effects} — ` +
        `${lost === 0 && effects === recorded.length && unknown === 0 ? "each answered delivery recorded exactly once" : "NOT exactly once"}`,
    );
    console.log(cpuLine(cpu0, cpu1, webhooks.summary.total, webhooks.summary.seconds));
    console.log(stallLine(metrics0, metrics1, webhooks));
    console.log(threadLine(threads0, threads1));
    console.log(
      processCpuLine(process0, process1, webhooks.summary.total).replace(
        /load average [\d.]+$/,
        `load average ${load1.toFixed(1)}`,
      ),
    );
    console.log(
      line("report list data request (/app/lab-reports?_data=…)", list.summary, {
        rate: LIST_RATE,
        p99: 200,
      }),
    );
    console.log(cpuLine(cpu1, cpu2, list.summary.total, list.summary.seconds));
    console.log(stallLine(metrics1, metrics2, list));
    console.log(threadLine(threads1, threads2));
    console.log(processCpuLine(process1, process2, list.summary.total));
    const timeline = process.argv.includes("--timeline")
      ? { from: webhooksStarted, slowAt: [...webhooks.summary.slowAt, ...list.summary.slowAt] }
      : null;
    const document = { pages: option("pages", 40), bytes: pdf.length };
    for (const text of backgroundLines(background, document, UPLOADS, timeline)) console.log(text);
    console.log(`  total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await background?.stop();
    await server?.stop();
    await forwarder.close();
    shopify.server.close();
    await events.close();
    await database.cleanup();
  }
}

await main();
