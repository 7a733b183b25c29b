import type { Analyte, LabReport, Measure, PerUnitAmounts } from "./lab-report";
import type { WithheldReason } from "./plausibility";
import { asPercent, halfStep } from "./printed-numbers";

/**
 * An edible's amounts checked against each other, within the rounding the document prints plus
 * one part in a hundred for a lab's arithmetic on unrounded figures:
 *
 * - per package = per serving × servings per package. Where they disagree, one of the three was
 *   misread (or misprinted); the per-serving amounts come from the results table itself, so the
 *   package amounts and the servings count are withheld.
 * - per serving = concentration × serving size, where the serving size is a mass. Where they
 *   disagree, the serving size read is not the one the lab used: it is withheld.
 */
export function checkPerUnitConsistency(
  report: LabReport,
  withhold: (field: string, reason: WithheldReason) => void,
): void {
  const perUnit = report.perUnit;
  if (!perUnit) return;
  const serving = perUnit.amounts.find((a) => a.basis === "serving");
  const pack = perUnit.amounts.find((a) => a.basis === "package");
  const servings = perUnit.servingsPerPackage;
  if (serving && pack && servings) {
    const pairs = pairsOf(serving, pack);
    if (
      pairs.some(
        ([s, p]) =>
          !agrees(
            s.value! * servings,
            p.value!,
            halfStep(s.value!) * servings + halfStep(p.value!),
          ),
      )
    ) {
      perUnit.amounts = perUnit.amounts.filter((a) => a !== pack);
      perUnit.servingsPerPackage = null;
      withhold("perUnit.package", "contradicts-servings");
      withhold("perUnit.servingsPerPackage", "contradicts-servings");
    }
  }
  const grams = servingMassInGrams(perUnit.servingSize);
  if (serving && grams !== null) {
    const checks = serving.cannabinoids.flatMap((amount) => {
      const concentration = report.cannabinoids.find((c) => c.analyte === amount.analyte);
      const percent = asPercent(concentration);
      if (!concentration || percent === null || amount.value === null || percent === 0) return [];
      const perGram = percent * 10;
      const slack =
        halfStep(concentration.value!) * (perGram / concentration.value!) * grams +
        halfStep(amount.value);
      return [agrees(perGram * grams, amount.value, slack)];
    });
    // Most of the table must disagree: one row may be a lab's rounding of a trace amount.
    if (checks.length > 0 && checks.filter((ok) => !ok).length * 2 > checks.length) {
      perUnit.servingSize = null;
      withhold("perUnit.servingSize", "contradicts-serving-size");
    }
  }
}

/** Totals and analytes printed with a value on both bases. */
function pairsOf(a: PerUnitAmounts, b: PerUnitAmounts): [Measure, Measure][] {
  const pairs: [Measure, Measure][] = [];
  const valued = (m: Measure | null | undefined): m is Measure =>
    !!m && m.value !== null && m.source === "printed";
  for (const key of ["thc", "cbd", "cannabinoids"] as const) {
    const x = a.totals[key];
    const y = b.totals[key];
    if (valued(x) && valued(y)) pairs.push([x, y]);
  }
  for (const x of a.cannabinoids) {
    const y: Analyte | undefined = b.cannabinoids.find((c) => c.analyte === x.analyte);
    if (valued(x) && valued(y)) pairs.push([x, y]);
  }
  return pairs;
}

function agrees(expected: number, printed: number, slack: number): boolean {
  return Math.abs(expected - printed) <= slack + 0.01 * Math.max(expected, printed) + 1e-9;
}

/** "3.2 g", "1 gummy, 7.0 grams" → grams; null for a count or a volume alone. */
export function servingMassInGrams(size: string | null): number | null {
  if (!size) return null;
  const match = /(\d+(?:[.,]\d+)?)\s*(mg|g|grams?)\b/i.exec(size);
  if (!match) return null;
  const value = Number((match[1] ?? "").replace(",", "."));
  if (!Number.isFinite(value) || value <= 0) return null;
  return match[2]?.toLowerCase() === "mg" ? value / 1000 : value;
}
