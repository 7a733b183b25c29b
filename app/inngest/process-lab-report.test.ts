import { mockCtx } from "@inngest/test";
import { http, passthrough } from "msw";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createOpenAiLanguageModel } from "~/integrations/openai.server";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { startOpenAiDouble, type OpenAiDouble } from "../../test/doubles/openai-server";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import {
  corpusPdf,
  memoizedSteps,
  PipelineTestEngine,
  seedReport,
  seedShop,
  testPipelineDeps,
  uploadedEvent,
} from "../../test/inngest/pipeline-harness";
import { createProcessLabReport } from "./process-lab-report";
import { recordRunFailure } from "./process-lab-report-steps";
import type { ProcessLabReportDeps } from "./process-lab-report-ports";
import { createPrometheusMetrics } from "~/service/prometheus-metrics.server";

const SHOP = "heady-test.myshopify.com";
// A flower COA that extracts cleanly: nothing flagged, so auto-publish may go.
const CLEAN_COA = "01_sc-labs_cherry-punch.pdf";
const getShopify = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });

let database: TestDatabase;
let deps: ProcessLabReportDeps;
let productId: string;
let operationsBefore = 0;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = testPipelineDeps({ db: database.prisma, apiUrlOf: () => getShopify().apiUrl });
  operationsBefore = getShopify().operations.length;
  productId = getShopify().addProduct({
    title: "Cherry Punch 3.5g",
    descriptionHtml: "<p>Old copy.</p>",
  }).id;
});
afterEach(async () => {
  await database?.cleanup();
});

async function upload(options: { autoPublish: boolean; file?: string; bytes?: Uint8Array }) {
  await seedShop(database.prisma, SHOP, { autoPublish: options.autoPublish });
  const reportId = await seedReport(database.prisma, {
    shop: SHOP,
    productId,
    productTitle: "Cherry Punch 3.5g",
    fileName: options.file ?? CLEAN_COA,
    bytes: options.bytes ?? corpusPdf(options.file ?? CLEAN_COA),
  });
  return {
    reportId,
    events: [uploadedEvent(reportId, SHOP)] as [ReturnType<typeof uploadedEvent>],
  };
}

function engineFor(events: [ReturnType<typeof uploadedEvent>], d: ProcessLabReportDeps = deps) {
  return new PipelineTestEngine({ function: createProcessLabReport(d), events });
}

async function storedReport(id: string) {
  return database.prisma.labReport.findUniqueOrThrow({ where: { id } });
}

/** This test's operations (the double lives for the whole file). */
function operations() {
  return getShopify().operations.slice(operationsBefore);
}

function productUpdates() {
  return operations().filter((o) => o.operationName === "LabResultsProductUpdate");
}

