import { perUnitBasisOf, type LabReport, type Measure } from "~/pipeline/lab-report";
import { matchAnalyte } from "~/pipeline/analyte-dictionary";
import { panelKey, parseStatus } from "~/pipeline/safety-panels";

/**
 * Scores one lab report against one ground-truth object, per the corpus README: numbers within
 * 0.5 % relative or 0.002 absolute after unit conversion (1 % = 10 mg/g); ND matches ND, <LOQ
 * matches <LOQ or ND; a not-printed total may be computed (marked so) or absent; text ids after
 * removing spaces and case. Wrong and missing are counted apart.
 */

export type Outcome = "correct" | "wrong" | "missing";
export interface FieldScore {
  field: string;
  outcome: Outcome;
  expected: unknown;
  got: unknown;
  printedTotal: boolean;
}

type Truth = Record<string, unknown>;
interface TruthMeasure {
  value: number | string | null;
  unit?: string;
  printed?: boolean;
}

const NUMBER_FIELDS: [string, (r: LabReport) => Measure | null, boolean][] = [
  ["total_thc", (r) => r.totals.thc, true],
  ["total_cbd", (r) => r.totals.cbd, true],
  ["total_cannabinoids", (r) => r.totals.cannabinoids, true],
  ["total_terpenes", (r) => r.totals.terpenes, true],
  ["thca", (r) => analyte(r, "thca"), false],
  ["delta9_thc", (r) => analyte(r, "d9_thc"), false],
  ["delta8_thc", (r) => analyte(r, "d8_thc"), false],
  ["cbd", (r) => analyte(r, "cbd"), false],
  ["cbda", (r) => analyte(r, "cbda"), false],
  ["cbg", (r) => analyte(r, "cbg"), false],
  ["cbn", (r) => analyte(r, "cbn"), false],
];

function analyte(report: LabReport, key: string): Measure | null {
  return report.cannabinoids.find((a) => a.analyte === key) ?? null;
}

/**
 * Values per serving, unit or package compare only in the same unit (corpus README): they live in
 * the report's per-unit block, apart from the concentrations.
 */
function perUnitMeasure(report: LabReport, field: string, unit: string): Measure | null {
  const basis = perUnitBasisOf(unit);
  const amounts = report.perUnit?.amounts.find((a) => a.basis === basis);
  if (!amounts) return null;
  const total = /^total_(thc|cbd|cannabinoids)$/.exec(field)?.[1] as
    "thc" | "cbd" | "cannabinoids" | undefined;
  if (total) return amounts.totals[total];
  const key = field === "delta9_thc" ? "d9_thc" : field === "delta8_thc" ? "d8_thc" : field;
  return amounts.cannabinoids.find((a) => a.analyte === key) ?? null;
}

