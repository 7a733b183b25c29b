import type { DescriptionWarning } from "~/pipeline/description";
import { unresolvedReviewItems } from "~/pipeline/review-list";
import type { StoredExtraction } from "./process-lab-report-ports";

/**
 * Why a lab report must wait for the merchant even when the shop auto-publishes. Publishing puts
 * numbers on a product page a customer relies on: anything extraction was unsure of, a failed safety
 * panel, and every writer warning that blocks auto-publish (hemp limits, missing facts, extraction
 * warnings other than informational ones such as "total-thc-computed" — the writer classifies
 * those, app/pipeline/write-description.ts) and every value withheld until the merchant checks it
 * against the page (`report.review`) need a person to look first. Empty: auto-publish may go.
 */
export function reviewReasons(
  extraction: StoredExtraction,
  descriptionWarnings: DescriptionWarning[],
): string[] {
  const reasons: string[] = [];
  for (const field of extraction.uncertainFields) reasons.push(`uncertain-field:${field}`);
  for (const item of unresolvedReviewItems(extraction.report)) {
    reasons.push(`review-item:${item.field}`);
  }
  if (extraction.report.safety.overall === "fail") reasons.push("safety-panel-failed");
  for (const warning of descriptionWarnings) {
    if (warning.blocksAutoPublish) reasons.push(`warning:${warning.code}`);
  }
  return reasons;
}
