import { z } from "zod";
import type { Db } from "~/db.server";
import { readJson } from "./json-column.server";

/**
 * Which product a lab report is for, and which of its variants (none listed: the whole product).
 * A report may be uploaded without a product (bulk upload, the API); it is read and written but
 * cannot publish until one is assigned here. The assignment is refused while the report publishes
 * and once it is published: the description and batch record are already on that product.
 */

export const productGidSchema = z
  .string()
  .regex(/^gid:\/\/shopify\/Product\/\d+$/, "Choose a product.");
export const variantGidSchema = z
  .string()
  .regex(/^gid:\/\/shopify\/ProductVariant\/\d+$/, "That is not a product variant.");

/** Shopify allows at most 2,048 variants per product; one report is for far fewer. */
export const MAX_ASSIGNED_VARIANTS = 250;

export const productAssignmentSchema = z.object({
  productId: productGidSchema,
  productTitle: z.string().trim().min(1).max(255),
  productHandle: z
    .string()
    .trim()
    .max(255)
    .regex(/^[\p{Ll}\p{Lo}\p{N}_-]*$/u)
    .nullable(),
  variantIds: z
    .array(variantGidSchema)
    .max(MAX_ASSIGNED_VARIANTS)
    .transform((ids) => [...new Set(ids)]),
});
export type ProductAssignment = z.infer<typeof productAssignmentSchema>;

const variantIdsSchema = z.array(variantGidSchema);

/** The stored variant ids; a malformed column reads as the whole product. */
export function readVariantIds(column: string | null): string[] {
  return readJson(column, variantIdsSchema, []);
}

export type AssignmentResult =
  | { ok: true }
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "wrong-status"; status: string };

const FROZEN = ["publishing", "published"];

/** Stores the product and variants, scoped by shop; a report of another shop is not found. */
export async function assignLabReportProduct(
  db: Db,
  shop: string,
  reportId: string,
  assignment: ProductAssignment,
): Promise<AssignmentResult> {
  const valid = productAssignmentSchema.parse(assignment);
  const { count } = await db.labReport.updateMany({
    where: { id: reportId, shop, status: { notIn: FROZEN } },
    data: {
      productId: valid.productId,
      productTitle: valid.productTitle,
      productHandle: valid.productHandle,
      variantIds: JSON.stringify(valid.variantIds),
    },
  });
  if (count === 1) return { ok: true };
  const row = await db.labReport.findFirst({
    where: { id: reportId, shop },
    select: { status: true },
  });
  return row
    ? { ok: false, reason: "wrong-status", status: row.status }
    : { ok: false, reason: "not-found" };
}

export type BatchReportRow = {
  id: string;
  fileName: string;
  status: string;
  productId: string | null;
  productTitle: string | null;
  variantIds: string[];
  errorMessage: string | null;
  /** The extracted report's JSON; null until extracted. */
  report: string | null;
  createdAt: Date;
};

/** Most reports one matching table shows (and one bulk upload sends). */
export const MAX_BATCH_REPORTS = 50;

/**
 * The reports of one upload batch by id, or (no ids) the shop's reports still waiting for a
 * product, oldest first so the table keeps the order the files were dropped in.
 */
export async function listBatchReports(
  db: Db,
  shop: string,
  reportIds: readonly string[] | null,
): Promise<BatchReportRow[]> {
  const rows = await db.labReport.findMany({
    where: reportIds
      ? { shop, id: { in: reportIds.slice(0, MAX_BATCH_REPORTS) } }
      : { shop, productId: null, status: { notIn: FROZEN } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: MAX_BATCH_REPORTS,
    select: {
      id: true,
      fileName: true,
      status: true,
      productId: true,
      productTitle: true,
      variantIds: true,
      errorMessage: true,
      report: true,
      createdAt: true,
    },
  });
  return rows.map((row) => ({ ...row, variantIds: readVariantIds(row.variantIds) }));
}
