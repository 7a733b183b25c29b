import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planLabReportEntry, referencesAfterPublish } from "~/pipeline/lab-report-entry";
import { publishLabReport } from "~/pipeline/publish-lab-report";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import { flowerReport } from "../../test/writer-test-reports";
import type { AdminGraphql } from "./shopify-admin-client.server";
import {
  removeLabReportReferences,
  setLabReportReferences,
  upsertLabReportEntry,
} from "./shopify-admin-lab-report-entries.server";
import { createShopifyPublishingPort, readPublishingProduct } from "./shopify-publishing.server";

const double = installShopifyAdminDouble(
  { beforeAll, afterAll },
  { shop: "batches.myshopify.com", appId: "4242" },
);
const admin: AdminGraphql = (query, options) =>
  fetch(double().apiUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_test" },
    body: JSON.stringify({ query, variables: options?.variables ?? {} }),
  });

function entryFor(batch: string) {
  const report = flowerReport();
  report.sample.batch = batch;
  return planLabReportEntry({
    report,
    batch,
    lookupUrl: `https://shop.example/apps/lab/${batch}`,
  });
}

/** The batch-record step as publishLabReport runs it: the entry, then the references the pipeline plans. */
async function publishBatchRecord(input: {
  productId: string;
  variantIds: string[];
  entry: ReturnType<typeof entryFor>;
}) {
  const upserted = await upsertLabReportEntry(admin, input.entry);
  if (!upserted.ok) return upserted;
  const before = await readPublishingProduct(admin, input.productId);
  if (!before) throw new Error("fixture");
  const owners = referencesAfterPublish(before, input.variantIds, upserted.value.id);
  const set = await setLabReportReferences(admin, owners);
  if (!set.ok) return set;
  const product = owners.find((o) => o.ownerId === before.id) ?? {
    ownerId: before.id,
    ...before.references,
  };
  return {
    ok: true as const,
    value: {
      entryId: upserted.value.id,
      product: { current: product.current, history: product.history },
    },
  };
}

async function storedReferences(productId: string) {
  const product = await readPublishingProduct(admin, productId);
  return product && { references: product.references, variants: product.variants };
}

describe("batch records on products and variants", () => {
  it("keeps the earlier batch as history when a second COA is published for the same product", async () => {
    const product = double().addProduct({
      title: "Orchard Haze",
      variants: [{ title: "3.5g" }, { title: "7g" }],
    });
    const first = await publishBatchRecord({
      productId: product.id,
      variantIds: [],
      entry: entryFor("OH-1"),
    });
    const second = await publishBatchRecord({
      productId: product.id,
      variantIds: [],
      entry: entryFor("OH-2"),
    });
    if (!first.ok || !second.ok) throw new Error(JSON.stringify([first, second]));

    const stored = await storedReferences(product.id);
    expect(stored?.references).toEqual({
      current: second.value.entryId,
      history: [first.value.entryId],
    });
    // Nothing was deleted: both batches are still entries of the app's type.
    const entries = [...double().state.metaobjects.entries.values()];
    expect(entries.map((e) => [e.type, e.handle])).toEqual(
      expect.arrayContaining([
        ["app--4242--lab_report", "batch-oh-1"],
        ["app--4242--lab_report", "batch-oh-2"],
      ]),
    );
    // A third upload of the first batch updates its entry and brings it back as current.
    const again = await publishBatchRecord({
      productId: product.id,
      variantIds: [],
      entry: entryFor("oh-1"),
    });
    if (!again.ok) throw new Error(JSON.stringify(again));
    expect(again.value.entryId).toBe(first.value.entryId);
    expect(again.value.product).toEqual({
      current: first.value.entryId,
      history: [second.value.entryId],
    });
  });

  it("assigns a report to chosen variants only, leaving the others and the product's own report", async () => {
    const product = double().addProduct({
      title: "Gummies",
      variants: [{ title: "10mg" }, { title: "30mg" }],
    });
    const [ten, thirty] = product.variants;
    if (!ten || !thirty) throw new Error("fixture");
    const whole = await publishBatchRecord({
      productId: product.id,
      variantIds: [],
      entry: entryFor("GUM-A"),
    });
    const forThirty = await publishBatchRecord({
      productId: product.id,
      variantIds: [thirty.id],
      entry: entryFor("GUM-30-B"),
    });
    if (!whole.ok || !forThirty.ok) throw new Error(JSON.stringify([whole, forThirty]));

    const stored = await storedReferences(product.id);
    expect(stored?.references.current).toBe(whole.value.entryId);
    const byId = new Map(stored?.variants.map((v) => [v.id, v]));
    expect(byId.get(thirty.id)).toMatchObject({ current: forThirty.value.entryId, history: [] });
    expect(byId.get(ten.id)).toMatchObject({ current: null, history: [] });
  });

  it("gives a product with no report yet the variant's report too, so a theme without JavaScript shows one", async () => {
    const product = double().addProduct({
      title: "Tincture",
      variants: [{ title: "15ml" }, { title: "30ml" }],
    });
    const variant = product.variants[1];
    if (!variant) throw new Error("fixture");
    const record = await publishBatchRecord({
      productId: product.id,
      variantIds: [variant.id],
      entry: entryFor("TIN-30"),
    });
    if (!record.ok) throw new Error(JSON.stringify(record));
    expect(record.value.product.current).toBe(record.value.entryId);
  });

  it("refuses a variant of another product before changing anything", async () => {
    const a = double().addProduct({ title: "A" });
    const b = double().addProduct({ title: "B" });
    const before = double().state.metafields.length;
    const report = flowerReport();
    report.sample.batch = "X-1";
    const result = await publishLabReport(
      {
        productId: a.id,
        variantIds: [b.variants[0]?.id ?? ""],
        report,
        description: { descriptionHtml: "<p>X</p>", seoTitle: "X", seoDescription: "X" },
        coaFile: null,
        coaFileId: null,
      },
      createShopifyPublishingPort(admin),
      { keepPrevious: async (previous) => previous.labData, keepCoaFileId: async () => {} },
    );
    expect(result).toMatchObject({ ok: false, step: "read-product" });
    expect(double().state.metafields.length).toBe(before);
    expect(double().state.products.get(a.id)?.descriptionHtml).toBe("");
  });

  it("clears the references it is told to, and a reference that is not there is no error", async () => {
    const product = double().addProduct({ title: "Balm" });
    const record = await publishBatchRecord({
      productId: product.id,
      variantIds: [],
      entry: entryFor("BALM-1"),
    });
    if (!record.ok) throw new Error(JSON.stringify(record));
    const cleared = await removeLabReportReferences(admin, [
      { ownerId: product.id, key: "lab_report" },
      { ownerId: product.id, key: "lab_report_history" },
    ]);
    expect(cleared).toEqual({ ok: true, value: null });
    expect((await storedReferences(product.id))?.references).toEqual({
      current: null,
      history: [],
    });
  });
});