export function scoreReport(report: LabReport | null, truth: Truth): FieldScore[] {
  const scores: FieldScore[] = [];
  const uncertain = (truth.uncertain as string[] | undefined) ?? [];
  const isUncertain = (field: string) =>
    uncertain.some((u) => u.startsWith(`${field}:`) || u === field);
  const add = (
    field: string,
    outcome: Outcome,
    expected: unknown,
    got: unknown,
    printedTotal = false,
  ) => {
    if (!isUncertain(field)) scores.push({ field, outcome, expected, got, printedTotal });
  };

  // Lab name: the output must contain the lab's distinctive name (its first word as printed).
  const lab = typeof truth.lab === "string" ? truth.lab : null;
  if (lab) {
    const distinctive = lab.split(/[\s,(]/)[0]!.toLowerCase();
    const got = report?.lab.name ?? null;
    add(
      "lab",
      got === null ? "missing" : got.toLowerCase().includes(distinctive) ? "correct" : "wrong",
      distinctive,
      got,
    );
  }

  // Batch or sample id: either one matching counts.
  const ids = [truth.batch, truth.sample_id]
    .filter((v): v is string => typeof v === "string")
    .map((v) => squash(v.replace(/\s*\(.*$/, "").split(/;/)[0] ?? ""));
  if (ids.length > 0) {
    const got = [report?.sample.batch, report?.sample.sampleId].filter((v): v is string => !!v);
    const outcome =
      got.length === 0
        ? "missing"
        : got.some((g) =>
              ids.some(
                (id) => squash(g).includes(id) || (squash(g).length > 4 && id.includes(squash(g))),
              ),
            )
          ? "correct"
          : "wrong";
    add("batch_or_sample_id", outcome, ids, got);
  }

  for (const [field, get, isTotal] of NUMBER_FIELDS) {
    const expected = truth[field] as TruthMeasure | null | undefined;
    if (!expected || expected.value === null || expected.value === undefined) continue;
    const perUnit = expected.unit ? perUnitBasisOf(expected.unit) : null;
    const got = report
      ? perUnit
        ? perUnitMeasure(report, field, expected.unit ?? "")
        : get(report)
      : null;
    const printed = expected.printed !== false;
    const outcome = compareMeasure(expected, got);
    if (!printed && outcome === "correct" && got?.source === "printed") {
      add(field, "wrong", expected, got, isTotal);
    } else if (!printed && outcome === "missing") {
      continue;
    } else {
      add(field, outcome, expected, got, isTotal && printed && got?.source === "printed");
    }
  }

  const terpUnit = (truth.terpenes_named_unit as string | undefined) ?? "%";
  for (const [name, value] of Object.entries(
    (truth.terpenes_named as Record<string, number>) ?? {},
  )) {
    const key = matchAnalyte(name)?.key ?? name;
    const got = report?.terpenes.find((t) => t.analyte === key) ?? null;
    add(`terpene:${key}`, compareMeasure({ value, unit: terpUnit }, got), value, got);
  }

  for (const [name, status] of Object.entries((truth.panels as Record<string, string>) ?? {})) {
    const expected = normalizeVerdict(status);
    if (!expected) continue;
    const key = panelKey(name);
    const got = report?.safety.panels.find((p) => p.panel === key)?.status ?? null;
    add(
      `panel:${key}`,
      got === null ? "missing" : got === expected ? "correct" : "wrong",
      expected,
      got,
    );
  }

  if (typeof truth.overall_status === "string") {
    const expected = normalizeVerdict(truth.overall_status);
    const got = report?.safety.overall ?? null;
    if (expected)
      add(
        "overall",
        got === null ? "missing" : got === expected ? "correct" : "wrong",
        expected,
        got,
      );
  }

  if (typeof truth.qr_code_url === "string") {
    const got = report?.verificationUrl ?? null;
    add(
      "verification_url",
      got === null ? "missing" : got === truth.qr_code_url ? "correct" : "wrong",
      truth.qr_code_url,
      got,
    );
  }
  for (const [field, key] of [
    ["date_tested", "dateTested"],
    ["date_issued", "dateIssued"],
  ] as const) {
    if (typeof truth[field] !== "string") continue;
    const got = report?.sample[key] ?? null;
    add(
      field,
      got === null ? "missing" : got === truth[field] ? "correct" : "wrong",
      truth[field],
      got,
    );
  }
  return scores;
}

function squash(s: string): string {
  return s.replace(/\s+/g, "").toLowerCase();
}

/** pass / fail / not-tested / tested, from the ground truth's wording. */
export function normalizeVerdict(text: string): string | null {
  const t = text.toLowerCase();
  if (
    /^empty table/.test(t) ||
    /not tested|^nt\b|^ne\b|not performed|^n\/a|^na\b|not applicable/.test(t)
  )
    return "not-tested";
  if (/fail/.test(t)) return "fail";
  if (/^p\b|pass/.test(t)) return "pass";
  if (/complete|tested|check mark|^y\b/.test(t)) return "tested";
  return parseStatus(t);
}

function toComparable(value: number, unit: string): { value: number; unit: string } {
  const u = unit.toLowerCase();
  if (u === "mg/g") return { value: value / 10, unit: "%" };
  return { value, unit: u };
}

function compareMeasure(expected: TruthMeasure, got: Measure | null): Outcome {
  if (!got || (got.value === null && got.qualifier === null)) return "missing";
  if (typeof expected.value === "string") {
    const e = expected.value.toLowerCase();
    const isNd = /^(nd|not detected|none detected)$/.test(e);
    const isLoq = /^<|loq/.test(e);
    if (isNd) return got.qualifier === "ND" ? "correct" : "wrong";
    if (isLoq) return got.qualifier === "<LOQ" || got.qualifier === "ND" ? "correct" : "wrong";
    if (/^(nt|nr|n\/a)$/.test(e)) return got.qualifier === "NT" ? "correct" : "missing";
    return "wrong";
  }
  if (typeof expected.value !== "number" || got.value === null) return "wrong";
  const e = toComparable(expected.value, expected.unit ?? "%");
  const g = toComparable(got.value, got.unit);
  if (e.unit !== g.unit) return "wrong";
  const diff = Math.abs(e.value - g.value);
  return diff <= 0.002 || diff <= Math.abs(e.value) * 0.005 ? "correct" : "wrong";
}
