import {
  LAB_REPORT_VERSION,
  type Analyte,
  type LabReport,
  type Measure,
} from "~/pipeline/lab-report";

/**
 * Invented lab reports for the writer's unit tests (the corpus test uses real COAs). Each call
 * returns a fresh copy, so a test may change it freely.
 */
export function measure(
  value: number | null,
  unit = "%",
  qualifier: Measure["qualifier"] = null,
): Measure {
  return { value, unit, qualifier, source: "printed" };
}

export function analyte(
  key: string,
  label: string,
  value: number | null,
  unit = "%",
  qualifier: Measure["qualifier"] = null,
): Analyte {
  return { analyte: key, label, ...measure(value, unit, qualifier) };
}

export function flowerReport(): LabReport {
  return {
    version: LAB_REPORT_VERSION,
    lab: { name: "Example Analytical Labs", license: "C8-0000000-LIC" },
    sample: {
      productName: "Orchard Haze 3.5g",
      strain: "Orchard Haze",
      batch: "OH-2024-118",
      sampleId: "EAL-55120",
      matrix: "Flower - Cured",
      dateTested: "2024-03-05",
      dateIssued: "2024-03-07",
    },
    basis: "dry-weight",
    totals: {
      thc: measure(22.41),
      cbd: measure(null, "%", "ND"),
      cannabinoids: measure(26.9),
      terpenes: measure(2.14),
    },
    cannabinoids: [
      analyte("thca", "THCa", 24.7),
      analyte("d9_thc", "Δ9-THC", 0.75),
      analyte("d8_thc", "Δ8-THC", null, "%", "ND"),
      analyte("cbd", "CBD", null, "%", "ND"),
      analyte("cbga", "CBGa", 0.88),
      analyte("cbg", "CBG", null, "%", "<LOQ"),
    ],
    perUnit: null,
    terpenes: [
      analyte("limonene", "Limonene", 0.61),
      analyte("beta-caryophyllene", "β-Caryophyllene", 0.48),
      analyte("beta-myrcene", "β-Myrcene", 0.33),
      analyte("linalool", "Linalool", null, "%", "ND"),
    ],
    safety: {
      overall: "pass",
      panels: [
        { panel: "pesticides", status: "pass" },
        { panel: "heavy_metals", status: "pass" },
        { panel: "microbials", status: "pass" },
        { panel: "mycotoxins", status: "pass" },
        { panel: "residual_solvents", status: "not-tested" },
        { panel: "water_activity", status: "pass" },
      ],
    },
    verificationUrl: "https://lab.example/coa/EAL-55120",
    warnings: [],
  };
}

export function hempGummyReport(): LabReport {
  return {
    version: LAB_REPORT_VERSION,
    lab: { name: "Sample Hemp Testing Co.", license: null },
    sample: {
      productName: "Citrus Hemp Gummies",
      strain: null,
      batch: "CG-0412",
      sampleId: null,
      matrix: "Edible - Gummy",
      dateTested: "2024-11-20",
      dateIssued: null,
    },
    basis: "per-unit",
    totals: { thc: null, cbd: null, cannabinoids: null, terpenes: null },
    cannabinoids: [],
    terpenes: [],
    perUnit: {
      servingSize: "1 gummy",
      servingsPerPackage: 20,
      amounts: [
        {
          basis: "unit",
          totals: {
            thc: measure(2.5, "mg/unit"),
            cbd: measure(25.3, "mg/unit"),
            cannabinoids: null,
          },
          cannabinoids: [
            analyte("d9_thc", "Delta-9 THC", 2.5, "mg/unit"),
            analyte("d8_thc", "Delta-8 THC", 1.1, "mg/unit"),
            analyte("cbd", "CBD", 25.3, "mg/unit"),
          ],
        },
      ],
    },
    safety: {
      overall: "pass",
      panels: [
        { panel: "pesticides", status: "not-tested" },
        { panel: "heavy_metals", status: "pass" },
        { panel: "microbials", status: "pass" },
      ],
    },
    verificationUrl: null,
    warnings: [],
  };
}
