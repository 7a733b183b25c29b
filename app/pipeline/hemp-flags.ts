import { PER_UNIT_UNITS, type Analyte, type LabReport, type Measure } from "./lab-report";
import { decimals, roundTo } from "./printed-numbers";
import type { ProductCategory, ProductKind } from "./product-category";
import type { DescriptionWarning } from "./description";
import { concentrationBasis } from "./report-basis";

/**
 * Hemp limits a merchant must confirm before a hemp product's copy goes live. They block
 * auto-publishing; they never change the copy. Limits: the 2018 Farm Bill's 0.3 % Δ9-THC on a
 * dry-weight basis, the total-THC reading of it (THCa × 0.877 + Δ9-THC, the USDA post-decarboxylation
 * formula), the 0.4 mg total THC per container cap for hemp-derived consumables (the federal hemp
 * redefinition of late 2025), and Δ8/Δ10-THC, which many states restrict in hemp products.
 */
const DRY_WEIGHT_LIMIT_PERCENT = 0.3;
const CONTAINER_LIMIT_MG = 0.4;
const THCA_DECARB_FACTOR = 0.877;
const CONSUMABLES: ProductCategory[] = ["edibles", "tinctures", "beverages"];

export function hempFlags(
  report: LabReport,
  kind: ProductKind,
  category: ProductCategory,
): DescriptionWarning[] {
  if (kind !== "hemp") return [];
  const flags: DescriptionWarning[] = [];
  const flag = (code: string, message: string) =>
    flags.push({ code, message, blocksAutoPublish: true });

  const d9 = analyte(report, "d9_thc");
  const thca = analyte(report, "thca");
  const d9Percent = asPercent(d9);
  if (d9Percent !== null && d9Percent > DRY_WEIGHT_LIMIT_PERCENT) {
    flag(
      "hemp-d9-thc-over-limit",
      `Δ9-THC is ${d9Percent}% (${basisNote(report)}), above the 0.3% hemp limit.`,
    );
  }

  const printedTotal = asPercent(report.totals.thc);
  const thcaPercent = asPercent(thca);
  const computedTotal =
    thcaPercent !== null || d9Percent !== null
      ? round((thcaPercent ?? 0) * THCA_DECARB_FACTOR + (d9Percent ?? 0))
      : null;
  const totalOver = [printedTotal, computedTotal].some(
    (v) => v !== null && v > DRY_WEIGHT_LIMIT_PERCENT,
  );
  if (totalOver) {
    const shown = printedTotal !== null ? `printed ${printedTotal}%` : `computed ${computedTotal}%`;
    flag(
      "hemp-total-thc-over-limit",
      `Total THC (THCa × 0.877 + Δ9-THC) is over 0.3% (${shown}); many states and the federal definition count THCa.`,
    );
  }

  if (CONSUMABLES.includes(category)) flags.push(...containerFlags(report));

  for (const key of ["d8_thc", "d10_thc"] as const) {
    const found =
      analyte(report, key) ??
      (report.perUnit?.amounts ?? [])
        .flatMap((a) => a.cannabinoids)
        .find((a) => a.analyte === key && isQuantified(a)) ??
      null;
    if (found && isQuantified(found)) {
      flag(
        `hemp-${key.replace("_", "-")}-present`,
        `${found.label} is present; many states restrict or ban it in hemp products.`,
      );
    }
  }
  return flags;
}

/**
 * THC per container from the report's per-unit block: a per-package amount as printed, or a
 * per-serving (per-unit) amount times the servings per package where both are printed. A serving
 * alone over the cap already puts the container over it.
 */
