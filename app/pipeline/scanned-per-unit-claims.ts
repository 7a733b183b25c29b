import { PER_UNIT_UNITS, type Analyte, type LabReport, type Measure } from "./lab-report";
import type { FigureSighting, ScanEvidence } from "./ocr-figures";
import { servingMassInGrams } from "./plausibility-per-unit";
import { asPercent, halfStep } from "./printed-numbers";
import { figureClaim, type Claim } from "./scanned-claims";

/**
 * An edible's amounts per serving, unit or package read by OCR, each with what the page says for
 * it. An amount stands when the page prints the same fact another way, from other print: the
 * figure beside its label on two rows; a printed total its own parts add up to; the row's
 * concentration times the printed serving mass (mg/g × g = mg a serving), which confirms the
 * concentration too; the amount per serving times the servings per package, printed as the amount
 * per package. Every other amount is withheld and offered for review, as any OCR figure.
 */

const TOTAL_LABELS = { thc: "Total THC", cbd: "Total CBD", cannabinoids: "Total cannabinoids" };

export function perUnitClaims(report: LabReport, evidence: ScanEvidence): Claim[] {
  const perUnit = report.perUnit;
  if (!perUnit) return [];
  const claims: Claim[] = [];
  const grams = servingMassInGrams(perUnit.servingSize);
  const servings = perUnit.servingsPerPackage;
  const perServing = perUnit.amounts.find((a) => a.basis === "serving");
  const perPackage = perUnit.amounts.find((a) => a.basis === "package");
  for (const amounts of perUnit.amounts) {
    const prefix = `perUnit.${amounts.basis}`;
    const per = ` per ${amounts.basis}`;
    for (const analyte of amounts.cannabinoids) {
      if (analyte.value === null) continue;
      const sightings = evidence.sightings({ analyte: analyte.analyte }, analyte.value);
      const field = `${prefix}.cannabinoids.${analyte.analyte}`;
      const claim = figureClaim(field, `${analyte.label}${per}`, analyte, sightings, evidence);
      if (!claim.confirmed && amounts.basis === "serving" && grams !== null) {
        const concentration = report.cannabinoids.find((c) => c.analyte === analyte.analyte);
        if (concentration && massAgrees(analyte, sightings, concentration, grams, evidence)) {
          claim.confirmed = true;
          claim.alsoConfirms = [`cannabinoids.${analyte.analyte}`, "perUnit.servingSize"];
        }
      }
      if (!claim.confirmed && servings && servings > 1) {
        const other = amounts.basis === "serving" ? perPackage : perServing;
        const twin = other?.cannabinoids.find((c) => c.analyte === analyte.analyte);
        const factor = amounts.basis === "serving" ? servings : 1 / servings;
        if (twin && packageAgrees(analyte, sightings, twin, factor, evidence)) {
          claim.confirmed = true;
          claim.alsoConfirms = ["perUnit.servingsPerPackage"];
        }
      }
      claims.push(claim);
    }
    for (const key of ["thc", "cbd", "cannabinoids"] as const) {
      const measure = amounts.totals[key];
      if (!measure || measure.value === null) continue;
      const field = `${prefix}.totals.${key}`;
      const label = `${TOTAL_LABELS[key]}${per}`;
      if (measure.source === "computed") {
        const parts = key === "thc" ? ["thca", "d9_thc"] : key === "cbd" ? ["cbda", "cbd"] : [];
        const claim = figureClaim(field, label, measure, [], evidence);
        claims.push({ ...claim, dependsOn: parts.map((p) => `${prefix}.cannabinoids.${p}`) });
        continue;
      }
      const sightings = evidence.sightings({ total: key }, measure.value);
      const claim = figureClaim(field, label, measure, sightings, evidence);
      if (!claim.confirmed && partsAddUp(key, measure, amounts.cannabinoids)) {
        claim.confirmed = true;
      }
      claims.push(claim);
    }
  }
  return claims;
}

/**
 * The amount per serving is what the row's concentration gives for the printed serving mass,
 * within the rounding of both figures: three prints (two columns and the serving size) agree. Both
 * figures must be words read on the page, each its own, and neither zero.
 */
function massAgrees(
  amount: Analyte,
  sightings: FigureSighting[],
  concentration: Measure,
  grams: number,
  evidence: ScanEvidence,
): boolean {
  const percent = asPercent(concentration);
  if (amount.value === null || !percent || percent <= 0 || concentration.value === null) {
    return false;
  }
  if (amount.unit !== PER_UNIT_UNITS.serving) return false;
  const pair = readApart(
    sightings,
    evidence.sightings({ analyte: amount.analyte }, concentration.value),
  );
  if (!pair) return false;
  const perGram = percent * 10;
  const expected = perGram * grams;
  const slack =
    pair[1].halfUnit * (perGram / concentration.value) * grams + pair[0].halfUnit + 1e-9;
  return Math.abs(expected - amount.value) <= slack;
}

/** Per serving × servings per package is the amount per package, both read on the page. */
function packageAgrees(
  amount: Analyte,
  sightings: FigureSighting[],
  twin: Analyte,
  factor: number,
  evidence: ScanEvidence,
): boolean {
  if (amount.value === null || twin.value === null || amount.value <= 0) return false;
  const pair = readApart(sightings, evidence.sightings({ analyte: twin.analyte }, twin.value));
  if (!pair) return false;
  const slack = pair[0].halfUnit * factor + pair[1].halfUnit + 1e-9;
  return Math.abs(amount.value * factor - twin.value) <= slack;
}

/** Both figures as read on scanned pages, from different words; null when either was not. */
function readApart(
  first: FigureSighting[],
  second: FigureSighting[],
): [FigureSighting, FigureSighting] | null {
  for (const a of first) {
    const b = second.find((s) => s.scanned && s.word !== a.word);
    if (a.scanned && b) return [a, b];
  }
  return null;
}

/** A printed total per serving equal to the sum its parts (THC: acid × 0.877 + neutral). */
function partsAddUp(key: "thc" | "cbd" | "cannabinoids", total: Measure, list: Analyte[]): boolean {
  if (total.value === null || total.value <= 0) return false;
  const inUnit = list.filter((a) => a.unit === total.unit);
  let expected = 0;
  let tolerance = halfStep(total.value);
  if (key === "cannabinoids") {
    const counted = inUnit.filter((a) => a.value !== null);
    if (counted.length < 2) return false;
    for (const part of counted) {
      expected += part.value ?? 0;
      tolerance += halfStep(part.value ?? 0);
    }
  } else {
    const acid = inUnit.find((a) => a.analyte === (key === "thc" ? "thca" : "cbda"));
    const neutral = inUnit.find((a) => a.analyte === (key === "thc" ? "d9_thc" : "cbd"));
    if (!acid || !neutral) return false;
    for (const [part, weight] of [
      [acid, 0.877],
      [neutral, 1],
    ] as const) {
      if (part.value === null && part.qualifier !== "ND") return false;
      expected += weight * (part.value ?? 0);
      tolerance += part.value === null ? 0 : weight * halfStep(part.value);
    }
  }
  return expected > 0 && Math.abs(expected - total.value) <= tolerance + 1e-9;
}
