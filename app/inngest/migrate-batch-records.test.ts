import { InngestTestEngine } from "@inngest/test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BATCH_RECORD_MIGRATION_DONE,
  createMigrateBatchRecordsDeps,
} from "~/composition/batch-record-migration-adapters.server";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import {
  setLabReportReferences,
  upsertLabReportEntry,
} from "~/integrations/shopify-admin-lab-report-entries.server";
import { planLabReportEntry } from "~/pipeline/lab-report-entry";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { installShopifyAdminDouble } from "../../test/doubles/shopify-admin";
import { adminGraphqlFor } from "../../test/inngest/pipeline-harness";
import { seedPublishedReport } from "../../test/published-reports";
import { flowerReport } from "../../test/writer-test-reports";
import { createMigrateBatchRecords } from "./migrate-batch-records";

const SHOP = "migrate.myshopify.com";
const double = installShopifyAdminDouble(
  { beforeAll, afterAll },
  { shop: SHOP, primaryDomainUrl: "https://shop.example" },
);
const adminFor = adminGraphqlFor(() => double().apiUrl);
let database: TestDatabase;
let mark = 0;

beforeEach(async () => {
  database = await createTestDatabase();
  await database.prisma.shop.create({ data: { domain: SHOP } });
  mark = double().operations.length;
});
afterEach(() => database.cleanup());

function migrate() {
  return new InngestTestEngine({
    function: createMigrateBatchRecords(
      createMigrateBatchRecordsDeps({ db: database.prisma, adminFor }),
    ),
    events: [{ name: "shop/batch-record-migration.requested", data: { shop: SHOP } }],
  }).execute();
}

/** Names of the Admin operations sent since `mark`. */
function operationsSince(): (string | null)[] {
  return double().operationNames().slice(mark);
}

function references(ownerId: string) {
  const state = double().state;
  const history = state.metafield(ownerId, "$app", "lab_report_history")?.value;
  return {
    current: state.metafield(ownerId, "$app", "lab_report")?.value ?? null,
    history: history ? (JSON.parse(history) as string[]) : [],
  };
}

function entry(batchHandle: string) {
  const found = double().state.metaobjects.byHandle({
    type: "$app:lab_report",
    handle: batchHandle,
  });
  if (!found) throw new Error(`no entry ${batchHandle}`);
  return { id: found.id, fields: Object.fromEntries(found.fields.map((f) => [f.key, f.value])) };
}

/** A COA file in Shopify's Files that the product's lab results point at, as publishing left it. */
function attachCoaFile(productId: string): string {
  const state = double().state;
  const id = `gid://shopify/GenericFile/${9_000_000 + state.files.size}`;
  state.files.set(id, {
    id,
    filename: "coa.pdf",
    originalSource: "https://example.invalid/coa.pdf",
    mimeType: "application/pdf",
    alt: null,
    status: "READY",
    polls: 0,
    bytes: new Uint8Array([1]),
    createdAt: new Date().toISOString(),
  });
  state.metafields.push({
    id: `gid://shopify/Metafield/${9_000_000 + state.metafields.length}`,
    ownerId: productId,
    namespace: state.resolveNamespace("$app:lab_results"),
    key: "coa_file",
    type: "file_reference",
    value: id,
    updatedAt: new Date().toISOString(),
  });
  return id;
}

