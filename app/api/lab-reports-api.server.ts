import { z } from "zod";
import { approveDescription } from "~/merchant/lab-report-actions.server";
import { loadLabReport } from "~/merchant/lab-report-views.server";
import type { Database } from "~/models/database.server";
import {
  getLabReport,
  labReportStatusSchema,
  type LabReportStatus,
} from "~/models/lab-report.server";
import { listLabReportsByCursor } from "~/models/lab-report-list.server";
import {
  holdStatus,
  uploadHold,
  uploadLabReport,
  type LabReportUploadDeps,
} from "~/merchant/upload-lab-report.server";
import { readCoaForm, type UploadedFile } from "~/merchant/upload-form.server";
import type { ApiContext } from "./api-auth.server";
import { jsonResponse, problemResponse, type ApiErrorCode } from "./problem.server";

/**
 * The lab-report operations of the REST API (docs/api/openapi.json). Each runs for the caller's
 * shop only: another shop's report id is the same 404 as an id that does not exist. Uploads go
 * through the same service as the admin's upload page (checks, quota, payment hold, queue).
 */

export type ProductRef = { kind: "product" | "variant"; id: string };

export interface LabReportsApiDeps {
  db: Database;
  upload: LabReportUploadDeps;
  sendApproved(input: { reportId: string; shop: string; descriptionId?: string }): Promise<void>;
  /** The product (id and title) a product or variant id names in the shop, or null. */
  resolveProduct(shop: string, ref: ProductRef): Promise<{ id: string; title: string } | null>;
  now(): Date;
}

export type ApiLabReportSummary = {
  id: string;
  status: LabReportStatus;
  fileName: string;
  productId: string | null;
  productTitle: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: string;
  updatedAt: string;
};

type LabReportRow = NonNullable<Awaited<ReturnType<typeof getLabReport>>>;