function containerFlags(report: LabReport): DescriptionWarning[] {
  const perContainer = thcPerContainer(report);
  if (perContainer && perContainer.mg > CONTAINER_LIMIT_MG) {
    return [
      {
        code: "hemp-thc-per-container-over-limit",
        message: `THC of ${perContainer.shown} already exceeds 0.4 mg total THC per container for a hemp-derived consumable.`,
        blocksAutoPublish: true,
      },
    ];
  }
  if (perContainer?.complete) return [];
  const thcRows = [
    ...report.cannabinoids,
    ...(report.perUnit?.amounts ?? []).flatMap((a) => a.cannabinoids),
  ].filter((a) => /thc/.test(a.analyte) && a.analyte !== "thcv");
  const perUnitTotals = (report.perUnit?.amounts ?? []).map((a) => a.totals.thc);
  const anyThc = [report.totals.thc, ...perUnitTotals, ...thcRows].some(
    (m) => m !== null && isQuantified(m),
  );
  if (!anyThc) return [];
  // A percentage or mg/g cannot become mg per container without the container's weight.
  return [
    {
      code: "hemp-thc-per-container-unverified",
      message:
        "THC is quantified but the report does not give mg per container; confirm the container holds no more than 0.4 mg total THC.",
      blocksAutoPublish: true,
    },
  ];
}

/**
 * The largest THC amount the per-unit block shows for a whole container, and whether it is the
 * container's (per package, or per serving × servings per package) or only a lower bound.
 */
function thcPerContainer(
  report: LabReport,
): { mg: number; shown: string; complete: boolean } | null {
  const perUnit = report.perUnit;
  if (!perUnit) return null;
  let best: { mg: number; shown: string; complete: boolean } | null = null;
  for (const amounts of perUnit.amounts) {
    const thc = thcAmount(amounts.totals.thc, amounts.cannabinoids);
    if (thc === null) continue;
    const unit = PER_UNIT_UNITS[amounts.basis];
    let candidate: { mg: number; shown: string; complete: boolean };
    if (amounts.basis === "package") {
      candidate = { mg: thc, shown: `${thc} ${unit}`, complete: true };
    } else if (perUnit.servingsPerPackage) {
      const mg = roundTo(thc * perUnit.servingsPerPackage, decimals(thc));
      candidate = {
        mg,
        shown: `${thc} ${unit} × ${perUnit.servingsPerPackage} per package = ${mg} mg`,
        complete: true,
      };
    } else {
      candidate = { mg: thc, shown: `${thc} ${unit}`, complete: false };
    }
    if (!best || candidate.mg > best.mg || (candidate.complete && !best.complete)) best = candidate;
  }
  return best;
}

/** Total THC of one basis: printed (or computed) total, else Δ9-THC + Δ8-THC as printed. */
function thcAmount(total: Measure | null, cannabinoids: Analyte[]): number | null {
  if (total && isQuantified(total)) return total.value;
  if (total && (total.qualifier === "ND" || total.qualifier === "<LOQ")) return 0;
  const parts = cannabinoids.filter((a) => /thc/.test(a.analyte) && a.analyte !== "thcv");
  if (parts.length === 0) return null;
  return parts.reduce((sum, a) => sum + (isQuantified(a) ? (a.value ?? 0) : 0), 0);
}

function analyte(report: LabReport, key: string): Analyte | null {
  return report.cannabinoids.find((a) => a.analyte === key) ?? null;
}

/** The measure in percent, when it is a quantified % or mg/g value (1% = 10 mg/g). */
function asPercent(m: Measure | null): number | null {
  if (m === null || !isQuantified(m) || m.value === null) return null;
  const unit = m.unit.toLowerCase().replace(/\s+/g, "");
  if (unit === "%") return m.value;
  if (unit === "mg/g") return round(m.value / 10);
  return null;
}

function isQuantified(m: Measure): boolean {
  return m.value !== null && m.value > 0 && m.qualifier !== "ND" && m.qualifier !== "<LOQ";
}

/** The basis of the Δ9-THC share quoted: a concentration's, never "per serving". */
function basisNote(report: LabReport): string {
  const basis = concentrationBasis(report);
  return basis === "dry-weight" ? "dry weight" : `basis: ${basis ?? "not stated"}`;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
