import type { Analyte, LabReport, Measure } from "./lab-report";
import type { TotalHit } from "./analyte-tables";
import type { TotalKey } from "./analyte-dictionary";
import type { Cell, Row } from "./text-layout";
import { normalizeUnit, parseValue } from "./value-parse";
import { decimals, roundTo } from "./printed-numbers";

/** Chooses each printed total; computes total THC/CBD from their parts only when none is printed. */

const DECARBOXYLATION = 0.877;

/**
 * Every printed reading of each total, in order of preference: when the chosen one contradicts
 * its components, the plausibility gate tries the others (a dry-weight headline beside
 * as-received rows, a neighbouring column).
 */
export function totalReadings(rows: Row[], hits: TotalHit[]): Record<TotalKey, Measure[]> {
  const readings: Record<TotalKey, Measure[]> = {
    thc: [],
    cbd: [],
    cannabinoids: [],
    terpenes: [],
  };
  for (const hit of [...hits].sort((a, b) => a.rank - b.rank || a.rowIndex - b.rowIndex)) {
    const measure = hit.measure ?? tileValue(rows, hit);
    if (measure && (measure.value !== null || measure.qualifier !== null)) {
      readings[hit.key].push({ ...measure, source: "printed" });
    }
  }
  return readings;
}

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

/** Result units in order of preference for a tile that prints one total in several units. */
const TILE_UNITS = ["%", "mg/g", "mg/serving", "mg/unit", "mg/package", "mg/ml", "ppm", "mg"];

const BARE_UNIT = /^(?:%|mg\/g|mg\/serving|mg\/unit|mg\/package|mg\/pkg)$/i;

/**
 * Tile layouts print "Total THC" with its value on the line below (or above), often twice: "17%,
 * 170mg/g" in one cell, or "88.130%" and "945.930mg" straddling the label. The nearest line with a
 * value under the label wins; within it, the unit a reader expects first.
 */
function tileValue(rows: Row[], hit: TotalHit): TotalHit["measure"] {
  // Nearest lines first, below before above; a third line only once both sides came up empty
  // (a heading on two lines, "TERPENES TOTAL / GC-FID", then its value).
  const order: [1 | -1, number, number][] = [
    [1, 1, 2],
    [-1, 1, 2],
    [1, 3, 3],
    [-1, 3, 3],
  ];
  for (const [direction, from, to] of order) {
    const found = tileValueAt(rows, hit, direction, from, to);
    if (found) return found;
  }
  return null;
}

function tileValueAt(
  rows: Row[],
  hit: TotalHit,
  direction: 1 | -1,
  from: number,
  to: number,
): TotalHit["measure"] {
  const row = rows[hit.rowIndex];
  if (!row) return null;
  const { x, xEnd } = hit.labelCell;
  const reach = (xEnd - x) / 2;
  // A tile may print its unit on a line of its own between the label and the number.
  let unitLine: string | null = null;
  for (let step = 1; step <= to; step++) {
    const other = rows[hit.rowIndex + step * direction];
    if (!other || other.page !== row.page || Math.abs(other.y - row.y) > row.height * 3.5) break;
    // Nearest first, so that between two values in the same unit the one under the label wins.
    const centre = (x + xEnd) / 2;
    const offset = (c: Cell): number => Math.abs((c.x + c.xEnd) / 2 - centre);
    const under = other.cells
      .filter((c) => c.x < xEnd + reach && c.xEnd > x - reach)
      .sort((a, b) => offset(a) - offset(b));
    const unitCell = under.find((c) => BARE_UNIT.test(c.text));
    if (unitCell) unitLine = normalizeUnit(unitCell.text);
    const values = under
      .flatMap((c) => tileParts(c.text).map((part) => parseValue(part)))
      .filter(
        (p): p is NonNullable<typeof p> =>
          p !== null && (p.value !== null || p.qualifier === "ND" || p.qualifier === "<LOQ"),
      );
    // Lines nearer than `from` were searched before: they may lend their unit, not a value.
    if (values.length === 0 || step < from) continue;
    const rank = (unit: string | null): number => {
      const i = TILE_UNITS.indexOf(unit ?? "%");
      return i < 0 ? TILE_UNITS.length : i;
    };
    const best = [...values].sort((a, b) => rank(a.unit) - rank(b.unit))[0];
    if (!best) continue;
    return { value: best.value, qualifier: best.qualifier, unit: best.unit ?? unitLine ?? "%" };
  }
  return null;
}

/** "17%, 170mg/g" holds two values; "TESTED (4.691 %)" holds one, in parentheses. */
function tileParts(text: string): string[] {
  const inParens = /\(([^()]*\d[^()]*)\)/.exec(text)?.[1];
  return inParens ? [inParens] : text.split(/,\s+/);
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
  // No more digits than the printed parts carry: 23.81 × 0.877 + 0.45 is 21.33, not 21.33137.
  const digits = Math.max(
    ...[acid.value, neutral.value].filter((v): v is number => v !== null).map(decimals),
  );
  return {
    value: roundTo(value, digits),
    unit: acid.unit,
    qualifier: null,
    source: "computed",
  };
}

/**
 * A printed total its own table contradicts was misread (a limit column taken for a result, a
 * neighbour's tile): total THC below its Δ9-THC or below 0.877 × THCA, total CBD below its CBD,
 * total cannabinoids below the decarboxylated largest cannabinoid. Such totals are withheld; the
 * caller may compute THC and CBD instead. Returns the keys withheld.
 */
export function withholdContradictedTotals(
  totals: LabReport["totals"],
  cannabinoids: Analyte[],
): (keyof LabReport["totals"])[] {
  const percent = (m: { value: number | null; unit: string } | null | undefined): number | null => {
    if (!m || m.value === null) return null;
    if (m.unit === "%") return m.value;
    if (m.unit === "mg/g") return m.value / 10;
    return null;
  };
  const part = (key: string): number => percent(cannabinoids.find((a) => a.analyte === key)) ?? 0;
  const largest = Math.max(0, ...cannabinoids.map((a) => percent(a) ?? 0));
  const floors: [keyof LabReport["totals"], number][] = [
    ["thc", Math.max(part("d9_thc"), DECARBOXYLATION * part("thca"))],
    ["cbd", Math.max(part("cbd"), DECARBOXYLATION * part("cbda"))],
    ["cannabinoids", DECARBOXYLATION * largest],
  ];
  const withheld: (keyof LabReport["totals"])[] = [];
  for (const [key, floor] of floors) {
    const total = totals[key];
    const value = percent(total);
    if (total?.source !== "printed" || value === null || floor <= 0) continue;
    // Rounding and a lab's own arithmetic stay well inside this margin.
    if (value < floor * 0.9 - 0.01) {
      totals[key] = null;
      withheld.push(key);
    }
  }
  return withheld;
}