function summary(row: LabReportRow): ApiLabReportSummary {
  return {
    id: row.id,
    status: labReportStatusSchema.catch("failed").parse(row.status),
    fileName: row.fileName,
    productId: row.productId,
    productTitle: row.productTitle,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const listQuery = z.object({
  status: labReportStatusSchema.optional(),
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

function invalid(request: Request, detail: string) {
  return problemResponse(request, 400, "invalid-request", detail);
}

function notFound(request: Request) {
  return problemResponse(request, 404, "not-found", "This shop has no lab report with that id.");
}

export async function listLabReportsForApi(
  deps: LabReportsApiDeps,
  { caller, request }: ApiContext,
) {
  const url = new URL(request.url);
  const parsed = listQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(request, `${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}`);
  }
  const { status, cursor, limit } = parsed.data;
  // A cursor is a report id of this shop; any other value is refused rather than read as "start".
  if (cursor && !(await getLabReport(deps.db, caller.shop, cursor))) {
    return invalid(request, "cursor: not a cursor this list gave out.");
  }
  const page = await listLabReportsByCursor(deps.db, caller.shop, {
    take: limit,
    cursor: cursor ?? null,
    ...(status ? { status } : {}),
  });
  return jsonResponse({ data: page.items.map(summary), nextCursor: page.nextCursor });
}

export async function getLabReportForApi(
  deps: LabReportsApiDeps,
  { caller, request }: ApiContext,
  id: string,
) {
  const [row, view] = await Promise.all([
    getLabReport(deps.db, caller.shop, id),
    loadLabReport(deps.db, caller.shop, id),
  ]);
  if (!row || !view) return notFound(request);
  return jsonResponse({
    ...summary(row),
    pageCount: row.pageCount,
    report: view.report,
    warnings: view.warnings,
    uncertainFields: view.uncertainFields,
    description: view.description && {
      id: view.description.id,
      version: view.description.version,
      html: view.description.html,
      seoTitle: view.description.seoTitle,
      seoDescription: view.description.seoDescription,
      source: view.description.source,
      publishedAt: view.description.publishedAt,
    },
  });
}

export async function approveLabReportForApi(
  deps: LabReportsApiDeps,
  { caller, request }: ApiContext,
  id: string,
) {
  const result = await approveDescription(
    { db: deps.db, sendApproved: deps.sendApproved, now: deps.now },
    { shop: caller.shop, reportId: id },
  );
  if (!result.ok) {
    if (result.reason === "not-found") return notFound(request);
    return problemResponse(
      request,
      409,
      result.reason === "wrong-status" ? "wrong-status" : "invalid-request",
      result.message,
    );
  }
  const row = await getLabReport(deps.db, caller.shop, id);
  if (!row) return notFound(request);
  return jsonResponse({ ...summary(row), message: result.message }, 202);
}

const uploadFields = z.object({
  productId: z
    .string()
    .regex(/^(gid:\/\/shopify\/Product\/)?\d+$/, "a product id (gid://shopify/Product/123 or 123)")
    .optional(),
  variantId: z
    .string()
    .regex(
      /^(gid:\/\/shopify\/ProductVariant\/)?\d+$/,
      "a variant id (gid://shopify/ProductVariant/123 or 123)",
    )
    .optional(),
  file: z.custom<UploadedFile>(
    (value) => typeof value === "object" && value !== null && "bytes" in value,
    "a COA PDF in the part named file",
  ),
});

const UPLOAD_STATUS: Partial<Record<ApiErrorCode, number>> = {
  "plan-limit-reached": 402,
  "payment-issue": 402,
  "too-large": 413,
  // The same file was uploaded before: the earlier report stands, nothing new is queued.
  duplicate: 409,
};

function productRef(fields: z.infer<typeof uploadFields>): ProductRef | null {
  if (fields.productId) {
    const id = fields.productId.replace(/^gid:\/\/shopify\/Product\//, "");
    return { kind: "product", id: `gid://shopify/Product/${id}` };
  }
  if (fields.variantId) {
    const id = fields.variantId.replace(/^gid:\/\/shopify\/ProductVariant\//, "");
    return { kind: "variant", id: `gid://shopify/ProductVariant/${id}` };
  }
  return null;
}

export async function uploadLabReportForApi(
  deps: LabReportsApiDeps,
  { caller, request }: ApiContext,
) {
  // The plan and payment hold before the body: a held shop's file is never received.
  const held = await uploadHold(deps.upload, caller.shop, request);
  if (held) {
    const { status, headers } = holdStatus(held);
    return problemResponse(request, status, held.reason, held.message, headers);
  }
  const form = await readCoaForm(request, deps.upload.limits.maxBytes);
  if (!form.ok) return problemResponse(request, form.status, form.code, form.message);
  const parsed = uploadFields.safeParse({ ...form.fields, file: form.files.file });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(request, `${issue?.path.join(".") || "body"}: expected ${issue?.message}`);
  }
  if (parsed.data.productId && parsed.data.variantId) {
    return invalid(request, "Send productId or variantId, not both.");
  }
  const ref = productRef(parsed.data);
  const product = ref ? await deps.resolveProduct(caller.shop, ref) : null;
  if (ref && !product) {
    return problemResponse(
      request,
      422,
      "product-not-found",
      `This shop has no ${ref.kind} ${ref.id}.`,
    );
  }
  const file = parsed.data.file;
  const result = await uploadLabReport(deps.upload, {
    shop: caller.shop,
    productId: product?.id ?? null,
    productTitle: product?.title ?? null,
    fileName: file.name || "coa.pdf",
    bytes: file.bytes,
  });
  if (!result.ok) {
    return problemResponse(
      request,
      UPLOAD_STATUS[result.reason] ?? 422,
      result.reason,
      result.message,
    );
  }
  const row = await getLabReport(deps.db, caller.shop, result.reportId);
  if (!row) return notFound(request);
  const location = `/api/v1/lab-reports/${result.reportId}`;
  return jsonResponse({ ...summary(row), queued: result.queued }, 202, { Location: location });
}
