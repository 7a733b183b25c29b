import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShopifyPublishingPort } from "~/integrations/shopify-publishing.server";
import { loadLabReport } from "~/merchant/lab-report-views.server";
import { restorePreviousDescription, retryLabReport } from "~/merchant/lab-report-actions.server";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import type { ProductState } from "../../test/doubles/shopify-admin-state";
import {
  adminGraphqlFor,
  corpusPdf,
  seedReport,
  seedShop,
  testPipelineDeps,
  uploadedEvent,
} from "../../test/inngest/pipeline-harness";
import { PipelineTestEngine } from "../../test/inngest/pipeline-harness";
import { createProcessLabReport } from "./process-lab-report";
import type { ProcessLabReportDeps } from "./process-lab-report-ports";

// Publishing is all or nothing for the merchant: whatever step Shopify refuses, the product keeps
// its own description and lab block, the report says which step failed, and Retry and Restore work.
const SHOP = "publish-steps.myshopify.com";
const getShopify = installShopifyAdminDouble({ beforeAll, afterAll }, { shop: SHOP, appId: "31" });
const LAB_RESULTS = "$app:lab_results";
const CHERRY_PUNCH = "01_sc-labs_cherry-punch.pdf";
const CLASSIC_JACK = "03_caligreen-cc_classic-jack.pdf";

let database: TestDatabase;
let deps: ProcessLabReportDeps;
let product: ProductState;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = testPipelineDeps({ db: database.prisma, apiUrlOf: () => getShopify().apiUrl });
  await seedShop(database.prisma, SHOP, { autoPublish: true });
  product = getShopify().addProduct({
    title: "Cherry Punch",
    descriptionHtml: "<p>Old copy.</p>",
    seo: { title: "Old title", description: "Old SEO" },
    variants: [{ title: "3.5g" }, { title: "7g" }],
  });
  // The lab block the theme shows today, from an earlier COA.
  getShopify().state.metafields.push({
    id: "gid://shopify/Metafield/1",
    ownerId: product.id,
    namespace: getShopify().state.resolveNamespace(LAB_RESULTS),
    key: "total_thc",
    type: "single_line_text_field",
    value: "18.2%",
    updatedAt: new Date().toISOString(),
  });
});
afterEach(async () => {
  await database?.cleanup();
});

async function publish(options: { file?: string; variantIds?: string[]; attempt?: number } = {}) {
  const file = options.file ?? CHERRY_PUNCH;
  const reportId = await seedReport(database.prisma, {
    shop: SHOP,
    productId: product.id,
    productTitle: product.title,
    fileName: file,
    bytes: corpusPdf(file),
    variantIds: options.variantIds ?? [],
  });
  return { reportId, ...(await run(reportId)) };
}

function run(reportId: string, attempt = 1) {
  const engine = new PipelineTestEngine({
    function: createProcessLabReport(deps),
    events: [uploadedEvent(reportId, SHOP, attempt)],
  });
  return engine.execute();
}

function storedReport(id: string) {
  return database.prisma.labReport.findUniqueOrThrow({ where: { id } });
}

function value(ownerId: string, namespace: string, key: string) {
  return getShopify().state.metafield(ownerId, namespace, key)?.value;
}

function references(ownerId: string) {
  return {
    current: value(ownerId, "$app", "lab_report") ?? null,
    history: JSON.parse(value(ownerId, "$app", "lab_report_history") ?? "[]") as string[],
  };
}

async function restore(reportId: string) {
  const admin = await adminGraphqlFor(() => getShopify().apiUrl)(SHOP);
  return restorePreviousDescription(
    {
      db: database.prisma,
      shopify: createShopifyPublishingPort(admin),
      now: () => new Date(),
    },
    { shop: SHOP, reportId },
  );
}

const refused = [{ field: ["value"], message: "Shopify refused it.", code: "INVALID_VALUE" }];

