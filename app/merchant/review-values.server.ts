import { labReportSchema } from "~/pipeline/lab-report";
import { resolveReviewItem, type ResolveReviewError } from "~/pipeline/resolve-review-item";
import type { ReviewItem } from "~/pipeline/review-items";
import { unresolvedReviewItems } from "~/pipeline/review-list";
import { recordActivity } from "~/models/activity.server";
import { addWrittenDescription, latestWrittenDescription } from "~/models/description.server";
import { readStringList } from "~/models/json-column.server";
import { getLabReport, storeReviewedReport } from "~/models/lab-report.server";
import { readShopPipelineSettings } from "~/models/shop.server";
import type { LabReportActionDeps } from "./lab-report-actions.server";

/**
 * The merchant's decision on a value to check (the report page's "Values to check"): the value goes
 * into the report as confirmed by the merchant, the decision is logged, and once nothing is left
 * to check the description is written again from the confirmed values — unless the newest version
 * is the merchant's own edit, which is theirs to keep.
 */

export type ReviewValueDeps = Pick<LabReportActionDeps, "db" | "writeDescription" | "now">;

export type ReviewValueResult =
  | { ok: true; message: string; item: ReviewItem; rewritten: boolean }
  | {
      ok: false;
      reason: "not-found" | "wrong-status" | "changed" | ResolveReviewError;
      message: string;
    };

export interface ReviewValueInput {
  shop: string;
  reportId: string;
  field: string;
  decision: "confirm" | "correct";
  /** The value printed on the page, for a correction. */
  value?: string;
}

/** Two merchants deciding at once: the loser reads the report again, a few times at most. */
const ATTEMPTS = 3;

export async function recordReviewDecision(
  deps: ReviewValueDeps,
  input: ReviewValueInput,
): Promise<ReviewValueResult> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const row = await getLabReport(deps.db, input.shop, input.reportId);
    if (!row) return { ok: false, reason: "not-found", message: "This lab report does not exist." };
    if (row.status !== "awaiting-approval" || row.report === null) {
      return {
        ok: false,
        reason: "wrong-status",
        message: "Values can be checked while the report waits for approval.",
      };
    }
    const report = labReportSchema.parse(JSON.parse(row.report));
    const at = deps.now();
    const resolved = resolveReviewItem(
      report,
      input.field,
      input.decision === "confirm"
        ? { kind: "confirm", at }
        : { kind: "correct", value: input.value ?? "", at },
      { uncertainFields: readStringList(row.uncertainFields) },
    );
    if (!resolved.ok) return resolved;
    const stored = await storeReviewedReport(deps.db, input.shop, input.reportId, {
      expected: row.report,
      report: resolved.report,
      uncertainFields: resolved.uncertainFields,
    });
    if (!stored) continue;

    const { item } = resolved;
    await recordActivity(deps.db, {
      shop: input.shop,
      actor: "merchant",
      action: "lab-report.confirmed-by-merchant",
      target: input.reportId,
      details: {
        field: item.field,
        value: item.resolution?.value ?? null,
        kind: item.resolution?.kind ?? null,
        reading: item.reading,
      },
    });
    const lastOne = unresolvedReviewItems(resolved.report).length === 0;
    const rewritten = lastOne && (await rewriteFromConfirmedValues(deps, input, row.productTitle));
    const what = item.resolution?.kind === "corrected" ? "corrected" : "confirmed";
    return {
      ok: true,
      item,
      rewritten,
      message: rewritten
        ? `${item.label} ${what}. The description was written again with the checked values.`
        : `${item.label} ${what}.`,
    };
  }
  return {
    ok: false,
    reason: "changed",
    message: "This report changed while you were deciding. Reload the page and try again.",
  };
}

/** A new version from the report as the merchant checked it; false when the newest is their edit. */
async function rewriteFromConfirmedValues(
  deps: ReviewValueDeps,
  input: ReviewValueInput,
  productTitle: string | null,
): Promise<boolean> {
  const [latest, settings, row] = await Promise.all([
    latestWrittenDescription(deps.db, input.shop, input.reportId),
    readShopPipelineSettings(deps.db, input.shop),
    getLabReport(deps.db, input.shop, input.reportId),
  ]);
  if (!settings || !row?.report || latest?.source === "merchant") return false;
  const written = await deps.writeDescription({
    report: labReportSchema.parse(JSON.parse(row.report)),
    product: { title: productTitle },
    settings: settings.writer,
  });
  const { id } = await addWrittenDescription(
    deps.db,
    input.shop,
    input.reportId,
    written.description,
  );
  await recordActivity(deps.db, {
    shop: input.shop,
    actor: "merchant",
    action: "lab-report.regenerated",
    target: input.reportId,
    details: { descriptionId: id, after: "values-checked" },
  });
  return true;
}