describe("process-lab-report", () => {
  it("publishes a cleanly extracted COA straight to the product when the shop auto-publishes", async () => {
    const { reportId, events } = await upload({ autoPublish: true });

    const { result, error, ctx } = await engineFor(events).execute();

    expect(error).toBeUndefined();
    expect(result).toMatchObject({ reportId, status: "published", outcome: "published" });
    expect(ctx.step.waitForEvent).not.toHaveBeenCalled();
    const row = await storedReport(reportId);
    expect(row.status).toBe("published");
    expect(row.errorMessage).toBeNull();
    for (const at of [row.extractStartedAt, row.extractedAt, row.writtenAt, row.publishedAt]) {
      expect(at).toBeInstanceOf(Date);
    }
    const product = getShopify().state.products.get(productId);
    expect(product?.descriptionHtml).toContain("SC Labs");
    expect(productUpdates()).toHaveLength(1);
    // The product's old copy is kept as a version the merchant can restore.
    const previous = await database.prisma.description.findFirst({
      where: { reportId, source: "previous-product" },
    });
    expect(previous?.html).toBe("<p>Old copy.</p>");
  });

  it("waits for the merchant's approval, then publishes the version they approved", async () => {
    const { reportId, events } = await upload({ autoPublish: false });

    // Unmocked, the run stops at the wait: Inngest parks it until the approval event arrives.
    const waiting = await engineFor(events).executeStep("wait-for-approval");
    expect(waiting.step).toMatchObject({
      op: "WaitForEvent",
      name: "lab-report/description.approved",
      opts: {
        timeout: "2w",
        if: "async.data.reportId == event.data.reportId && async.data.shop == event.data.shop",
      },
    });
    expect((await storedReport(reportId)).status).toBe("awaiting-approval");
    expect(productUpdates()).toHaveLength(0);

    // The merchant edits the copy, then approves that version.
    const edited = await database.prisma.description.create({
      data: {
        shop: SHOP,
        reportId,
        version: 99,
        html: "<p>Edited by the merchant. Tested by SC Labs.</p>",
        seoTitle: "Cherry Punch, lab tested",
        seoDescription: "Lab tested by SC Labs.",
        source: "merchant",
      },
    });
    // @inngest/test 1.0.0 + inngest 4.24 cannot resume a waitForEvent mocked through `steps` (it
    // validates the unresolved mock: inngest-js#1652), so the wait tool itself is replaced.
    const approval = {
      name: "lab-report/description.approved",
      id: "evt-approval",
      ts: Date.now(),
      data: { reportId, shop: SHOP, descriptionId: edited.id },
    };
    const waitForEvent = vi.fn(async () => approval);
    const { result, error } = await engineFor(events)
      .clone({
        steps: await memoizedSteps(waiting.state),
        transformCtx: (raw) => {
          const ctx = mockCtx(raw);
          return { ...ctx, step: { ...ctx.step, waitForEvent } } as typeof raw;
        },
      })
      .execute();

    expect(error).toBeUndefined();
    expect(waitForEvent).toHaveBeenCalledWith(
      "wait-for-approval",
      expect.objectContaining({ timeout: "14d" }),
    );
    expect(result).toMatchObject({ status: "published", descriptionId: edited.id });
    expect(getShopify().state.products.get(productId)?.descriptionHtml).toContain(
      "Edited by the merchant",
    );
    expect((await storedReport(reportId)).status).toBe("published");
  });

  it("fails a file that is not a readable COA without retrying, with the reason in plain words", async () => {
    const { reportId, events } = await upload({
      autoPublish: true,
      file: "scan.pdf",
      bytes: new TextEncoder().encode("%PDF-1.4\n% a scan with no text layer, truncated"),
    });

    const attempt = await engineFor(events).untilStepRan("extract-lab-report");

    expect(attempt.step.error).toMatchObject({ name: "NonRetriableError" });
    expect(attempt.retriable).toBe(false);
    const row = await storedReport(reportId);
    expect(row.status).toBe("failed");
    expect(row.errorCode).toBe("corrupt-pdf");
    expect(row.errorMessage).toMatch(/damaged or incomplete/);
    expect(operations()).toHaveLength(0);
  });

  it("records each step's duration and outcome, and a failed report's code, through its metrics port", async () => {
    const prometheus = createPrometheusMetrics({ defaultMetrics: false });
    const measured = { ...deps, metrics: prometheus.metrics };
    const clean = await upload({ autoPublish: true });
    expect((await engineFor(clean.events, measured).execute()).error).toBeUndefined();
    const brokenId = await seedReport(database.prisma, {
      shop: SHOP,
      productId,
      productTitle: "Cherry Punch 3.5g",
      fileName: "scan.pdf",
      bytes: new TextEncoder().encode("%PDF-1.4\n% a scan with no text layer, truncated"),
    });
    await engineFor([uploadedEvent(brokenId, SHOP)], measured).untilStepRan("extract-lab-report");

    const text = await prometheus.registry.metrics();
    const count = (stage: string, outcome: string) =>
      Number(
        new RegExp(
          `heady_pipeline_stage_duration_seconds_count\\{stage="${stage}",outcome="${outcome}"\\} (\\d+)`,
        ).exec(text)?.[1] ?? 0,
      );
    expect(count("extract-lab-report", "ok")).toBe(1);
    expect(count("write-description", "ok")).toBe(1);
    expect(count("publish-lab-report", "ok")).toBe(1);
    expect(count("extract-lab-report", "failed")).toBe(1);
    expect(text).toContain('heady_lab_report_failures_total{code="corrupt-pdf"} 1');
  });

  it("waits as long as OpenAI asks after a 429, then writes the description on the retry", async () => {
    // After the 429, every call is answered (the writer may ask twice if the guard rejects copy).
    const openai: OpenAiDouble = await startOpenAiDouble({
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
    // The OpenAI double is a real local server: let it past the Shopify double's msw interceptor.
    getShopify().server.use(http.all(`${openai.baseURL}/*`, () => passthrough()));
    try {
      openai.script({ kind: "rate-limited", retryAfterMs: 4_500 });
      const languageModel = createOpenAiLanguageModel({
        apiKey: "sk-test",
        baseURL: openai.baseURL,
        timeoutMs: 5_000,
      });
      const withModel = testPipelineDeps({
        db: database.prisma,
        apiUrlOf: () => getShopify().apiUrl,
        languageModel,
      });
      const { reportId, events } = await upload({ autoPublish: false });

      const first = await engineFor(events, withModel).untilStepRan("write-description");
      expect(first.step.error).toMatchObject({ name: "RetryAfterError" });
      // Inngest's retry-after is in whole seconds: 4.5 s becomes 5.
      expect(first.retriable).toBe("5");
      expect((await storedReport(reportId)).status).toBe("writing");

      const retry = await engineFor(events, withModel).untilStepRan("write-description", {
        steps: first.memoized,
      });
      expect(retry.step.error).toBeUndefined();
      expect(openai.requests.length).toBeGreaterThanOrEqual(2);
      const written = await database.prisma.description.findMany({ where: { reportId } });
      expect(written).toHaveLength(1);
      expect((await storedReport(reportId)).status).toBe("awaiting-approval");
    } finally {
      await openai.close();
    }
  });

  it("waits as long as Shopify's cost extension says after THROTTLED, then publishes once", async () => {
    const { reportId, events } = await upload({ autoPublish: true });
    getShopify().failNext(
      { kind: "throttled", requestedQueryCost: 352, currentlyAvailable: 52, restoreRate: 100 },
      "LabResultsProductUpdate",
    );

    const first = await engineFor(events).untilStepRan("publish-lab-report");
    expect(first.step.error).toMatchObject({ name: "RetryAfterError" });
    // (352 − 52) / 100 per second = 3 s.
    expect(first.retriable).toBe("3");

    const filesBefore = getShopify().state.filesCreated;
    const { result, error } = await engineFor(events).clone({ steps: first.memoized }).execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ status: "published" });
    expect((await storedReport(reportId)).status).toBe("published");
    const accepted = productUpdates().filter((o) => o.status === 200 && !hasErrors(o.body));
    expect(accepted).toHaveLength(1);
    // The retried step found the COA file the first try created: no second upload.
    expect(getShopify().state.filesCreated).toBe(filesBefore);
  });

  it("keeps the product as it was first found for Restore when a publish is retried after part of it went through", async () => {
    const { reportId, events } = await upload({ autoPublish: true });
    // The lab data goes through, then the batch record is throttled: Inngest retries the step,
    // which now finds this report's lab data on the product.
    getShopify().failNext({ kind: "throttled" }, "LabReportReferencesSet");

    const first = await engineFor(events).untilStepRan("publish-lab-report");
    expect(first.step.error).toMatchObject({ name: "RetryAfterError" });
    const { result } = await engineFor(events).clone({ steps: first.memoized }).execute();
    expect(result).toMatchObject({ status: "published" });

    const kept = await database.prisma.description.findMany({
      where: { reportId, source: "previous-product" },
    });
    expect(kept.map((d) => d.html)).toEqual(["<p>Old copy.</p>"]);
    // The retry found this report's lab block on the product; the one kept is from before it.
    const row = await storedReport(reportId);
    expect(JSON.parse(row.previousLabData ?? "null")).toEqual({
      labResults: [],
      references: [{ ownerId: productId, current: null, history: [] }],
    });
  });

  it("publishes once when the same upload event is delivered twice", async () => {
    const { reportId, events } = await upload({ autoPublish: true });

    const first = await engineFor(events).execute();
    const second = await engineFor(events).execute();

    expect(first.result).toMatchObject({ status: "published" });
    expect(second.result).toMatchObject({ status: "published", duplicate: true });
    expect(productUpdates()).toHaveLength(1);
    expect(
      await database.prisma.description.count({ where: { reportId, source: "template" } }),
    ).toBe(1);
    // Inngest itself drops the duplicate before it runs: same event id, and this idempotency key.
    const config = createProcessLabReport(deps)["getConfig"]({
      baseUrl: new URL("http://localhost/api/inngest"),
      appPrefix: "heady-lab-results",
    })[0];
    expect(config?.idempotency).toBe('event.data.reportId + "-" + string(event.data.attempt)');
  });

  it("is cancelled by an uninstall, and a run that outlives the uninstall publishes nothing", async () => {
    const { reportId, events } = await upload({ autoPublish: false });
    const fn = createProcessLabReport(deps);
    expect(fn.opts.cancelOn).toEqual([
      {
        event: expect.objectContaining({ name: "lab-report/deleted" }),
        if: "async.data.reportId == event.data.reportId",
      },
      {
        event: expect.objectContaining({ name: "shop/app.uninstalled" }),
        if: "async.data.shop == event.data.shop",
      },
    ]);

    // @inngest/test cannot deliver a cancellation event; what it can show is the app's own guard:
    // the shop is uninstalled while the run waits, and the approval that arrives later changes nothing.
    const waiting = await engineFor(events).executeStep("wait-for-approval");
    await database.prisma.shop.update({
      where: { domain: SHOP },
      data: { uninstalledAt: new Date() },
    });
    const { error } = await engineFor(events)
      .clone({
        steps: await memoizedSteps(waiting.state),
        transformCtx: (raw) => {
          const ctx = mockCtx(raw);
          const approval = {
            name: "lab-report/description.approved",
            id: "e",
            ts: 0,
            data: { reportId, shop: SHOP },
          };
          return {
            ...ctx,
            step: { ...ctx.step, waitForEvent: vi.fn(async () => approval) },
          } as typeof raw;
        },
      })
      .execute();

    expect(error).toMatchObject({ name: "NonRetriableError" });
    expect(productUpdates()).toHaveLength(0);
    expect(await storedReport(reportId)).toMatchObject({
      status: "failed",
      errorCode: "shop-uninstalled",
    });
  });

  it("records a run that gave up as failed, in plain words, and logs it for the operator", async () => {
    const { reportId } = await upload({ autoPublish: true });

    await recordRunFailure(deps, {
      originalEventData: uploadedEvent(reportId, SHOP).data,
      runId: "run-1",
      error: {
        name: "RetryAfterError",
        message: "Shopify asked us to slow down; publishing again shortly.",
      },
    });

    const row = await storedReport(reportId);
    expect(row.status).toBe("failed");
    expect(row.errorMessage).toMatch(/stopped after several attempts/);
    const log = await database.prisma.activityLog.findFirst({ where: { target: reportId } });
    expect(log).toMatchObject({ shop: SHOP, actor: "system", action: "lab-report.failed" });
  });

  it("leaves a published report published when a late retry of its run gives up", async () => {
    const { reportId, events } = await upload({ autoPublish: true });
    const { error } = await engineFor(events).execute();
    expect(error).toBeUndefined();
    expect((await storedReport(reportId)).status).toBe("published");

    // A stale delivery of the same run gives up after the report was published.
    await recordRunFailure(deps, {
      originalEventData: uploadedEvent(reportId, SHOP).data,
      runId: "run-late",
      error: { name: "Error", message: "socket hang up" },
    });

    const row = await storedReport(reportId);
    expect(row.status).toBe("published");
    expect(row.errorCode).toBeNull();
    expect(row.failedAt).toBeNull();
  });
});

function hasErrors(body: unknown): boolean {
  return typeof body === "object" && body !== null && "errors" in body;
}
