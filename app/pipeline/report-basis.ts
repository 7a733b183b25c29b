import { perUnitBasisOf, type Analyte, type LabReport } from "./lab-report";
import type { Row } from "./text-layout";

/**
 * `basis`: what the report's concentrations are — dry weight or as received — as the document
 * states it (docs/lab-report-contract.md). Amounts per serving, unit or package say their own
 * basis (`perUnit`), so an edible's mg/g table is never called "per serving".
 */

/**
 * The basis as the document states it: dry weight, or as received ("tested as-is/received"). Per
 * serving or per unit only when the results table holds amounts and no concentration at all; an
 * edible printing mg/g beside mg per serving, or mentioning servings somewhere, keeps for its mg/g
 * figures the basis its COA states (or none).
 */
export function readBasis(rows: Row[], cannabinoids: Analyte[]): LabReport["basis"] {
  const units = cannabinoids.filter((a) => a.value !== null).map((a) => a.unit);
  const amountsOnly = units.length > 0 && units.every((u) => perUnitBasisOf(u) !== null);
  const most = (unit: string): boolean => units.filter((u) => u === unit).length * 2 > units.length;
  if (amountsOnly && most("mg/serving")) return "per-serving";
  if (amountsOnly && most("mg/unit")) return "per-unit";
  const text = rows
    .map((r) => r.text)
    .join("\n")
    .toLowerCase();
  if (/dry[- ]weight|corrected for moisture/.test(text)) return "dry-weight";
  // "was received" is a date's or a courier's word, not a basis.
  if (/\bas[- ](?:is\s*\/\s*)?received\b/.test(text)) return "as-received";
  return null;
}

/**
 * The basis of the concentrations the report shows (totals and analyte tables), for the report page
 * and the storefront. A stored report may say "per serving" beside an mg/g table (read before
 * `basis` kept to concentrations): that says nothing of the mg/g figures, so it is not shown.
 * "Per serving" or "per unit" stays for a report that shows no concentration at all.
 */
export function concentrationBasis(report: LabReport): LabReport["basis"] {
  const basis = report.basis;
  if (basis !== "per-serving" && basis !== "per-unit") return basis;
  return showsConcentrations(report) ? null : basis;
}

function showsConcentrations(report: LabReport): boolean {
  const { thc, cbd, cannabinoids, terpenes } = report.totals;
  return [thc, cbd, cannabinoids, terpenes, ...report.cannabinoids, ...report.terpenes].some(
    (m) => m !== null && (m.value !== null || m.qualifier !== null) && !perUnitBasisOf(m.unit),
  );
}
