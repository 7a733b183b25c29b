import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql, ShopifyUserError } from "~/integrations/shopify-admin-client.server";
import { findLabReportEntryId } from "~/integrations/shopify-admin-batch-record-lookups.server";
import {
  setLabReportReferences,
  upsertLabReportEntry,
} from "~/integrations/shopify-admin-lab-report-entries.server";
import { readPublishingProduct } from "~/integrations/shopify-publishing.server";
import type { ProductOnShopify } from "~/pipeline/shopify-publishing-port";
import { readShopOrigin } from "~/integrations/shopify-admin-shop.server";
import {
  migrateProductBatchRecords,
  type BatchRecordMigrationPorts,
} from "~/inngest/batch-record-migration";
import type { MigrateBatchRecordsDeps } from "~/inngest/migrate-batch-records";
import { recordActivity, recordedActions } from "~/models/activity.server";
import { listPublications, readPublishedReports } from "~/models/published-report.server";
import { batchLookupUrl } from "~/pipeline/lookup-url";

/**
 * The real pieces behind migrate-batch-records: the shop's publications from app/models and the
 * entry and reference operations publishing itself uses (shopify-admin-lab-report-entries).
 */

export const BATCH_RECORD_MIGRATION_DONE = "migration.batch-records";

const message = (errors: ShopifyUserError[]) => errors.map((e) => e.message).join(" ");

export function createMigrateBatchRecordsDeps(options: {
  db: PrismaClient;
  adminFor(shop: string): Promise<AdminGraphql>;
}): MigrateBatchRecordsDeps {
  const { db } = options;
  return {
    async migrated(shop) {
      return (await recordedActions(db, shop, [BATCH_RECORD_MIGRATION_DONE])).has(
        BATCH_RECORD_MIGRATION_DONE,
      );
    },
    async listProducts(shop) {
      const publications = await listPublications(db, shop);
      return [...new Set(publications.filter((p) => p.batch).map((p) => p.productId))];
    },
    async migrateProduct(shop, productId) {
      const admin = await options.adminFor(shop);
      const origin = await readShopOrigin(admin);
      return migrateProductBatchRecords(migrationPorts(db, shop, admin, origin), productId);
    },
    async recordMigrated(shop, summary) {
      await recordActivity(db, {
        shop,
        actor: "system",
        action: BATCH_RECORD_MIGRATION_DONE,
        details: { ...summary, refused: summary.refused.slice(0, 20) },
      });
    },
  };
}

function migrationPorts(
  db: PrismaClient,
  shop: string,
  admin: AdminGraphql,
  origin: string,
): BatchRecordMigrationPorts {
  // One read of a product serves both its references and its COA file (the lab block's coa_file).
  const products = new Map<string, ProductOnShopify | null>();
  const readProduct = async (productId: string) => {
    if (!products.has(productId)) {
      products.set(productId, await readPublishingProduct(admin, productId));
    }
    return products.get(productId) ?? null;
  };
  return {
    async publications(productId) {
      const all = await listPublications(db, shop, { productId });
      return all.flatMap((p) => (p.batch ? [{ ...p, batch: p.batch }] : []));
    },
    readReports: (ids) => readPublishedReports(db, shop, ids),
    findEntryId: (handle) => findLabReportEntryId(admin, handle),
    async createEntry(entry) {
      const upserted = await upsertLabReportEntry(admin, entry);
      return upserted.ok
        ? { ok: true, id: upserted.value.id }
        : { ok: false, message: message(upserted.userErrors) };
    },
    async readReferences(productId) {
      const product = await readProduct(productId);
      if (!product) return null;
      return {
        references: product.references,
        variants: product.variants.map((v) => ({
          id: v.id,
          current: v.current,
          history: v.history,
        })),
      };
    },
    async setReferences(owners) {
      const set = await setLabReportReferences(
        admin,
        owners.map(({ ownerId, references }) => ({ ownerId, ...references })),
      );
      return set.ok ? { ok: true } : { ok: false, message: message(set.userErrors) };
    },
    async productCoaFileId(productId) {
      const product = await readProduct(productId);
      return product?.labResults.find((m) => m.key === "coa_file")?.value ?? null;
    },
    lookupUrl: (batch) => batchLookupUrl(origin, batch),
  };
}
