import type { Measure } from "./lab-report";

/** Numbers as a lab prints them: their rounding, and concentrations in one scale. */

/** The measure as a share of the sample in percent (1 % = 10 mg/g = 10,000 ppm), or null. */
export function asPercent(m: Pick<Measure, "value" | "unit"> | null | undefined): number | null {
  if (!m || m.value === null) return null;
  const unit = m.unit.toLowerCase().replace(/\s+/g, "");
  if (unit === "%") return m.value;
  if (unit === "mg/g") return m.value / 10;
  if (unit === "ppm" || unit === "µg/g" || unit === "ug/g") return m.value / 10_000;
  return null;
}

/** Half the last printed digit's step: 21.33 → 0.005, 0.5 → 0.05, 12 → 0.5. */
export function halfStep(value: number): number {
  return 0.5 * 10 ** -decimals(value);
}

/** Digits after the decimal point, as the number was printed (trailing zeros are lost). */
export function decimals(value: number): number {
  const text = String(value);
  if (/e-/i.test(text)) return Number(text.split(/e-/i)[1] ?? 0) + 1;
  return text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
}

/** A value rounded to `digits` decimals, without binary noise (0.1 + 0.2 → 0.3). */
export function roundTo(value: number, digits: number): number {
  return Number(value.toFixed(Math.min(Math.max(digits, 0), 6)));
}

/**
 * A value rounded half up to `digits` decimals as it is written in decimal: 1.005 → 1.01, where
 * `toFixed` gives 1.00 (the binary 1.005 lies just below it). How people round a printed figure.
 */
export function roundHalfUp(value: number, digits: number): number {
  const places = Math.min(Math.max(digits, 0), 6);
  const text = String(Math.abs(value));
  if (/e/i.test(text)) return roundTo(value, places);
  const shifted = Math.round(Number(`${text}e${places}`));
  return Math.sign(value) * Number(`${shifted}e-${places}`);
}
