import { createHash } from "node:crypto";
import { formatDate } from "~/components/format-date";
import type { Database } from "~/models/database.server";
import { findLabReportBySha256, moveLabReport } from "~/models/lab-report.server";
import {
  createLabReportWithinAllowance,
  monthlyAllowance,
  type Allowance,
} from "~/models/plan-allowance.server";
import { findPaymentIssue } from "~/models/subscription.server";
import { paymentIssueMessage, paymentNotice } from "~/merchant/payment-notice";
import { countPdfPages } from "~/pipeline/count-pdf-pages";
import { extractionError, sniffPdf, type ExtractionError } from "~/pipeline/extraction-error";
import type { ServiceMetrics } from "~/service/metrics";
import type { UploadPacer } from "~/service/upload-pacing";

/**
 * A merchant's COA upload. Before the body is read, the shop's payment hold and monthly allowance
 * (`uploadHold`); then the file is checked without storing anything (type by magic bytes, size,
 * the page count its page tree declares); then the bytes and a queued LabReport row in one
 * transaction that takes a report of the allowance only if one is left; then the
 * `lab-report/pdf.uploaded` event with the report id as its id (Inngest drops a resend of the same
 * id within 24 h, so a double submit starts one run).
 */

export type UploadRejection =
  | ExtractionError["code"]
  | "too-large"
  | "empty-file"
  | "plan-limit-reached"
  | "payment-issue"
  | "slow-down";

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

export type UploadHold =
  | { ok: false; reason: "plan-limit-reached" | "payment-issue"; message: string }
  | { ok: false; reason: "slow-down"; message: string; retryAfterSeconds: number };

/** The HTTP status of a hold: 402 for the plan or a payment, 429 (with Retry-After) for pacing. */
export function holdStatus(hold: UploadHold): { status: number; headers: Record<string, string> } {
  return hold.reason === "slow-down"
    ? { status: 429, headers: { "Retry-After": String(hold.retryAfterSeconds) } }
    : { status: 402, headers: {} };
}

function slowDownMessage(seconds: number): string {
  return `The app is still taking in your earlier files. Send this one again in ${seconds} s.`;
}

/** Sends `lab-report/pdf.uploaded` (app/inngest/send-event.server.ts in the app). */
export type SendLabReportUploaded = (input: {
  reportId: string;
  shop: string;
  attempt?: number;
}) => Promise<void>;

export interface LabReportUploadDeps {
  db: Database;
  limits: { maxBytes: number; maxPages: number };
  sendUploaded: SendLabReportUploaded;
  now(): Date;
  metrics?: Pick<ServiceMetrics, "uploadReceived" | "reportFailed">;
  /** How fast uploads are taken in (app/service/upload-pacing.ts); none paces nothing. */
  pacer?: UploadPacer;
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

/**
 * Checks the file without storing anything; the result says in plain words what is wrong. The
 * document is read no further than its first bytes and its page tree's declared page count: a
 * count that cannot be told this way is null, and the reader, which enforces the same page limit
 * in a bounded child process, decides when it reads the document.
 */
export function checkCoaFile(
  limits: LabReportUploadDeps["limits"],
  bytes: Uint8Array,
):
  { ok: true; pageCount: number | null } | { ok: false; reason: UploadRejection; message: string } {
  if (bytes.length === 0) {
    return {
      ok: false,
      reason: "empty-file",
      message: "This file is empty. Choose the COA PDF again.",
    };
  }
  if (bytes.length > limits.maxBytes) {
    return { ok: false, reason: "too-large", message: tooLargeMessage(limits.maxBytes) };
  }
  if (!sniffPdf(bytes)) return rejection(extractionError("not-a-pdf"));
  const pageCount = countPdfPages(bytes);
  if (pageCount === 0) return rejection(extractionError("empty-pdf"));
  if (pageCount !== null && pageCount > limits.maxPages) {
    const detail = `${pageCount} pages; the limit is ${limits.maxPages}`;
    return rejection(extractionError("too-many-pages", detail));
  }
  return { ok: true, pageCount };
}

function rejection(error: ExtractionError): {
  ok: false;
  reason: UploadRejection;
  message: string;
} {
  return { ok: false, reason: error.code, message: error.message };
}

function planLimitMessage(allowance: Allowance): string {
  const resets = formatDate(allowance.resetsAt.toISOString());
  return `You have used all ${allowance.limit} lab reports of the ${allowance.plan} plan this month. Choose a larger plan on the Plans page, or upload again after ${resets}.`;
}

/**
 * Whether the shop may upload at all now: a failed, declined or expired charge holds uploads
 * until Shopify reports the plan active, and a used-up allowance until the month turns; then
 * whether the upload must wait its turn (the shop, or all shops, sending faster than the server
 * takes files in: app/service/upload-pacing.ts), charged with the size the request declares, or
 * the largest file allowed when it declares none. Asked before the request's body is read, so a
 * held shop's file is never received.
 */
export async function uploadHold(
  deps: Pick<LabReportUploadDeps, "db" | "now" | "metrics" | "pacer" | "limits">,
  shop: string,
  request?: Request,
): Promise<UploadHold | null> {
  const held = (await holdFor(deps, shop)) ?? paced(deps, shop, request);
  if (held) deps.metrics?.uploadReceived("rejected", held.reason);
  return held;
}

function paced(
  deps: Pick<LabReportUploadDeps, "pacer" | "limits">,
  shop: string,
  request: Request | undefined,
): UploadHold | null {
  if (!deps.pacer) return null;
  const declared = Number(request?.headers.get("content-length") ?? NaN);
  const bytes = Number.isFinite(declared) && declared > 0 ? declared : deps.limits.maxBytes;
  const decision = deps.pacer.take(shop, Math.min(bytes, deps.limits.maxBytes));
  if (decision.ok) return null;
  return {
    ok: false,
    reason: "slow-down",
    message: slowDownMessage(decision.retryAfterSeconds),
    retryAfterSeconds: decision.retryAfterSeconds,
  };
}

async function paymentHold(db: Database, shop: string): Promise<UploadHold | null> {
  const issue = await findPaymentIssue(db, shop);
  if (!issue) return null;
  return {
    ok: false,
    reason: "payment-issue",
    message: paymentIssueMessage(paymentNotice(issue, shop)),
  };
}

async function holdFor(
  deps: Pick<LabReportUploadDeps, "db" | "now">,
  shop: string,
): Promise<UploadHold | null> {
  const held = await paymentHold(deps.db, shop);
  if (held) return held;
  const allowance = await monthlyAllowance(deps.db, shop, deps.now());
  if (allowance.remaining === 0) {
    return { ok: false, reason: "plan-limit-reached", message: planLimitMessage(allowance) };
  }
  return null;
}

/**
 * Call after `uploadHold` let the body be read. The file is checked first; then an earlier upload
 * of the same file is offered instead of a second report; then the report is stored only if the
 * allowance still has one left (another upload may have taken it meanwhile). A rejected or
 * duplicate upload stores nothing and spends nothing.
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
  // Asked again: a charge may have failed while the body was arriving.
  const held = await paymentHold(deps.db, input.shop);
  if (held) return held;

  const checked = checkCoaFile(deps.limits, input.bytes);
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

  // The row and its bytes in one transaction, and only within the allowance: never a report
  // without its PDF, never one past the plan's count.
  const reserved = await createLabReportWithinAllowance(
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
  if (!reserved.ok) {
    return {
      ok: false,
      reason: "plan-limit-reached",
      message: planLimitMessage(reserved.allowance),
    };
  }
  const reportId = reserved.report.id;

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
