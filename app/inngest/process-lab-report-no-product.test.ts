import { mockCtx } from "@inngest/test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import {
  adminGraphqlFor,
  corpusPdf,
  memoizedSteps,
  PipelineTestEngine,
  seedReport,
  seedShop,
  testPipelineDeps,
  uploadedEvent,
} from "../../test/inngest/pipeline-harness";
import { approveDescription } from "~/merchant/lab-report-actions.server";
import { confirmMatches } from "~/merchant/product-assignment.server";
import { readProductVariants } from "~/integrations/shopify-admin-catalog.server";
import { createProcessLabReport } from "./process-lab-report";
import type { ProcessLabReportDeps } from "./process-lab-report-ports";

// A bulk upload stores reports without a product: they are read and written, then wait for the
// merchant to confirm a product. Nothing reaches Shopify before that, even in an auto-publishing
// shop, and a confirmed match is what lets the report publish.
const SHOP = "no-product.myshopify.com";
const CLEAN_COA = "01_sc-labs_cherry-punch.pdf";
const shopify = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP });

let database: TestDatabase;
let deps: ProcessLabReportDeps;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = testPipelineDeps({ db: database.prisma, apiUrlOf: () => shopify().apiUrl });
});
afterEach(async () => {
  await database?.cleanup();
});

async function uploadWithoutProduct() {
  await seedShop(database.prisma, SHOP, { autoPublish: true });
  const reportId = await seedReport(database.prisma, {
    shop: SHOP,
    productId: null,
    fileName: "coa-1.pdf",
    bytes: corpusPdf(CLEAN_COA),
  });
  const events = [uploadedEvent(reportId, SHOP)] as [ReturnType<typeof uploadedEvent>];
  return { reportId, events };
}

function writes(from: number) {
  return shopify()
    .operations.slice(from)
    .filter((o) => /mutation/.test(o.query));
}

const actionDeps = (sent: unknown[]) => ({
  db: database.prisma,
  sendApproved: async (input: unknown) => {
    sent.push(input);
  },
  now: () => new Date(),
});

describe("a report uploaded without a product", () => {
  it("is read and written but waits for a product, even when the shop auto-publishes", async () => {
    const before = shopify().operations.length;
    const { reportId, events } = await uploadWithoutProduct();
    const engine = new PipelineTestEngine({ function: createProcessLabReport(deps), events });

    const waiting = await engine.executeStep("wait-for-approval");

    expect(waiting.step).toMatchObject({ op: "WaitForEvent" });
    const row = await database.prisma.labReport.findUniqueOrThrow({ where: { id: reportId } });
    expect(row.status).toBe("awaiting-approval");
    expect(row.report).not.toBeNull();
    expect(writes(before)).toEqual([]);
  });

  it("cannot be approved until its product is confirmed; then it can", async () => {
    const { reportId, events } = await uploadWithoutProduct();
    const engine = new PipelineTestEngine({ function: createProcessLabReport(deps), events });
    await engine.executeStep("wait-for-approval");
    const sent: unknown[] = [];

    const refused = await approveDescription(actionDeps(sent), { shop: SHOP, reportId });
    expect(refused).toMatchObject({ ok: false, reason: "rejected" });
    expect(refused.ok ? "" : refused.message).toMatch(/Choose the product/);
    expect(sent).toEqual([]);

    const product = shopify().addProduct({ title: "Cherry Punch", variants: [{ title: "3.5g" }] });
    const admin = await adminGraphqlFor(() => shopify().apiUrl)(SHOP);
    const confirmed = await confirmMatches(
      { db: database.prisma, readProduct: (id) => readProductVariants(admin, id) },
      SHOP,
      [{ reportId, productId: product.id, variantIds: [] }],
    );
    expect(confirmed).toMatchObject({ ok: true, linked: [reportId], refused: [] });
    const row = await database.prisma.labReport.findUniqueOrThrow({ where: { id: reportId } });
    expect(row).toMatchObject({ productId: product.id, productTitle: "Cherry Punch" });

    const approved = await approveDescription(actionDeps(sent), { shop: SHOP, reportId });
    expect(approved.ok).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it("fails instead of publishing when an approval reaches it without a product", async () => {
    const before = shopify().operations.length;
    const { reportId, events } = await uploadWithoutProduct();
    const engine = new PipelineTestEngine({ function: createProcessLabReport(deps), events });
    const waiting = await engine.executeStep("wait-for-approval");
    const approval = {
      name: "lab-report/description.approved",
      id: "evt-approval",
      ts: Date.now(),
      data: { reportId, shop: SHOP },
    };
    const waitForEvent = vi.fn(async () => approval);

    const { error } = await engine
      .clone({
        steps: await memoizedSteps(waiting.state),
        transformCtx: (raw) => {
          const ctx = mockCtx(raw);
          return { ...ctx, step: { ...ctx.step, waitForEvent } } as typeof raw;
        },
      })
      .execute();

    expect(error).toBeDefined();
    const row = await database.prisma.labReport.findUniqueOrThrow({ where: { id: reportId } });
    expect(row).toMatchObject({ status: "failed", errorCode: "no-product", publishedAt: null });
    expect(writes(before)).toEqual([]);
  });
});
