import type { Description } from "~/pipeline/description";
import type { LabReport } from "~/pipeline/lab-report";
import { holdsAcknowledged, reviewHolds } from "~/pipeline/review-holds";
import { unresolvedReviewItems } from "~/pipeline/review-list";
import type { WriterSettings } from "~/pipeline/writer-settings";
import { restoreProduct, type RestoreProductPort } from "~/pipeline/restore-product";
import {
  currentLabReportAttempt,
  recordActivity as recordActivityRow,
} from "~/models/activity.server";
import type { Db } from "~/models/database.server";
import {
  addDescriptionVersion,
  addWrittenDescription,
  findDescription,
  latestDescription,
  findPreviousProductDescription,
  markDescriptionPublished,
} from "~/models/description.server";
import { readStringList } from "~/models/json-column.server";
import { readPreviousLabData } from "~/models/lab-report-publication.server";
import {
  getLabReport,
  isStaleQueued,
  moveLabReport,
  readStoredExtraction,
  stampLabReportApproved,
} from "~/models/lab-report.server";
import { readShopPipelineSettings } from "~/models/shop.server";
import type { SendLabReportUploaded } from "./upload-lab-report.server";
import { descriptionFromEditing } from "./lab-report-views.server";
import { checkEditedDescription } from "./edited-description-guard.server";

/**
 * What a merchant can do on a report page. Each action checks that the report belongs to the shop
 * and is in a state where the action makes sense; the pipeline (process-lab-report) does the rest
 * when it receives the event an action sends.
 */

export type ActionResult =
  | { ok: true; message: string }
  | {
      ok: false;
      reason: "not-found" | "wrong-status" | "rejected";
      message: string;
      /** What the compliance guard refused in a merchant's edit, one line each. */
      refusals?: string[];
    };

export interface LabReportActionDeps {
  db: Db;
  sendUploaded: SendLabReportUploaded;
  sendApproved(input: { reportId: string; shop: string; descriptionId?: string }): Promise<void>;
  writeDescription(input: {
    report: LabReport;
    product: { title: string | null };
    settings: WriterSettings;
  }): Promise<{ description: Description }>;
  /** The shop's Shopify, as Restore needs it; refusals (userErrors) are values. */
  shopify: RestoreProductPort;
  now(): Date;
}

const NOT_FOUND: ActionResult = {
  ok: false,
  reason: "not-found",
  message: "This lab report does not exist.",
};

async function findReport(deps: Pick<LabReportActionDeps, "db">, shop: string, reportId: string) {
  return getLabReport(deps.db, shop, reportId);
}

async function recordActivity(
  deps: Pick<LabReportActionDeps, "db">,
  shop: string,
  action: string,
  reportId: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordActivityRow(deps.db, { shop, actor: "merchant", action, target: reportId, details });
}

function wrongStatus(message: string): ActionResult {
  return { ok: false, reason: "wrong-status", message };
}

/**
 * What publishing waits for besides the copy: the hemp limits are the merchant's call (their word
 * is asked for), and a value withheld until checked against the page must be confirmed first.
 */
async function publishingWaitsFor(
  deps: Pick<LabReportActionDeps, "db">,
  shop: string,
  reportId: string,
  productTitle: string | null,
): Promise<{ acknowledgement: boolean; valuesToCheck: number }> {
  const extraction = await readStoredExtraction(deps.db, shop, reportId).catch(() => null);
  if (!extraction) return { acknowledgement: false, valuesToCheck: 0 };
  const holds = reviewHolds({ ...extraction, productTitle });
  return {
    acknowledgement: !holdsAcknowledged(holds, false),
    valuesToCheck: unresolvedReviewItems(extraction.report).length,
  };
}

