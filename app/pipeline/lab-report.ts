import { z } from "zod";

/**
 * The lab report: the contract between extraction, writing, storage, the CLI and the storefront
 * (docs/decisions/007-lab-results-metafields-and-the-shopify-contract.md). Names are stable; additions are fine.
 */

export const qualifierSchema = z.enum(["ND", "<LOQ", ">ULOQ", "NT"]);
export type Qualifier = z.infer<typeof qualifierSchema>;

export const measureSchema = z.object({
  value: z.number().nullable(),
  /** "%", "mg/g", "mg/serving", "mg/unit", "mg/package", or another unit as printed. */
  unit: z.string(),
  qualifier: qualifierSchema.nullable(),
  /** "printed": read from the document; "computed": derived from printed values (and said so). */
  source: z.enum(["printed", "computed"]),
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

export const labReportSchema = z.object({
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
  cannabinoids: z.array(analyteSchema),
  terpenes: z.array(analyteSchema),
  safety: z.object({
    overall: panelStatusSchema.nullable(),
    panels: z.array(panelSchema),
  }),
  verificationUrl: z.string().nullable(),
  /** Machine-readable warning codes, e.g. "total-thc-computed", "garbled-text-layer". */
  warnings: z.array(z.string()),
});
export type LabReport = z.infer<typeof labReportSchema>;

/** An empty report: every field unknown. Extraction fills in what the document prints. */
export function emptyLabReport(): LabReport {
  return {
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
    safety: { overall: null, panels: [] },
    verificationUrl: null,
    warnings: [],
  };
}
