import type { LabReport, Panel, PanelStatus } from "./lab-report";

/**
 * What the storefront block and the copy may claim of a report's safety testing: no more than the
 * document. A potency or terpene "panel" ("Cannabinoids: Pass") says the lab measured them, not
 * that the product is safe; a report the lab marks R&D or QA-only is no compliance test, so it
 * never yields "passed safety testing"; a panel the lab did not judge is "tested, no verdict".
 */

const POTENCY_PANEL =
  /^(?:cannabinoids?|cannabinoid_profile|potency|terpenes?|terpene_profile|terpenes_total|label_claim|homogeneity)$/;

export function isPotencyPanel(panel: string): boolean {
  return POTENCY_PANEL.test(panel);
}

/** The report's safety panels: contaminants and conditions, without potency or terpenes. */
export function safetyPanels(report: LabReport): Panel[] {
  return report.safety.panels.filter((p) => !isPotencyPanel(p.panel));
}

/** Said of a report the lab marks R&D or QA-only: its panels are no compliance test. */
export const NOT_COMPLIANCE_TEXT =
  "The lab marks this report as R&D or quality-assurance testing, not a compliance test.";

export function isComplianceReport(report: LabReport): boolean {
  return !report.warnings.includes("not-a-compliance-coa");
}

/**
 * The overall safety verdict to show shoppers: a fail whenever any safety panel failed; a pass
 * only when the lab printed one, judged at least one safety panel, and the report is a
 * compliance COA; "tested" (no verdict printed) when panels were run but not judged, or when the
 * report is R&D or QA-only; null when nothing was tested.
 */
export function safetyVerdict(report: LabReport): PanelStatus | null {
  const panels = safetyPanels(report);
  if (report.safety.overall === "fail" || panels.some((p) => p.status === "fail")) return "fail";
  const judged = panels.filter((p) => p.status !== "not-tested");
  if (judged.length === 0) return report.safety.overall === "not-tested" ? "not-tested" : null;
  if (!isComplianceReport(report)) return "tested";
  if (report.safety.overall === "pass") return "pass";
  // No overall verdict printed: each safety panel the lab ran was judged a pass.
  const allPass = judged.length === panels.length && judged.every((p) => p.status === "pass");
  return report.safety.overall === null && allPass ? "pass" : "tested";
}