/** Publishes the newest description version (or the one given) by releasing the waiting run. */
export async function approveDescription(
  deps: Pick<LabReportActionDeps, "db" | "sendApproved" | "now">,
  input: { shop: string; reportId: string; descriptionId?: string; acknowledged?: boolean },
): Promise<ActionResult> {
  const report = await findReport(deps, input.shop, input.reportId);
  if (!report) return NOT_FOUND;
  if (report.status !== "awaiting-approval") {
    return wrongStatus("Only a description that is waiting for approval can be published.");
  }
  if (!report.productId) {
    return {
      ok: false,
      reason: "rejected",
      message: "Choose the product this COA is for before publishing.",
    };
  }
  const waits = await publishingWaitsFor(deps, input.shop, input.reportId, report.productTitle);
  if (waits.valuesToCheck > 0) {
    return {
      ok: false,
      reason: "rejected",
      message: `Confirm or correct ${waits.valuesToCheck === 1 ? "the value" : `the ${waits.valuesToCheck} values`} under “Values to check” before publishing.`,
    };
  }
  const mustAcknowledge = waits.acknowledgement;
  if (mustAcknowledge && !input.acknowledged) {
    return {
      ok: false,
      reason: "rejected",
      message: "Confirm that you have checked the hemp limits before publishing.",
    };
  }
  const description = await findDescription(
    deps.db,
    input.shop,
    input.reportId,
    input.descriptionId ?? null,
  );
  if (!description) return wrongStatus("There is no description to publish yet.");

  // The event id names the version: a double click sends the same id, which Inngest ignores.
  await deps.sendApproved({
    reportId: input.reportId,
    shop: input.shop,
    descriptionId: description.id,
  });
  await stampLabReportApproved(deps.db, input.shop, input.reportId, deps.now());
  await recordActivity(deps, input.shop, "lab-report.approved", input.reportId, {
    descriptionId: description.id,
    version: description.version,
    ...(mustAcknowledge ? { hempLimitsAcknowledged: true } : {}),
  });
  return { ok: true, message: "Publishing to the product…" };
}

/**
 * Stores the merchant's edit as a new version (sanitised as any description is); nothing is
 * published. An edit the compliance guard refuses is not stored: the merchant sees each refusal.
 */
export async function saveEditedDescription(
  deps: LabReportActionDeps,
  input: { shop: string; reportId: string; html: string },
): Promise<ActionResult & { descriptionId?: string }> {
  const report = await findReport(deps, input.shop, input.reportId);
  if (!report) return NOT_FOUND;
  if (report.status !== "awaiting-approval") {
    return wrongStatus("Only a description that is waiting for approval can be edited.");
  }
  const html = descriptionFromEditing(input.html);
  if (html === "") return { ok: false, reason: "rejected", message: "The description is empty." };

  const latest = await latestDescription(deps.db, input.shop, input.reportId);
  if (!latest) return wrongStatus("There is no description to edit yet.");
  if (latest.html === html) {
    return { ok: true, message: "No changes to save.", descriptionId: latest.id };
  }
  const copy = {
    descriptionHtml: html,
    seoTitle: latest.seoTitle,
    seoDescription: latest.seoDescription,
    highlights: readStringList(latest.highlights),
    disclosures: readStringList(latest.disclosures),
  };
  const guard = await checkEditedDescription(deps.db, {
    shop: input.shop,
    reportId: input.reportId,
    productTitle: report.productTitle,
    copy,
  });
  if (!guard.ok) {
    if (guard.reason === "no-extraction") {
      return wrongStatus("This report has no extracted data yet.");
    }
    // The log says that an edit was refused, not its words: the refused copy is kept nowhere.
    await recordActivity(deps, input.shop, "lab-report.edit-refused", input.reportId, {
      refusals: guard.refusals.length,
    });
    return {
      ok: false,
      reason: "rejected",
      message: "Your edit was not saved: the compliance check refused some of its words.",
      refusals: guard.refusals,
    };
  }
  const edited = await addDescriptionVersion(deps.db, input.shop, input.reportId, {
    html,
    seoTitle: copy.seoTitle,
    seoDescription: copy.seoDescription,
    highlights: copy.highlights,
    disclosures: copy.disclosures,
    source: "merchant",
  });
  if (!edited.ok) return NOT_FOUND;
  await recordActivity(deps, input.shop, "lab-report.edited", input.reportId, {
    descriptionId: edited.description.id,
    version: edited.description.version,
  });
  return { ok: true, message: "Your edit is saved.", descriptionId: edited.description.id };
}

