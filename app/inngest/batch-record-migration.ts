import type { LabReport } from "~/pipeline/lab-report";
import {
  labReportHandle,
  nextReferences,
  planLabReportEntry,
  type LabReportEntry,
  type References,
} from "~/pipeline/lab-report-entry";

/**
 * The data migration for shops that published before batch records existed: each published report
 * with a printed batch gets its `$app:lab_report` entry, and the product and its variants point at
 * them as publishing does today — replayed oldest publication first, so the latest ends current and
 * the rest in the history. Idempotent: an entry that exists is reused and never rewritten (it may
 * be a batch published since, with its COA file), and references already as they should be are
 * not written again.
 */

export type MigrationPublication = {
  id: string;
  variantIds: string[];
  batch: string;
  publishedAt: Date;
};

export type ProductReferencesNow = {
  references: References;
  variants: { id: string; current: string | null; history: string[] }[];
};

export interface BatchRecordMigrationPorts {
  /** This product's published reports with a printed batch, oldest publication first. */
  publications(productId: string): Promise<MigrationPublication[]>;
  readReports(ids: string[]): Promise<Map<string, LabReport>>;
  findEntryId(handle: string): Promise<string | null>;
  /** Creates the entry; userErrors come back as a message. */
  createEntry(
    entry: LabReportEntry,
  ): Promise<{ ok: true; id: string } | { ok: false; message: string }>;
  readReferences(productId: string): Promise<ProductReferencesNow | null>;
  setReferences(
    owners: { ownerId: string; references: References }[],
  ): Promise<{ ok: true } | { ok: false; message: string }>;
  /** The file the product's lab results point at today (its latest published COA). */
  productCoaFileId(productId: string): Promise<string | null>;
  lookupUrl(batch: string): string;
}

export type ProductMigration =
  | { productId: string; outcome: "migrated"; entriesCreated: number; ownersUpdated: number }
  | { productId: string; outcome: "product-gone" | "nothing-published" }
  | { productId: string; outcome: "refused"; message: string };

const same = (a: References, b: References) =>
  a.current === b.current && JSON.stringify(a.history) === JSON.stringify(b.history);

/** The replayed references, with anything the owner held that the replay does not know kept last. */
function keepExisting(replayed: References, existing: References): References {
  if (replayed.current === null) return existing;
  const known = new Set([replayed.current, ...replayed.history]);
  const extra = [existing.current, ...existing.history].filter(
    (id): id is string => id !== null && !known.has(id),
  );
  return { current: replayed.current, history: [...replayed.history, ...new Set(extra)] };
}

export async function migrateProductBatchRecords(
  ports: BatchRecordMigrationPorts,
  productId: string,
): Promise<ProductMigration> {
  const publications = await ports.publications(productId);
  if (publications.length === 0) return { productId, outcome: "nothing-published" };
  const now = await ports.readReferences(productId);
  if (!now) return { productId, outcome: "product-gone" };

  // One entry per batch, written from the batch's latest publication; only a missing one is created.
  const latestOfBatch = new Map<string, MigrationPublication>();
  for (const publication of publications) {
    latestOfBatch.set(labReportHandle(publication.batch), publication);
  }
  const entryIds = new Map<string, string>();
  const missing: MigrationPublication[] = [];
  for (const [handle, publication] of latestOfBatch) {
    const id = await ports.findEntryId(handle);
    if (id) entryIds.set(handle, id);
    else missing.push(publication);
  }
  let entriesCreated = 0;
  if (missing.length > 0) {
    const reports = await ports.readReports(missing.map((p) => p.id));
    const newest = publications.at(-1);
    for (const publication of missing) {
      const report = reports.get(publication.id);
      if (!report) continue;
      // The product's COA file today is its newest publication's.
      const coaFileId =
        publication.id === newest?.id ? await ports.productCoaFileId(productId) : null;
      const created = await ports.createEntry(
        planLabReportEntry({
          report,
          batch: publication.batch,
          coaFileId,
          lookupUrl: ports.lookupUrl(publication.batch),
        }),
      );
      if (!created.ok) return { productId, outcome: "refused", message: created.message };
      entryIds.set(labReportHandle(publication.batch), created.id);
      entriesCreated += 1;
    }
  }

  // Replay the publications as publishing records them (see publishBatchRecord).
  const onProduct = new Set(now.variants.map((v) => v.id));
  let product: References = { current: null, history: [] };
  const variants = new Map<string, References>();
  for (const publication of publications) {
    const entryId = entryIds.get(labReportHandle(publication.batch));
    if (!entryId) continue;
    const chosen = publication.variantIds.filter((id) => onProduct.has(id));
    if (publication.variantIds.length === 0 || product.current === null) {
      product = nextReferences(product, entryId);
    }
    for (const id of chosen) {
      variants.set(id, nextReferences(variants.get(id) ?? { current: null, history: [] }, entryId));
    }
  }

  const owners: { ownerId: string; references: References }[] = [];
  const productTarget = keepExisting(product, now.references);
  if (!same(productTarget, now.references))
    owners.push({ ownerId: productId, references: productTarget });
  for (const variant of now.variants) {
    const replayed = variants.get(variant.id);
    if (!replayed) continue;
    const existing = { current: variant.current, history: variant.history };
    const target = keepExisting(replayed, existing);
    if (!same(target, existing)) owners.push({ ownerId: variant.id, references: target });
  }
  if (owners.length > 0) {
    const set = await ports.setReferences(owners);
    if (!set.ok) return { productId, outcome: "refused", message: set.message };
  }
  return { productId, outcome: "migrated", entriesCreated, ownersUpdated: owners.length };
}