describe("publishing a lab report, step by step", () => {
  it("leaves the description and the lab block as they were when Shopify refuses the metafields, and the report can be retried and restored", async () => {
    getShopify().userErrorsNext("metafieldsSet", refused);
    const { reportId, error } = await publish();

    expect(error).toMatchObject({ name: "NonRetriableError" });
    expect(await storedReport(reportId)).toMatchObject({
      status: "failed",
      errorCode: "shopify-set-metafields",
    });
    expect(product.descriptionHtml).toBe("<p>Old copy.</p>");
    expect(product.seo).toEqual({ title: "Old title", description: "Old SEO" });
    expect(value(product.id, LAB_RESULTS, "total_thc")).toBe("18.2%");
    expect(value(product.id, LAB_RESULTS, "summary")).toBeUndefined();
    expect((await loadLabReport(database.prisma, SHOP, reportId))?.canRestorePrevious).toBe(true);

    const retried = await retryLabReport(
      { db: database.prisma, sendUploaded: async () => {}, now: () => new Date() },
      { shop: SHOP, reportId },
    );
    expect(retried.ok).toBe(true);
    expect((await run(reportId, 2)).error).toBeUndefined();
    expect((await storedReport(reportId)).status).toBe("published");
    expect(product.descriptionHtml).toContain("SC Labs");
  });

  it("uploads the COA to Shopify Files once, however often a publish that failed later is retried", async () => {
    const filesBefore = getShopify().state.filesCreated;
    getShopify().userErrorsNext("productUpdate", refused);
    const { reportId } = await publish();
    expect(await storedReport(reportId)).toMatchObject({
      status: "failed",
      errorCode: "shopify-update-description",
    });
    expect(getShopify().state.filesCreated - filesBefore).toBe(1);

    await retryLabReport(
      { db: database.prisma, sendUploaded: async () => {}, now: () => new Date() },
      { shop: SHOP, reportId },
    );
    expect((await run(reportId, 2)).error).toBeUndefined();

    expect(getShopify().state.filesCreated - filesBefore).toBe(1);
    const row = await storedReport(reportId);
    expect(row.status).toBe("published");
    expect(row.coaFileId).toMatch(/^gid:\/\/shopify\/GenericFile\//);
    expect(value(product.id, LAB_RESULTS, "coa_file")).toBe(row.coaFileId);
  });

  it("puts the lab block back when Shopify refuses the batch record, so the old copy never sits beside new lab data", async () => {
    getShopify().userErrorsNext("metaobjectUpsert", refused);
    const { reportId } = await publish();

    const row = await storedReport(reportId);
    expect(row).toMatchObject({ status: "failed", errorCode: "shopify-publish-batch-record" });
    expect(row.errorMessage).toMatch(/left as it was/);
    expect(product.descriptionHtml).toBe("<p>Old copy.</p>");
    expect(value(product.id, LAB_RESULTS, "total_thc")).toBe("18.2%");
    expect(value(product.id, LAB_RESULTS, "summary")).toBeUndefined();
    expect(value(product.id, LAB_RESULTS, "coa_file")).toBeUndefined();
    expect(references(product.id)).toEqual({ current: null, history: [] });

    // Restore is still offered, and changes nothing more.
    expect((await loadLabReport(database.prisma, SHOP, reportId))?.canRestorePrevious).toBe(true);
    expect(await restore(reportId)).toMatchObject({ ok: true });
    expect(value(product.id, LAB_RESULTS, "total_thc")).toBe("18.2%");
    expect(product.descriptionHtml).toBe("<p>Old copy.</p>");
  });

  it.each([
    ["description", "productUpdate", "shopify-update-description"],
    ["metafields", "metafieldsSet", "shopify-set-metafields"],
  ])(
    "puts back the product as first found when a retry, after part of the publish went through, has its %s refused",
    async (_, mutation, code) => {
      const reportId = await seedReport(database.prisma, {
        shop: SHOP,
        productId: product.id,
        productTitle: product.title,
        fileName: CHERRY_PUNCH,
        bytes: corpusPdf(CHERRY_PUNCH),
      });
      const engine = new PipelineTestEngine({
        function: createProcessLabReport(deps),
        events: [uploadedEvent(reportId, SHOP)],
      });
      // The lab data and the batch record go through; the description is throttled.
      getShopify().failNext({ kind: "throttled" }, "LabResultsProductUpdate");
      const first = await engine.untilStepRan("publish-lab-report");
      expect(first.step.error).toMatchObject({ name: "RetryAfterError" });
      expect(value(product.id, LAB_RESULTS, "summary")).toBeDefined();

      // Inngest retries the step, which finds this report's lab data on the product; now Shopify
      // refuses a step.
      getShopify().userErrorsNext(mutation, refused);
      await engine.clone({ steps: first.memoized }).execute();

      expect(await storedReport(reportId)).toMatchObject({
        status: "failed",
        errorCode: code,
      });
      expect(value(product.id, LAB_RESULTS, "total_thc")).toBe("18.2%");
      expect(value(product.id, LAB_RESULTS, "summary")).toBeUndefined();
      expect(references(product.id)).toEqual({ current: null, history: [] });
      expect(product.descriptionHtml).toBe("<p>Old copy.</p>");
    },
  );

  it("when putting the product back is refused too, Restore removes the references the publish added and puts back those it replaced", async () => {
    const [small, large] = product.variants;
    if (!small || !large) throw new Error("fixture");
    // The 7g variant already shows an older batch.
    const old = getShopify().state.metaobjects.upsert(
      { type: "$app:lab_report", handle: "batch-old-7" },
      { fields: [{ key: "batch", value: "OLD-7" }] },
    ).metaobject;
    if (!old) throw new Error("fixture");
    getShopify().state.metafields.push({
      id: "gid://shopify/Metafield/2",
      ownerId: large.id,
      namespace: getShopify().state.resolveNamespace("$app"),
      key: "lab_report",
      type: "metaobject_reference",
      value: old.id,
      updatedAt: new Date().toISOString(),
    });
    getShopify().userErrorsNext("productUpdate", refused);
    getShopify().userErrorsNext("metafieldsDelete", refused, "LabReportReferencesDelete");
    const { reportId } = await publish({ variantIds: [small.id, large.id] });
    const row = await storedReport(reportId);
    expect(row.errorCode).toBe("shopify-update-description");
    expect(row.errorMessage).toMatch(/restore the previous product description/);
    expect(product.descriptionHtml).toBe("<p>Old copy.</p>");
    // The batch record went through, and clearing its references was refused.
    expect(references(small.id).current).not.toBeNull();
    expect(references(large.id).history).toEqual([old.id]);

    expect(await restore(reportId)).toMatchObject({ ok: true });
    expect(references(product.id)).toEqual({ current: null, history: [] });
    expect(references(small.id)).toEqual({ current: null, history: [] });
    expect(references(large.id)).toEqual({ current: old.id, history: [] });
    expect(value(product.id, LAB_RESULTS, "total_thc")).toBe("18.2%");
    expect(value(product.id, LAB_RESULTS, "summary")).toBeUndefined();
    expect(product.descriptionHtml).toBe("<p>Old copy.</p>");
    expect(product.seo).toEqual({ title: "Old title", description: "Old SEO" });
  });

  it("points the chosen variants at their COA and keeps the earlier batch in their history on the next upload", async () => {
    const [small, large] = product.variants;
    if (!small || !large) throw new Error("fixture");
    const first = await publish({ variantIds: [small.id] });
    expect(first.error).toBeUndefined();
    const firstEntry = references(small.id).current;
    expect(firstEntry).not.toBeNull();
    // A product with no report of its own shows its variant's, so a theme without JavaScript has one.
    expect(references(product.id)).toEqual({ current: firstEntry, history: [] });

    const second = await publish({ file: CLASSIC_JACK, variantIds: [small.id] });
    expect(second.error).toBeUndefined();
    const secondEntry = references(small.id).current;
    expect(secondEntry).not.toBe(firstEntry);
    expect(references(small.id)).toEqual({ current: secondEntry, history: [firstEntry] });
    expect(references(large.id)).toEqual({ current: null, history: [] });
    expect(references(product.id)).toEqual({ current: secondEntry, history: [firstEntry] });
  });
});
