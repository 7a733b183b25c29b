/**
 * npm run bench:pipeline — process-lab-report's own cost, and its per-shop fairness.
 *
 * What is real: the function (inngest 4 SDK execution engine, step by step, replaying memoized steps
 * as Inngest does), Prisma on SQLite, pdf-parse + extraction of a corpus COA, the writer with the
 * OpenAI SDK against a local zero-latency double, and the Shopify Admin integration against the msw
 * double (schema-validated operations, staged upload, file polling with no sleep).
 * What is simulated: the Inngest server. inngest-cli cannot run here, so runs are driven by
 * @inngest/test's engine, and queueing by a small in-process scheduler that honours the function's
 * concurrency config (run-level slots; Inngest counts executing steps, which is looser). No HTTP
 * between Inngest and the app, so real per-step network hops (~tens of ms each) are not included.
 */
import { InngestTestEngine } from "@inngest/test";
import { http, passthrough } from "msw";
import { createOpenAiLanguageModel } from "~/integrations/openai.server";
import type { ProcessLabReportDeps } from "~/inngest/process-lab-report-ports";
import { createProcessLabReport } from "~/inngest/process-lab-report";
import { createTestDatabase } from "../test/db";
import { startOpenAiDouble } from "../test/doubles/openai-server";
import { createShopifyAdminDouble } from "../test/doubles/shopify-admin";
import {
  corpusPdf,
  seedReport,
  seedShop,
  testPipelineDeps,
  uploadedEvent,
} from "../test/inngest/pipeline-harness";

const COA = "01_sc-labs_cherry-punch.pdf";
const SHOP_A = "heady-bench-a.myshopify.com";
const SHOP_B = "heady-bench-b.myshopify.com";
const quick = process.argv.includes("--quick");
const LATENCY_RUNS = quick ? 10 : 40;
const BACKLOG_A = quick ? 30 : 100;
const BACKLOG_B = 10;

type Fn = ReturnType<typeof createProcessLabReport>;
type Event = ReturnType<typeof uploadedEvent>;

const ms = (n: number) => `${n.toFixed(0)} ms`;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function runToEnd(fn: Fn, event: Event): Promise<void> {
  const { error, result } = await new InngestTestEngine({
    function: fn,
    events: [event],
  }).execute();
  if (error || (result as { status?: string })?.status !== "published") {
    throw new Error(`run for ${event.data.reportId} ended ${JSON.stringify(error ?? result)}`);
  }
}

/** Starts queued runs in order whenever every concurrency key of the run has a free slot. */
async function schedule(fn: Fn, queue: Event[], limits: { key: string; limit: number }[]) {
  const keyOf = (key: string, event: Event): string => {
    const field = /^event\.data\.(\w+)$/.exec(key)?.[1];
    if (field) return `${key}=${String((event.data as Record<string, unknown>)[field])}`;
    if (/^".*"$/.test(key)) return key;
    throw new Error(`this scheduler cannot evaluate the concurrency key ${key}`);
  };
  const running = new Map<string, number>();
  const finishedAt = new Map<string, number>();
  const started = performance.now();
  const pending = [...queue];
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      for (let i = 0; i < pending.length;) {
        const event = pending[i]!;
        const keys = limits.map((l) => ({ id: keyOf(l.key, event), limit: l.limit }));
        if (keys.every((k) => (running.get(k.id) ?? 0) < k.limit)) {
          pending.splice(i, 1);
          for (const k of keys) running.set(k.id, (running.get(k.id) ?? 0) + 1);
          active++;
          runToEnd(fn, event).then(() => {
            finishedAt.set(event.data.reportId, performance.now() - started);
            for (const k of keys) running.set(k.id, (running.get(k.id) ?? 1) - 1);
            active--;
            if (pending.length === 0 && active === 0) resolve();
            else pump();
          }, reject);
        } else i++;
      }
    };
    pump();
  });
  return finishedAt;
}

