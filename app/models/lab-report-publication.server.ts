import type { Db } from "~/db.server";
import { previousLabDataSchema, type PreviousLabData } from "~/pipeline/shopify-publishing-port";
import { readJson } from "./json-column.server";

/**
 * A report's publication on Shopify, kept with the report: its COA file in Shopify Files (one per
 * report, however often publishing is retried) and the product's lab data from before its first
 * publish (what Restore puts back with the description version kept in description.server.ts).
 */

/** Remembers the COA file Shopify created for the report, so a retry reuses it. */
export async function storeLabReportCoaFile(
  db: Db,
  shop: string,
  id: string,
  fileId: string,
): Promise<void> {
  const { count } = await db.labReport.updateMany({
    where: { shop, id },
    data: { coaFileId: fileId },
  });
  if (count === 0) throw new Error(`Lab report ${id} of ${shop} does not exist`);
}

/**
 * Keeps the product's lab data from before the first publish and returns the one kept: a later
 * publish (a retry that may find part of its own lab data on the product) keeps the first.
 */
export async function keepPreviousLabData(
  db: Db,
  shop: string,
  id: string,
  data: PreviousLabData,
): Promise<PreviousLabData> {
  await db.labReport.updateMany({
    where: { shop, id, previousLabData: null },
    data: { previousLabData: JSON.stringify(previousLabDataSchema.parse(data)) },
  });
  const kept = await readPreviousLabData(db, shop, id);
  if (!kept) throw new Error(`Lab report ${id} of ${shop} does not exist`);
  return kept;
}

/** Null when none was kept (not published yet, or published before it was kept). */
export async function readPreviousLabData(
  db: Db,
  shop: string,
  id: string,
): Promise<PreviousLabData | null> {
  const row = await db.labReport.findFirst({
    where: { shop, id },
    select: { previousLabData: true },
  });
  return readJson<PreviousLabData | null>(
    row?.previousLabData ?? null,
    previousLabDataSchema,
    null,
  );
}
