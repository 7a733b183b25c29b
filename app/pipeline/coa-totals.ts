import type { Analyte, LabReport, Measure } from "./lab-report";
import type { TotalHit } from "./analyte-tables";
import type { TotalKey } from "./analyte-dictionary";
import { nearCell } from "./labelled-values";
import type { Row } from "./text-layout";
import { parseValue } from "./value-parse";

/** Chooses each printed total; computes total THC/CBD from their parts only when none is printed. */

const DECARBOXYLATION = 0.877;

export function selectTotals(rows: Row[], hits: TotalHit[]): LabReport["totals"] {
  const pick = (key: TotalKey): Measure | null => {
    const ordered = hits
      .filter((h) => h.key === key)
      .sort((a, b) => a.rank - b.rank || a.rowIndex - b.rowIndex);
    for (const hit of ordered) {
      const measure = hit.measure ?? tileValue(rows, hit);
      if (measure && (measure.value !== null || measure.qualifier !== null)) {
        return { ...measure, source: "printed" };
      }
    }
    return null;
  };
  return {
    thc: pick("thc"),
    cbd: pick("cbd"),
    cannabinoids: pick("cannabinoids"),
    terpenes: pick("terpenes"),
  };
}

/** Tile layouts print "Total THC" with its value on the line below (or above). */
function tileValue(rows: Row[], hit: TotalHit): TotalHit["measure"] {
  for (const direction of [1, -1] as const) {
    const cell = nearCell(rows, hit.rowIndex, hit.labelCell, direction);
    const parsed = cell ? parseValue(cell.text) : null;
    if (
      parsed &&
      (parsed.value !== null || parsed.qualifier === "ND" || parsed.qualifier === "<LOQ")
    ) {
      return { value: parsed.value, qualifier: parsed.qualifier, unit: parsed.unit ?? "%" };
    }
  }
  return null;
}

/** Total = acid × 0.877 + neutral, when both are printed in the same unit; marked computed. */
export function computeTotal(
  acid: Analyte | undefined,
  neutral: Analyte | undefined,
): Measure | null {
  if (!acid || !neutral || acid.unit !== neutral.unit) return null;
  if (acid.qualifier === "NT" || neutral.qualifier === "NT") return null;
  if (acid.value === null && neutral.value === null) {
    const belowLoq = acid.qualifier === "<LOQ" || neutral.qualifier === "<LOQ";
    return {
      value: null,
      unit: acid.unit,
      qualifier: belowLoq ? "<LOQ" : "ND",
      source: "computed",
    };
  }
  const value = (acid.value ?? 0) * DECARBOXYLATION + (neutral.value ?? 0);
  return {
    value: Math.round(value * 10000) / 10000,
    unit: acid.unit,
    qualifier: null,
    source: "computed",
  };
}