/** Stores the merchant's edit, then approves that version. */
export async function publishEditedDescription(
  deps: LabReportActionDeps,
  input: { shop: string; reportId: string; html: string; acknowledged?: boolean },
): Promise<ActionResult> {
  const saved = await saveEditedDescription(deps, input);
  if (!saved.ok) return saved;
  return approveDescription(deps, { ...input, descriptionId: saved.descriptionId });
}

/** Writes a new version with another tone or length; the run keeps waiting for approval. */
export async function regenerateDescription(
  deps: LabReportActionDeps,
  input: {
    shop: string;
    reportId: string;
    tone: WriterSettings["tone"];
    length: WriterSettings["length"];
  },
): Promise<ActionResult> {
  const report = await findReport(deps, input.shop, input.reportId);
  if (!report) return NOT_FOUND;
  if (report.status !== "awaiting-approval") {
    return wrongStatus("A description can be rewritten while it waits for approval.");
  }
  const [extraction, settings] = await Promise.all([
    readStoredExtraction(deps.db, input.shop, input.reportId),
    readShopPipelineSettings(deps.db, input.shop),
  ]);
  if (!extraction || !settings) return wrongStatus("This report has no extracted data yet.");

  const written = await deps.writeDescription({
    report: extraction.report,
    product: { title: report.productTitle },
    settings: { ...settings.writer, tone: input.tone, length: input.length },
  });
  const { id } = await addWrittenDescription(
    deps.db,
    input.shop,
    input.reportId,
    written.description,
  );
  await recordActivity(deps, input.shop, "lab-report.regenerated", input.reportId, {
    descriptionId: id,
    tone: input.tone,
    length: input.length,
  });
  return { ok: true, message: "A new description was written." };
}

/**
 * Starts a failed report again from the stored PDF, as a new attempt of the pipeline; also a report
 * still queued long after upload (its event was lost: no run ever took it up).
 */
export async function retryLabReport(
  deps: Pick<LabReportActionDeps, "db" | "sendUploaded" | "now">,
  input: { shop: string; reportId: string },
): Promise<ActionResult> {
  const report = await findReport(deps, input.shop, input.reportId);
  if (!report) return NOT_FOUND;
  if (report.status !== "failed" && !isStaleQueued(report, deps.now())) {
    return wrongStatus("Only a failed report, or one stuck in the queue, can be retried.");
  }

  // The attempt number is part of the run's idempotency key: each retry is a new run.
  const attempt = (await currentLabReportAttempt(deps.db, input.shop, input.reportId)) + 1;
  await deps.sendUploaded({ reportId: input.reportId, shop: input.shop, attempt });
  await moveLabReport(deps.db, input.shop, input.reportId, "queued", {}, deps.now());
  await recordActivity(deps, input.shop, "lab-report.retried", input.reportId, { attempt });
  return { ok: true, message: "Processing started again." };
}

/**
 * Puts the product back as it was before the report's first publish: its description, and its lab
 * block and batch references. Offered once published, and after a publish that failed part way.
 */
export async function restorePreviousDescription(
  deps: Pick<LabReportActionDeps, "db" | "shopify" | "now">,
  input: { shop: string; reportId: string },
): Promise<ActionResult> {
  const report = await findReport(deps, input.shop, input.reportId);
  if (!report) return NOT_FOUND;
  if (!report.productId) return wrongStatus("This report is not linked to a product.");
  const previous = await findPreviousProductDescription(deps.db, input.shop, input.reportId);
  if (!previous) {
    return wrongStatus("There is no earlier product description to restore.");
  }
  const result = await restoreProduct(deps.shopify, {
    productId: report.productId,
    description: previous,
    labData: await readPreviousLabData(deps.db, input.shop, input.reportId),
  });
  if (!result.ok) {
    return {
      ok: false,
      reason: "rejected",
      message: `Shopify refused the change: ${result.userErrors.map((e) => e.message).join("; ")}`,
    };
  }
  await markDescriptionPublished(deps.db, input.shop, previous.id, deps.now());
  await recordActivity(deps, input.shop, "lab-report.description-restored", input.reportId, {
    descriptionId: previous.id,
  });
  return { ok: true, message: "The previous product description is back on the product." };
}
