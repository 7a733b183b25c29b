import { CALIFORNIA_FDA_STATEMENT } from "./compliance-guard";
import type { LabReport } from "./lab-report";
import type { ProductKind } from "./product-category";
import type { WriterSettings } from "./writer-settings";

/**
 * The disclosures every description ends with. Written here, never by the model, so their words
 * are exact on both paths.
 */
export function buildDisclosures(
  report: LabReport,
  kind: ProductKind,
  settings: WriterSettings,
): string[] {
  const disclosures: string[] = [];
  disclosures.push(
    report.lab.name
      ? `Results describe the sample tested by ${plain(report.lab.name)}; other batches may differ.`
      : "Results describe the sample tested; other batches may differ.",
  );
  if (report.totals.thc?.source === "computed") {
    disclosures.push(
      "Total THC is calculated from the printed THCa and Δ9-THC results (THCa × 0.877 + Δ9-THC).",
    );
  }
  disclosures.push(
    kind === "hemp"
      ? "Hemp-derived product. Check the laws where you live before ordering. Keep out of reach of children and pets."
      : "For adults 21 and older. Keep out of reach of children and pets.",
  );
  if (settings.region === "US-CA") disclosures.push(CALIFORNIA_FDA_STATEMENT);
  return disclosures;
}

function plain(text: string): string {
  return text.replace(/[<>]/g, " ").replace(/\s+/g, " ").trim();
}