describe("the batch record migration", () => {
  it("gives two reports published before batch records one entry each, the latest current and the other in history, and a second run changes nothing", async () => {
    const product = double().addProduct({ title: "Cherry Punch 3.5g" });
    const fileId = attachCoaFile(product.id);
    const db = database.prisma;
    await seedPublishedReport(db, {
      shop: SHOP,
      productId: product.id,
      batch: "CP-0101",
      dateTested: "2025-05-20",
      publishedAt: new Date("2025-06-01T10:00:00Z"),
    });
    await seedPublishedReport(db, {
      shop: SHOP,
      productId: product.id,
      batch: "CP-0202",
      dateTested: "2026-01-20",
      publishedAt: new Date("2026-02-01T10:00:00Z"),
    });
    // Not published: no entry.
    await seedPublishedReport(db, {
      shop: SHOP,
      productId: product.id,
      batch: "CP-0303",
      dateTested: "2026-03-01",
      publishedAt: new Date("2026-03-02T10:00:00Z"),
      status: "awaiting-approval",
    });

    const first = await migrate();
    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({ products: 1, entriesCreated: 2, ownersUpdated: 1 });
    const older = entry("batch-cp-0101");
    const latest = entry("batch-cp-0202");
    expect(references(product.id)).toEqual({ current: latest.id, history: [older.id] });
    expect(latest.fields).toMatchObject({
      batch: "CP-0202",
      test_date: "2026-01-20",
      coa_file: fileId,
      lookup_url: "https://shop.example/apps/lab/CP-0202",
    });
    // The product's file is its latest COA's, so the older entry gets none.
    expect(older.fields.coa_file).toBeUndefined();
    expect(double().state.metaobjects.entries.size).toBe(2);
    const recorded = await db.activityLog.findMany({
      where: { shop: SHOP, action: BATCH_RECORD_MIGRATION_DONE },
    });
    expect(recorded).toHaveLength(1);

    // Recorded as done: the next request does nothing at all.
    mark = double().operations.length;
    expect((await migrate()).result).toEqual({ shop: SHOP, skipped: "already-migrated" });
    expect(operationsSince()).toEqual([]);

    // Even run again from scratch, it writes nothing: every entry and reference is as it should be.
    await db.activityLog.deleteMany({ where: { action: BATCH_RECORD_MIGRATION_DONE } });
    const before = JSON.stringify([...double().state.metaobjects.entries.values()]);
    mark = double().operations.length;
    expect((await migrate()).result).toMatchObject({ entriesCreated: 0, ownersUpdated: 0 });
    expect(operationsSince()).not.toContain("LabReportEntryUpsert");
    expect(operationsSince()).not.toContain("LabReportReferencesSet");
    expect(JSON.stringify([...double().state.metaobjects.entries.values()])).toBe(before);
    expect(references(product.id)).toEqual({ current: latest.id, history: [older.id] });
  });

  it("keeps a batch published since as it is, puts the older one behind it, and gives a variant its own report", async () => {
    const product = double().addProduct({
      title: "Grape Gummies",
      variants: [{ title: "10 pack" }, { title: "30 pack" }],
    });
    const thirtyPack = product.variants[1]?.id ?? "";
    const db = database.prisma;
    await seedPublishedReport(db, {
      shop: SHOP,
      productId: product.id,
      batch: "GG-1",
      dateTested: "2025-01-10",
      publishedAt: new Date("2025-01-15T00:00:00Z"),
    });
    await seedPublishedReport(db, {
      shop: SHOP,
      productId: product.id,
      batch: "GG-2",
      dateTested: "2026-01-10",
      publishedAt: new Date("2026-01-15T00:00:00Z"),
    });
    await seedPublishedReport(db, {
      shop: SHOP,
      productId: product.id,
      variantIds: [thirtyPack],
      batch: "GG-30",
      dateTested: "2026-02-10",
      publishedAt: new Date("2026-02-15T00:00:00Z"),
    });
    // GG-2 was published after batch records existed: its entry and the product's reference exist.
    const admin: AdminGraphql = await adminFor(SHOP);
    const report = flowerReport();
    report.sample.batch = "GG-2";
    const upserted = await upsertLabReportEntry(
      admin,
      planLabReportEntry({
        report,
        batch: "GG-2",
        lookupUrl: "https://shop.example/apps/lab/GG-2",
      }),
    );
    if (!upserted.ok) throw new Error("publishing GG-2 failed");
    const referenced = await setLabReportReferences(admin, [
      { ownerId: product.id, current: upserted.value.id, history: [] },
    ]);
    if (!referenced.ok) throw new Error("referencing GG-2 failed");
    const gg2 = entry("batch-gg-2");
    const gg2Before = JSON.stringify(double().state.metaobjects.byId(gg2.id));

    const run = await migrate();
    expect(run.error).toBeUndefined();
    const gg1 = entry("batch-gg-1");
    const gg30 = entry("batch-gg-30");
    expect(references(product.id)).toEqual({ current: gg2.id, history: [gg1.id] });
    expect(references(thirtyPack)).toEqual({ current: gg30.id, history: [] });
    expect(references(product.variants[0]?.id ?? "")).toEqual({ current: null, history: [] });
    expect(JSON.stringify(double().state.metaobjects.byId(gg2.id))).toBe(gg2Before);
  });
});
