import { z } from "zod";
import { reviewItemSchema } from "./review-items";

/**
 * The lab report: the contract between extraction, writing, storage, the CLI and the storefront
 * (docs/lab-report-contract.md; the Shopify side in docs/decisions/007-…). Names are stable; additions are fine; a change of meaning raises
 * LAB_REPORT_VERSION and upgrades stored reports in `upgradeLabReport`.
 */

/**
 * 2: concentrations (totals, analyte lists) and amounts per serving, unit or package (`perUnit`)
 * are kept apart. Reports stored before (no `version`) are read as version 1 and upgraded.
 */
export const LAB_REPORT_VERSION = 2;

export const qualifierSchema = z.enum(["ND", "<LOQ", ">ULOQ", "NT"]);
export type Qualifier = z.infer<typeof qualifierSchema>;

export const measureSchema = z.object({
  value: z.number().nullable(),
  /**
   * In `totals` and the analyte lists, a concentration: "%", "mg/g", "mg/ml", "ppm". In
   * `perUnit`, an amount: "mg/serving", "mg/unit", "mg/package".
   */
  unit: z.string(),
  qualifier: qualifierSchema.nullable(),
  /**
   * "printed": read from the document; "computed": derived from printed values (and said so);
   * "confirmed-by-merchant": a reading the app could not confirm, checked by the merchant against the page.
   */
  source: z.enum(["printed", "computed", "confirmed-by-merchant"]),
});
export type Measure = z.infer<typeof measureSchema>;

export const analyteSchema = measureSchema.extend({
  /** Canonical key, e.g. "thca", "d9_thc", "beta-myrcene". */
  analyte: z.string(),
  /** The label as printed on the document. */
  label: z.string(),
});
export type Analyte = z.infer<typeof analyteSchema>;

export const panelStatusSchema = z.enum(["pass", "fail", "not-tested", "tested"]);
export type PanelStatus = z.infer<typeof panelStatusSchema>;

export const PANEL_KEYS = [
  "pesticides",
  "heavy_metals",
  "microbials",
  "mycotoxins",
  "residual_solvents",
  "water_activity",
  "moisture",
  "foreign_matter",
] as const;

export const panelSchema = z.object({
  /** One of PANEL_KEYS, or another panel name as a snake_case key. */
  panel: z.string(),
  status: panelStatusSchema,
});
export type Panel = z.infer<typeof panelSchema>;

export const basisSchema = z.enum(["dry-weight", "as-received", "per-serving", "per-unit"]);

/** Units of an amount in one serving, one unit (a gummy, a pre-roll) or one package. */
export const PER_UNIT_UNITS = {
  serving: "mg/serving",
  unit: "mg/unit",
  package: "mg/package",
} as const;
export const perUnitBasisSchema = z.enum(["serving", "unit", "package"]);
export type PerUnitBasis = z.infer<typeof perUnitBasisSchema>;

/** Amounts the lab prints per serving, unit or package: never a concentration, never a total of one. */
export const perUnitAmountsSchema = z.object({
  basis: perUnitBasisSchema,
  totals: z.object({
    thc: measureSchema.nullable(),
    cbd: measureSchema.nullable(),
    cannabinoids: measureSchema.nullable(),
  }),
  cannabinoids: z.array(analyteSchema),
});
export type PerUnitAmounts = z.infer<typeof perUnitAmountsSchema>;

export const perUnitSchema = z.object({
  /** The serving size as printed ("1 gummy", "3.2 g"), when printed. */
  servingSize: z.string().nullable(),
  /** Servings per package as printed, when printed. */
  servingsPerPackage: z.number().nullable(),
  /** One entry per basis the document prints. */
  amounts: z.array(perUnitAmountsSchema),
});
export type PerUnit = z.infer<typeof perUnitSchema>;

