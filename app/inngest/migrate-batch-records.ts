import { inngest } from "./client";
import { batchRecordMigrationRequested, shopAppUninstalled } from "./events";
import type { ProductMigration } from "./batch-record-migration";
import { noteShop } from "~/service/request-context.server";
import { withStepErrors } from "./step-errors";

export const MIGRATE_BATCH_RECORDS_ID = "migrate-batch-records";
/** Products per step: a step is a handful of Admin calls per product, well inside a step's time. */
const PRODUCTS_PER_STEP = 10;

export interface MigrateBatchRecordsDeps {
  /** Whether the shop's migration is recorded as done. */
  migrated(shop: string): Promise<boolean>;
  /** The products with a published report that prints a batch, in a stable order. */
  listProducts(shop: string): Promise<string[]>;
  migrateProduct(shop: string, productId: string): Promise<ProductMigration>;
  recordMigrated(shop: string, summary: MigrationSummary): Promise<void>;
}

export type MigrationSummary = {
  products: number;
  entriesCreated: number;
  ownersUpdated: number;
  productsGone: number;
  refused: { productId: string; message: string }[];
};

/**
 * The batch record migration of one shop (docs/decisions/019): the `$app:lab_report` entries and
 * references for reports published before batch records existed. Recorded once done; a shop whose
 * migration is recorded is skipped, and a run again changes nothing (see batch-record-migration.ts).
 */
export function createMigrateBatchRecords(deps: MigrateBatchRecordsDeps) {
  return inngest.createFunction(
    {
      id: MIGRATE_BATCH_RECORDS_ID,
      name: "Migrate a shop's published reports to batch records",
      triggers: [batchRecordMigrationRequested],
      singleton: { key: "event.data.shop", mode: "skip" },
      idempotency: "event.data.shop",
      retries: 5,
      cancelOn: [{ event: shopAppUninstalled, if: "async.data.shop == event.data.shop" }],
    },
    async ({ event, step }) => {
      const { shop } = event.data;
      noteShop(shop);
      const plan = await step.run("plan-batch-record-migration", async () =>
        (await deps.migrated(shop)) ? null : await deps.listProducts(shop),
      );
      if (plan === null) return { shop, skipped: "already-migrated" as const };
      const summary: MigrationSummary = {
        products: plan.length,
        entriesCreated: 0,
        ownersUpdated: 0,
        productsGone: 0,
        refused: [],
      };
      for (let i = 0; i < plan.length; i += PRODUCTS_PER_STEP) {
        const chunk = plan.slice(i, i + PRODUCTS_PER_STEP);
        const results = await step.run(`migrate-products-${i / PRODUCTS_PER_STEP}`, async () => {
          const done: ProductMigration[] = [];
          for (const productId of chunk) {
            done.push(await withStepErrors(() => deps.migrateProduct(shop, productId)));
          }
          return done;
        });
        for (const result of results) {
          if (result.outcome === "migrated") {
            summary.entriesCreated += result.entriesCreated;
            summary.ownersUpdated += result.ownersUpdated;
          } else if (result.outcome === "product-gone") summary.productsGone += 1;
          else if (result.outcome === "refused")
            summary.refused.push({ productId: result.productId, message: result.message });
        }
      }
      await step.run("record-batch-record-migration", () => deps.recordMigrated(shop, summary));
      return { shop, ...summary };
    },
  );
}
