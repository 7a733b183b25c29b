import type { PrismaClient } from "@prisma/client";
import { batchKey } from "~/pipeline/batch-key";
import { flowerReport } from "./writer-test-reports";

/**
 * Published lab reports as a shop that has used the app holds them: a LabReport row with its
 * extracted report, product, variants, batch and publication time (what publishing stores).
 */
export async function seedPublishedReport(
  db: PrismaClient,
  input: {
    shop: string;
    productId: string;
    productTitle?: string;
    variantIds?: string[];
    batch: string | null;
    dateTested: string | null;
    publishedAt: Date;
    status?: string;
  },
): Promise<string> {
  const report = flowerReport();
  report.sample.batch = input.batch;
  report.sample.dateTested = input.dateTested;
  const row = await db.labReport.create({
    data: {
      shop: input.shop,
      productId: input.productId,
      productTitle: input.productTitle ?? null,
      variantIds: JSON.stringify(input.variantIds ?? []),
      fileName: `${input.batch ?? "coa"}.pdf`,
      sha256: input.publishedAt.getTime().toString(16).padStart(64, "0"),
      sizeBytes: 1000,
      status: input.status ?? "published",
      report: JSON.stringify(report),
      batch: input.batch,
      batchKey: input.batch ? batchKey(input.batch) : null,
      publishedAt: input.status && input.status !== "published" ? null : input.publishedAt,
    },
    select: { id: true },
  });
  return row.id;
}
