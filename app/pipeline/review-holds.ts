import { missingReportFacts } from "./compliance-guard";
import { hempFlags } from "./hemp-flags";
import type { LabReport } from "./lab-report";
import { productCategory, productKind } from "./product-category";
import { unresolvedReviewItems } from "./review-list";

/**
 * Why a report waits for the merchant, as the report page lists them: the same reasons that hold
 * auto-publishing (app/inngest/auto-publish-policy.ts) that can be read again from the stored report
 * — hemp limits, facts the report lacks, a failed panel, extraction warnings, values extraction was
 * unsure of, values withheld until the merchant checks them against the page. A hemp limit cannot be fixed by editing the copy: the merchant must acknowledge it
 * before the description can be published.
 */
export interface ReviewHold {
  /** A hemp flag, a missing-fact code, `report-<warning>`, `uncertain-field` or `review-item`. */
  code: string;
  /** The figure or field the hold is about, in the pipeline's words (shown under the reason). */
  detail: string | null;
  /** Publishing needs the merchant's explicit acknowledgement of this hold. */
  acknowledge: boolean;
}

// Extraction warnings that explain a figure but hold nothing (write-description.ts agrees).
const INFORMATIONAL_REPORT_WARNINGS = new Set(["total-thc-computed", "total-cbd-computed"]);

export function reviewHolds(input: {
  report: LabReport;
  productTitle: string | null;
  warnings: string[];
  uncertainFields: string[];
}): ReviewHold[] {
  const { report } = input;
  const product = { title: input.productTitle ?? "" };
  const hemp = hempFlags(report, productKind(product, report), productCategory(product, report));
  return [
    ...hemp.map((flag) => ({ code: flag.code, detail: flag.message, acknowledge: true })),
    ...missingReportFacts(report).map((fact) => ({
      code: fact.code,
      detail: fact.code === "safety-panel-failed" ? failedPanels(report) : null,
      acknowledge: false,
    })),
    ...input.warnings
      .filter((code) => !INFORMATIONAL_REPORT_WARNINGS.has(code))
      .map((code) => ({ code: `report-${code}`, detail: null, acknowledge: false })),
    ...input.uncertainFields.map((field) => ({
      code: "uncertain-field",
      detail: field,
      acknowledge: false,
    })),
    // Resolved in the report page's "Values to check", not acknowledged: the label names the value.
    ...unresolvedReviewItems(report).map((item) => ({
      code: "review-item",
      detail: item.label,
      acknowledge: false,
    })),
  ];
}

/** True when every hold that needs an acknowledgement has one. */
export function holdsAcknowledged(holds: ReviewHold[], acknowledged: boolean): boolean {
  return acknowledged || !holds.some((hold) => hold.acknowledge);
}

function failedPanels(report: LabReport): string | null {
  const failed = report.safety.panels.filter((p) => p.status === "fail").map((p) => p.panel);
  return failed.length > 0 ? failed.join(", ") : null;
}