async function main() {
  const database = await createTestDatabase();
  const shopify = createShopifyAdminDouble({ shop: SHOP_A });
  shopify.server.listen({ onUnhandledRequest: "error" });
  const openai = await startOpenAiDouble({
    fallback: {
      kind: "json",
      value: {
        descriptionHtml: "<p>Cherry Punch, tested by SC Labs.</p>",
        seoTitle: "Cherry Punch lab results",
        seoDescription: "Cherry Punch, tested by SC Labs.",
        highlights: [],
      },
    },
  });
  shopify.server.use(http.all(`${openai.baseURL}/*`, () => passthrough()));
  try {
    const languageModel = createOpenAiLanguageModel({
      apiKey: "sk-bench",
      baseURL: openai.baseURL,
      timeoutMs: 10_000,
    });
    const base = testPipelineDeps({
      db: database.prisma,
      apiUrlOf: () => shopify.apiUrl, // one double answers for both shops
      languageModel,
    });
    // Time spent in each port during one run, to show where a run's time goes.
    const spent = new Map<string, number>();
    const timed = <T extends object>(ports: T, prefix: string): T =>
      Object.fromEntries(
        Object.entries(ports).map(([name, value]) => [
          name,
          typeof value === "function" && name !== "now"
            ? async (...args: unknown[]) => {
                const t = performance.now();
                try {
                  return await (value as (...a: unknown[]) => Promise<unknown>)(...args);
                } finally {
                  const key = `${prefix}${name}`;
                  spent.set(key, (spent.get(key) ?? 0) + performance.now() - t);
                }
              }
            : value,
        ]),
      ) as T;
    const deps: ProcessLabReportDeps = {
      ...timed(base, ""),
      reports: timed(base.reports, "reports."),
      shops: timed(base.shops, "shops."),
      activity: timed(base.activity, "activity."),
    };
    const fn = createProcessLabReport(deps);
    const bytes = corpusPdf(COA);
    await seedShop(database.prisma, SHOP_A, { autoPublish: true });
    await seedShop(database.prisma, SHOP_B, { autoPublish: true });
    const upload = async (shop: string) => {
      const product = shopify.addProduct({ title: "Cherry Punch 3.5g" });
      const id = await seedReport(database.prisma, {
        shop,
        productId: product.id,
        productTitle: "Cherry Punch 3.5g",
        fileName: COA,
        bytes,
      });
      return uploadedEvent(id, shop);
    };

    console.log(`process-lab-report benchmark (${COA}, ${bytes.length} bytes, auto-publish on)`);
    console.log(
      "Simulated: the Inngest server (runs driven by @inngest/test's engine in-process).",
    );
    console.log(
      "Real: SDK step execution, Prisma/SQLite, pdf-parse + extraction, writer + OpenAI SDK",
    );
    console.log(
      "(local zero-latency double), Shopify Admin integration (msw double, zero latency).\n",
    );

    // Warm-up: module loading and pdf.js initialisation are paid once per process, not per COA.
    await runToEnd(fn, await upload(SHOP_A));

    const total: number[] = [];
    const withoutExtraction: number[] = [];
    const perPort = new Map<string, number[]>();
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const event = await upload(SHOP_A);
      spent.clear();
      const t = performance.now();
      await runToEnd(fn, event);
      const elapsed = performance.now() - t;
      total.push(elapsed);
      withoutExtraction.push(elapsed - (spent.get("extractLabReport") ?? 0));
      for (const [port, value] of spent) perPort.set(port, [...(perPort.get(port) ?? []), value]);
    }
    console.log(`1) Upload → published, one COA at a time (${LATENCY_RUNS} runs, after 1 warm-up)`);
    console.log(
      `   end to end:                                      p50 ${ms(percentile(total, 50))}  p95 ${ms(percentile(total, 95))}`,
    );
    console.log(
      `   pipeline overhead (minus PDF read + extraction): p50 ${ms(percentile(withoutExtraction, 50))}  p95 ${ms(percentile(withoutExtraction, 95))}`,
    );
    console.log("   where a run's time goes (p50 per run, by port):");
    const rows = [...perPort].sort((x, y) => percentile(y[1], 50) - percentile(x[1], 50));
    for (const [port, values] of rows.slice(0, 8)) {
      console.log(`     ${port.padEnd(28)} ${ms(percentile(values, 50))}`);
    }
    console.log("");

    const limits = (fn.opts.concurrency ?? []) as { key: string; limit: number }[];
    const queueA: Event[] = [];
    for (let i = 0; i < BACKLOG_A; i++) queueA.push(await upload(SHOP_A));
    const queueB: Event[] = [];
    for (let i = 0; i < BACKLOG_B; i++) queueB.push(await upload(SHOP_B));

    const report = (label: string, finishedAt: Map<string, number>) => {
      const of = (q: Event[]) => q.map((e) => finishedAt.get(e.data.reportId) ?? NaN);
      const a = of(queueA);
      const b = of(queueB);
      console.log(`   ${label}`);
      console.log(
        `     shop A (${BACKLOG_A}, queued first): last done at ${ms(Math.max(...a))}, p50 wait-to-done ${ms(percentile(a, 50))}`,
      );
      console.log(
        `     shop B (${BACKLOG_B}, queued after A): last done at ${ms(Math.max(...b))}, p50 wait-to-done ${ms(percentile(b, 50))}`,
      );
      console.log(
        `     B finished when A was ${((100 * a.filter((t) => t <= Math.max(...b)).length) / a.length).toFixed(0)}% done`,
      );
    };

    console.log(
      `2) Backlog: ${BACKLOG_A} COAs for shop A, then ${BACKLOG_B} for shop B, all queued at once`,
    );
    console.log(`   concurrency config: ${limits.map((l) => `${l.key} ≤ ${l.limit}`).join(", ")}`);
    report(
      "with the function's concurrency keys:",
      await schedule(fn, [...queueA, ...queueB], limits),
    );

    // The same backlog again without the per-shop key, to show what the key buys.
    await database.prisma.labReport.updateMany({ data: { status: "queued" } });
    const globalOnly = limits.filter((l) => l.key !== "event.data.shop");
    report(
      "for contrast, one global queue (no per-shop key):",
      await schedule(fn, [...queueA, ...queueB], globalOnly),
    );
  } finally {
    await openai.close();
    shopify.server.close();
    await database.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
