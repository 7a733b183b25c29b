import { NonRetriableError } from "inngest";
import { labReportPdfUploadedData } from "./events";
import { reviewReasons } from "./auto-publish-policy";
import { withStepErrors } from "./step-errors";
import type {
  FailureReason,
  LabReportStatus,
  ProcessLabReportDeps,
} from "./process-lab-report-ports";

/**
 * The bodies of process-lab-report's steps. Each loads what it needs by id and returns small JSON
 * (ids, statuses, counts): Inngest stores every step's output with the run, and bytes or whole
 * reports there would be slow and would leak lab data into the queue's history.
 */

/** A run that finds its report already this far along is a duplicate delivery: it does nothing. */
const ALREADY_UNDERWAY: ReadonlySet<LabReportStatus> = new Set([
  "writing",
  "awaiting-approval",
  "publishing",
  "published",
]);

export type ExtractStepResult =
  | {
      outcome: "extracted";
      warnings: number;
      uncertainFields: number;
      pageImages: number;
      safetyFailed: boolean;
    }
  | { outcome: "skipped"; status: LabReportStatus };

export async function extractLabReportStep(
  deps: ProcessLabReportDeps,
  shop: string,
  reportId: string,
): Promise<ExtractStepResult> {
  const record = await deps.reports.find(shop, reportId);
  if (!record) throw new NonRetriableError(`Lab report ${reportId} no longer exists.`);
  if (ALREADY_UNDERWAY.has(record.status)) return { outcome: "skipped", status: record.status };

  await moveTo(deps, shop, reportId, "extracting");
  const pdf = await deps.reports.readPdf(shop, reportId);
  if (!pdf) {
    return failFor(deps, shop, reportId, {
      code: "missing-file",
      message: "The uploaded COA file is missing. Upload the PDF again.",
    });
  }
  const result = await deps.extractLabReport(pdf);
  if (!result.ok) return failFor(deps, shop, reportId, result.error);

  // The pages first: once the report lists values to check, the pages they point at are there. A
  // retried step stores them again in place of the first attempt's.
  const pageImages = result.pageImages ?? [];
  if (pageImages.length > 0) await deps.reports.savePageImages(shop, reportId, pageImages);
  await deps.reports.saveExtraction(shop, reportId, result.extraction);
  return {
    outcome: "extracted",
    warnings: result.extraction.warnings.length,
    uncertainFields: result.extraction.uncertainFields.length,
    pageImages: pageImages.length,
    safetyFailed: result.extraction.report.safety.overall === "fail",
  };
}

export interface WriteStepResult {
  descriptionId: string;
  autoPublish: boolean;
  reviewReasons: string[];
}

export async function writeDescriptionStep(
  deps: ProcessLabReportDeps,
  shop: string,
  reportId: string,
): Promise<WriteStepResult> {
  const [record, extraction, settings] = await Promise.all([
    deps.reports.find(shop, reportId),
    deps.reports.readExtraction(shop, reportId),
    deps.shops.settings(shop),
  ]);
  if (!record) throw new NonRetriableError(`Lab report ${reportId} no longer exists.`);
  if (!extraction) throw new Error(`Lab report ${reportId} has no extracted data to write from.`);
  if (!settings) throw new NonRetriableError(`Shop ${shop} is not installed.`);

  await moveTo(deps, shop, reportId, "writing");
  const written = await withStepErrors(() =>
    deps.writeDescription({
      report: extraction.report,
      product: { title: record.productTitle },
      settings: settings.writer,
    }),
  );
  const { id: descriptionId } = await deps.reports.saveDescription(
    shop,
    reportId,
    written.description,
  );
  const reasons = reviewReasons(extraction, written.warnings);
  // A report uploaded without a product (bulk upload, the API) waits for the merchant to confirm
  // one: auto-publish never guesses where a COA belongs.
  if (!record.productId) reasons.push("no-product");
  const autoPublish = settings.autoPublish && reasons.length === 0;
  if (!autoPublish) await moveTo(deps, shop, reportId, "awaiting-approval");
  // Reasons are short codes; capped so a pathological report cannot bloat the run's state.
  return { descriptionId, autoPublish, reviewReasons: reasons.slice(0, 20) };
}

export const APPROVAL_EXPIRED: FailureReason = {
  code: "approval-expired",
  message:
    "This description waited too long for approval and was not published. Press Retry to process the COA again.",
};

export async function expireApprovalStep(
  deps: ProcessLabReportDeps,
  shop: string,
  reportId: string,
): Promise<{ status: "failed" }> {
  const expired = await deps.reports.move(shop, reportId, "failed", deps.now(), APPROVAL_EXPIRED);
  if (expired.ok) deps.metrics?.reportFailed(APPROVAL_EXPIRED.code);
  return { status: "failed" };
}

/**
 * The function's onFailure: the run gave up (retries spent, or a non-retriable error). The report
 * says so in plain words unless a step already stored a more precise reason; the activity log keeps
 * the technical error for the operator.
 */
export async function recordRunFailure(
  deps: ProcessLabReportDeps,
  failure: { originalEventData: unknown; runId: string; error: { name: string; message: string } },
): Promise<void> {
  const parsed = labReportPdfUploadedData.safeParse(failure.originalEventData);
  if (!parsed.success) return;
  const { shop, reportId } = parsed.data;
  const record = await deps.reports.find(shop, reportId);
  if (record && record.status !== "failed") {
    // Guarded: a run that gives up after its report was published leaves it published.
    const reason = merchantReason(failure.error);
    const moved = await deps.reports.move(shop, reportId, "failed", deps.now(), reason);
    if (moved.ok) deps.metrics?.reportFailed(reason.code);
  }
  await deps.activity.record({
    shop,
    action: "lab-report.failed",
    target: reportId,
    details: { runId: failure.runId, error: `${failure.error.name}: ${failure.error.message}` },
  });
}

function merchantReason(error: { name: string; message: string }): FailureReason {
  // Our own RetryAfterError/NonRetriableError messages are written for merchants; anything else is
  // an internal error whose text would mean nothing to them.
  const ours = error.name === "RetryAfterError" || error.name === "NonRetriableError";
  return {
    code: "processing-failed",
    message: ours
      ? `${error.message} We stopped after several attempts; press Retry to try again.`
      : "Something went wrong while processing this COA. Press Retry to try again; if it keeps happening, contact support.",
  };
}

/** Stores the merchant-readable reason, then stops the run without retries. */
export async function failFor(
  deps: ProcessLabReportDeps,
  shop: string,
  reportId: string,
  reason: FailureReason,
): Promise<never> {
  const moved = await deps.reports.move(shop, reportId, "failed", deps.now(), reason);
  if (moved.ok) deps.metrics?.reportFailed(reason.code);
  throw new NonRetriableError(reason.message);
}

/**
 * Moves the report on through the guarded transition. A retried step finds it where the last try
 * left it, which is fine; any other refusal means another writer moved it, and the run stops.
 */
export async function moveTo(
  deps: ProcessLabReportDeps,
  shop: string,
  reportId: string,
  to: LabReportStatus,
): Promise<void> {
  const moved = await deps.reports.move(shop, reportId, to, deps.now());
  if (moved.ok || moved.status === to) return;
  if (moved.reason === "not-found") {
    throw new NonRetriableError(`Lab report ${reportId} no longer exists.`);
  }
  if (moved.status === undefined) {
    // Moved by someone else between the read and the write: read again on the next attempt.
    throw new Error(`Lab report ${reportId} changed while it was moving to ${to}.`);
  }
  throw new NonRetriableError(`Lab report ${reportId} is ${moved.status}; it cannot become ${to}.`);
}
