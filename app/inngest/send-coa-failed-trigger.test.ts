import { InngestTestEngine } from "@inngest/test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSendCoaFailedTriggerDeps } from "~/composition/coa-freshness-adapters.server";
import { FLOW_TRIGGER_PAYLOADS } from "~/integrations/shopify-admin-flow.server";
import type { LabReport } from "~/pipeline/lab-report";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import { declaredFlowTriggers } from "../../test/doubles/shopify-admin-metaobjects";
import {
  adminGraphqlFor,
  seedReport,
  testPipelineDeps,
  uploadedEvent,
} from "../../test/inngest/pipeline-harness";
import { flowerReport } from "../../test/writer-test-reports";
import { createProcessLabReport } from "./process-lab-report";
import { createSendCoaFailedTrigger } from "./send-coa-failed-trigger";

const SHOP = "failed.myshopify.com";
const double = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });
let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
  await database.prisma.shop.create({ data: { domain: SHOP } });
  double().state.flowTriggers.splice(0);
});
afterEach(() => database.cleanup());

function failingReport(): LabReport {
  const report = flowerReport();
  report.safety = {
    overall: "fail",
    panels: [
      { panel: "pesticides", status: "fail" },
      { panel: "heavy_metals", status: "fail" },
      { panel: "microbials", status: "pass" },
    ],
  };
  return report;
}

async function seedExtracted(productId: string | null, report: LabReport): Promise<string> {
  const id = await seedReport(database.prisma, {
    shop: SHOP,
    productId,
    fileName: "coa.pdf",
    bytes: new Uint8Array([37, 80, 68, 70]),
  });
  await database.prisma.labReport.update({
    where: { id },
    data: { report: JSON.stringify(report), status: "awaiting-approval" },
  });
  return id;
}

function run(reportId: string) {
  const engine = new InngestTestEngine({
    function: createSendCoaFailedTrigger(
      createSendCoaFailedTriggerDeps({
        db: database.prisma,
        adminFor: adminGraphqlFor(() => double().apiUrl),
      }),
    ),
    events: [{ name: "lab-report/safety.failed", data: { reportId, shop: SHOP } }],
  });
  return engine.execute();
}

describe("Shopify Flow's 'COA failed'", () => {
  it("is sent once per report with the failed panels, whatever the retries, with exactly the declared fields", async () => {
    const product = double().addProduct({ title: "Grape Gummies" });
    const reportId = await seedExtracted(product.id, failingReport());

    expect((await run(reportId)).result).toEqual({ reportId, sent: true });
    expect((await run(reportId)).result).toEqual({ reportId, sent: false });

    const sent = double().state.flowTriggers;
    expect(sent).toEqual([
      {
        handle: "coa-failed",
        payload: {
          product_id: Number(product.id.split("/").at(-1)),
          batch: "OH-2024-118",
          "failed panels": "pesticides, heavy metals",
          "lab name": "Example Analytical Labs",
        },
      },
    ]);
    const declared = declaredFlowTriggers()["coa-failed"] ?? [];
    expect(Object.keys(sent[0]?.payload ?? {}).sort()).toEqual([...declared].sort());
    expect(FLOW_TRIGGER_PAYLOADS["coa-failed"].safeParse(sent[0]?.payload).success).toBe(true);
  });

  it("is not sent for a report without a product or one whose COA passed", async () => {
    const orphan = await seedExtracted(null, failingReport());
    const passed = await seedExtracted(double().addProduct({ title: "Fine" }).id, flowerReport());
    expect((await run(orphan)).result).toEqual({ reportId: orphan, sent: false });
    expect((await run(passed)).result).toEqual({ reportId: passed, sent: false });
    expect(double().state.flowTriggers).toEqual([]);
  });

  it("is asked for by the pipeline right after extraction finds a failed safety panel, and only then", async () => {
    const product = double().addProduct({ title: "Cherry Punch" });
    for (const [report, expected] of [
      [failingReport(), 1],
      [flowerReport(), 0],
    ] as const) {
      const asked: string[] = [];
      const deps = {
        ...testPipelineDeps({ db: database.prisma, apiUrlOf: () => double().apiUrl }),
        extractLabReport: async () => ({
          ok: true as const,
          extraction: { report, warnings: [], uncertainFields: [] },
        }),
        reportSafetyFailed: async (_shop: string, reportId: string) => void asked.push(reportId),
      };
      const reportId = await seedReport(database.prisma, {
        shop: SHOP,
        productId: product.id,
        fileName: "coa.pdf",
        bytes: new Uint8Array([37, 80, 68, 70]),
      });
      const engine = new InngestTestEngine({
        function: createProcessLabReport(deps),
        events: [uploadedEvent(reportId, SHOP)],
      });
      await engine.executeStep("write-description");
      // @inngest/test replays a step while it looks for the next one; Inngest runs it once, and
      // the event id (the report's) makes a repeated ask a no-op anyway.
      expect([...new Set(asked)]).toEqual(expected === 1 ? [reportId] : []);
    }
  });
});
