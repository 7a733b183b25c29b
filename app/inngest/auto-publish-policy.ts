import type { DescriptionWarning } from "~/pipeline/description";
import type { StoredExtraction } from "./process-lab-report-deps";

/**
 * Why a lab report must wait for the merchant even when the shop auto-publishes. Publishing puts
 * numbers on a product page a customer relies on; anything extraction or the writer was unsure of,
 * and any compliance flag, needs a person to look first. An empty list means auto-publish may go.
 */
export function reviewReasons(
  extraction: StoredExtraction,
  descriptionWarnings: DescriptionWarning[],
): string[] {
  const reasons: string[] = [];
  for (const warning of extraction.warnings) reasons.push(`extraction-warning:${warning}`);
  for (const field of extraction.uncertainFields) reasons.push(`uncertain-field:${field}`);
  if (extraction.report.safety.overall === "fail") reasons.push("safety-panel-failed");
  for (const warning of descriptionWarnings) {
    if (warning.blocksAutoPublish) reasons.push(`description-warning:${warning.code}`);
  }
  return reasons;
}