export const currentLabReportSchema = z.object({
  version: z.literal(LAB_REPORT_VERSION),
  lab: z.object({ name: z.string().nullable(), license: z.string().nullable() }),
  sample: z.object({
    productName: z.string().nullable(),
    strain: z.string().nullable(),
    batch: z.string().nullable(),
    sampleId: z.string().nullable(),
    matrix: z.string().nullable(),
    /** ISO date (YYYY-MM-DD). */
    dateTested: z.string().nullable(),
    /** ISO date (YYYY-MM-DD). */
    dateIssued: z.string().nullable(),
  }),
  basis: basisSchema.nullable(),
  totals: z.object({
    thc: measureSchema.nullable(),
    cbd: measureSchema.nullable(),
    cannabinoids: measureSchema.nullable(),
    terpenes: measureSchema.nullable(),
  }),
  /** Concentrations only (%, mg/g, mg/ml, ppm). */
  cannabinoids: z.array(analyteSchema),
  terpenes: z.array(analyteSchema),
  /** Amounts per serving, unit or package, where the document prints them; null when it prints none. */
  perUnit: perUnitSchema.nullable(),
  safety: z.object({
    overall: panelStatusSchema.nullable(),
    panels: z.array(panelSchema),
  }),
  verificationUrl: z.string().nullable(),
  /** Machine-readable warning codes, e.g. "total-thc-computed", "garbled-text-layer". */
  warnings: z.array(z.string()),
  /**
   * Values withheld from the fields above until the merchant checks them (app/pipeline/review-items.ts).
   * Absent or empty: nothing waits for review.
   */
  review: z.array(reviewItemSchema).optional(),
});
export type LabReport = z.infer<typeof currentLabReportSchema>;

const PER_UNIT_BY_UNIT: Record<string, PerUnitBasis> = {
  "mg/serving": "serving",
  "mg/unit": "unit",
  "mg/package": "package",
  "mg/pkg": "package",
  "mg/container": "package",
};

/** The basis of an amount's unit ("mg/serving" → "serving"), or null for a concentration. */
export function perUnitBasisOf(unit: string): PerUnitBasis | null {
  return PER_UNIT_BY_UNIT[unit.toLowerCase().replace(/\s+/g, "")] ?? null;
}

/**
 * A stored report of any version, as the current contract: version 1 kept amounts per serving in
 * `totals` and the analyte lists; they move to `perUnit`, where version 2 keeps them.
 */
export function upgradeLabReport(stored: unknown): unknown {
  if (typeof stored !== "object" || stored === null || "version" in stored) return stored;
  const v1 = stored as Record<string, unknown>;
  const report = { ...v1, version: LAB_REPORT_VERSION, perUnit: null } as Record<string, unknown>;
  const totals = v1.totals as Record<string, { unit?: unknown } | null> | undefined;
  const cannabinoids = v1.cannabinoids as { unit?: unknown }[] | undefined;
  if (!totals || !Array.isArray(cannabinoids)) return report;
  const amounts = new Map<PerUnitBasis, PerUnitAmounts>();
  const slot = (basis: PerUnitBasis): PerUnitAmounts => {
    const known = amounts.get(basis);
    if (known) return known;
    const fresh: PerUnitAmounts = {
      basis,
      totals: { thc: null, cbd: null, cannabinoids: null },
      cannabinoids: [],
    };
    amounts.set(basis, fresh);
    return fresh;
  };
  const basisOf = (m: { unit?: unknown } | null | undefined) =>
    typeof m?.unit === "string" ? perUnitBasisOf(m.unit) : null;
  const keptTotals: Record<string, unknown> = { ...totals };
  for (const key of ["thc", "cbd", "cannabinoids"] as const) {
    const basis = basisOf(totals[key]);
    if (!basis) continue;
    slot(basis).totals[key] = totals[key] as Measure;
    keptTotals[key] = null;
  }
  const kept = cannabinoids.filter((a) => {
    const basis = basisOf(a);
    if (basis) slot(basis).cannabinoids.push(a as Analyte);
    return !basis;
  });
  report.totals = keptTotals;
  report.cannabinoids = kept;
  if (amounts.size > 0) {
    report.perUnit = {
      servingSize: null,
      servingsPerPackage: null,
      amounts: [...amounts.values()],
    };
  }
  return report;
}

/** Any stored or received report, upgraded to the current version, then checked. */
export const labReportSchema = z.preprocess(upgradeLabReport, currentLabReportSchema);

/** An empty report: every field unknown. Extraction fills in what the document prints. */
export function emptyLabReport(): LabReport {
  return {
    version: LAB_REPORT_VERSION,
    lab: { name: null, license: null },
    sample: {
      productName: null,
      strain: null,
      batch: null,
      sampleId: null,
      matrix: null,
      dateTested: null,
      dateIssued: null,
    },
    basis: null,
    totals: { thc: null, cbd: null, cannabinoids: null, terpenes: null },
    cannabinoids: [],
    terpenes: [],
    perUnit: null,
    safety: { overall: null, panels: [] },
    verificationUrl: null,
    warnings: [],
  };
}
