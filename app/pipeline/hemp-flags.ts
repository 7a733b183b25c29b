import type { Analyte, LabReport, Measure } from "./lab-report";
import type { ProductCategory, ProductKind } from "./product-category";
import type { DescriptionWarning } from "./description";

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
    const found = analyte(report, key);
    if (found && isQuantified(found)) {
      flag(
        `hemp-${key.replace("_", "-")}-present`,
        `${found.label} is present; many states restrict or ban it in hemp products.`,
      );
    }
  }
  return flags;
}

function containerFlags(report: LabReport): DescriptionWarning[] {
  const thcMeasures = [report.totals.thc, analyte(report, "d9_thc"), analyte(report, "d8_thc")];
  const mgValues = thcMeasures.filter(
    (m): m is Measure => m !== null && isQuantified(m) && m.unit.toLowerCase().startsWith("mg/"),
  );
  const over = mgValues.find(
    (m) => m.unit.toLowerCase() !== "mg/g" && (m.value ?? 0) > CONTAINER_LIMIT_MG,
  );
  if (over) {
    return [
      {
        code: "hemp-thc-per-container-over-limit",
        message: `THC of ${over.value} ${over.unit} already exceeds 0.4 mg total THC per container for a hemp-derived consumable.`,
        blocksAutoPublish: true,
      },
    ];
  }
  const anyThc = thcMeasures.some((m) => m !== null && isQuantified(m));
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

function basisNote(report: LabReport): string {
  return report.basis === "dry-weight" ? "dry weight" : `basis: ${report.basis ?? "not stated"}`;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
