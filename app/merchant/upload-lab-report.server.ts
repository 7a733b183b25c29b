import { createHash } from "node:crypto";
import { formatDate } from "~/components/format-date";
import type { Db } from "~/models/database.server";
import { createLabReport, findLabReportBySha256, moveLabReport } from "~/models/lab-report.server";
import { monthlyAllowance } from "~/models/plan-allowance.server";
import { findPaymentIssue } from "~/models/subscription.server";
import { paymentIssueMessage, paymentNotice } from "~/merchant/payment-notice";
import { extractionError, sniffPdf, type ExtractionError } from "~/pipeline/extraction-error";
import type { ServiceMetrics } from "~/service/metrics";

/**
 * A merchant's COA upload: checked before anything is stored (type by magic bytes, size, page
 * count), then the bytes and a queued LabReport row in one transaction, then the
 * `lab-report/pdf.uploaded` event with the report id as its id (Inngest drops a resend of the same
 * id within 24 h, so a double submit starts one run).
 */

export type UploadRejection =
  ExtractionError["code"] | "too-large" | "empty-file" | "plan-limit-reached" | "payment-issue";

/** An earlier upload of the very same file (same SHA-256) by this shop. */
export interface DuplicateUpload {
  reportId: string;
  productTitle: string | null;
  status: string;
  createdAt: string;
}

export type UploadResult =
  | { ok: true; reportId: string; queued: boolean }
  | { ok: false; reason: UploadRejection; message: string }
  | { ok: false; reason: "duplicate"; message: string; existing: DuplicateUpload };

export type PdfInspection = { ok: true; pageCount: number } | { ok: false; error: ExtractionError };

/** Sends `lab-report/pdf.uploaded` (app/inngest/send-event.server.ts in the app). */
export type SendLabReportUploaded = (input: {
  reportId: string;
  shop: string;
  attempt?: number;
}) => Promise<void>;

export interface LabReportUploadDeps {
  db: Db;
  limits: { maxBytes: number; maxPages: number };
  /** Opens the PDF far enough to count its pages; refuses encrypted or damaged files. */
  inspectPdf(bytes: Uint8Array, maxPages: number): Promise<PdfInspection>;
  sendUploaded: SendLabReportUploaded;
  now(): Date;
  metrics?: Pick<ServiceMetrics, "uploadReceived" | "reportFailed">;
}

export interface UploadInput {
  shop: string;
  /** Null when the report is not linked to a product yet (the API allows it; publishing needs one). */
  productId: string | null;
  productTitle: string | null;
  productHandle?: string | null;
  /** The merchant saw the earlier upload of this file and wants a new report anyway. */
  allowDuplicate?: boolean;
  fileName: string;
  bytes: Uint8Array;
}

export const QUEUE_UNAVAILABLE = {
  code: "queue-unavailable",
  message:
    "Your COA was saved, but processing could not be started just now. Press Retry to start it.",
};

export function tooLargeMessage(maxBytes: number): string {
  const mb = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  return `This file is larger than ${mb} MB. Upload only the COA for this product (most are under 5 MB).`;
}

/** Checks the file without storing anything; the result says in plain words what is wrong. */
export async function checkCoaFile(
  deps: Pick<LabReportUploadDeps, "limits" | "inspectPdf">,
  bytes: Uint8Array,
): Promise<
  { ok: true; pageCount: number } | { ok: false; reason: UploadRejection; message: string }
> {
  if (bytes.length === 0) {
    return {
      ok: false,
      reason: "empty-file",
      message: "This file is empty. Choose the COA PDF again.",
    };
  }
  if (bytes.length > deps.limits.maxBytes) {
    return { ok: false, reason: "too-large", message: tooLargeMessage(deps.limits.maxBytes) };
  }
  if (!sniffPdf(bytes)) {
    const error = extractionError("not-a-pdf");
    return { ok: false, reason: error.code, message: error.message };
  }
  const inspection = await deps.inspectPdf(bytes, deps.limits.maxPages);
  if (!inspection.ok) {
    return { ok: false, reason: inspection.error.code, message: inspection.error.message };
  }
  return { ok: true, pageCount: inspection.pageCount };
}

/**
 * The file is checked first, so a wrong file is named as such whatever the plan's count; then an
 * earlier upload of the same file is offered instead of a second report; only then does the
 * plan's allowance decide. A rejected or duplicate upload stores nothing and spends nothing.
 */
export async function uploadLabReport(
  deps: LabReportUploadDeps,
  input: UploadInput,
): Promise<UploadResult> {
  const result = await storeAndQueue(deps, input);
  if (!result.ok) deps.metrics?.uploadReceived("rejected", result.reason);
  else deps.metrics?.uploadReceived(result.queued ? "queued" : "not-queued");
  return result;
}

async function storeAndQueue(deps: LabReportUploadDeps, input: UploadInput): Promise<UploadResult> {
  // A failed, declined or expired charge holds uploads until Shopify reports the plan active.
  const issue = await findPaymentIssue(deps.db, input.shop);
  if (issue) {
    return {
      ok: false,
      reason: "payment-issue",
      message: paymentIssueMessage(paymentNotice(issue, input.shop)),
    };
  }

  const checked = await checkCoaFile(deps, input.bytes);
  if (!checked.ok) return checked;

  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  if (!input.allowDuplicate) {
    const earlier = await findLabReportBySha256(deps.db, input.shop, sha256);
    if (earlier) {
      return {
        ok: false,
        reason: "duplicate",
        message: `You uploaded this COA before${earlier.productTitle ? ` for ${earlier.productTitle}` : ""}.`,
        existing: {
          reportId: earlier.id,
          productTitle: earlier.productTitle,
          status: earlier.status,
          createdAt: earlier.createdAt.toISOString(),
        },
      };
    }
  }

  const allowance = await monthlyAllowance(deps.db, input.shop, deps.now());
  if (allowance.remaining === 0) {
    const resets = formatDate(allowance.resetsAt.toISOString());
    return {
      ok: false,
      reason: "plan-limit-reached",
      message: `You have used all ${allowance.limit} lab reports of the ${allowance.plan} plan this month. Choose a larger plan on the Plans page, or upload again after ${resets}.`,
    };
  }

  // The row and its bytes in one nested write (one transaction): never a report without its PDF.
  const { id: reportId } = await createLabReport(
    deps.db,
    {
      shop: input.shop,
      productId: input.productId,
      productTitle: input.productTitle,
      productHandle: input.productHandle ?? null,
      fileName: input.fileName,
      sha256,
      sizeBytes: input.bytes.length,
      pageCount: checked.pageCount,
      bytes: input.bytes,
    },
    deps.now(),
  );

  try {
    await deps.sendUploaded({ reportId, shop: input.shop, attempt: 1 });
  } catch {
    // The upload itself succeeded; the report page offers Retry, which sends the event again.
    await moveLabReport(
      deps.db,
      input.shop,
      reportId,
      "failed",
      { errorCode: QUEUE_UNAVAILABLE.code, errorMessage: QUEUE_UNAVAILABLE.message },
      deps.now(),
    );
    deps.metrics?.reportFailed(QUEUE_UNAVAILABLE.code);
    return { ok: true, reportId, queued: false };
  }
  return { ok: true, reportId, queued: true };
}
