import { describe, expect, it } from "vitest";
import { emptyLabReport, labReportSchema, type Analyte, type LabReport } from "./lab-report";
import { checkPlausibility, withheldText } from "./plausibility";
import { classifyDocument, readsAsEnglish } from "./document-kind";
import type { Row } from "./text-layout";

const printed = (value: number | null, unit = "%", qualifier: Analyte["qualifier"] = null) => ({
  value,
  unit,
  qualifier,
  source: "printed" as const,
});
const row = (
  analyte: string,
  value: number | null,
  unit = "%",
  qualifier: Analyte["qualifier"] = null,
): Analyte => ({
  analyte,
  label: analyte,
  ...printed(value, unit, qualifier),
});

function report(build: (r: LabReport) => void): LabReport {
  const r = emptyLabReport();
  build(r);
  return r;
}

describe("the plausibility gate", () => {
  it("withholds a share over 100 % (an mg/g table read as %) and says why", () => {
    const { report: checked, withheld } = checkPlausibility(
      report((r) => {
        r.cannabinoids = [row("thca", 238.38), row("d9_thc", 7.8)];
        r.totals.thc = { ...printed(216.86), source: "computed" };
      }),
    );
    expect(checked.cannabinoids.map((a) => a.analyte)).not.toContain("thca");
    expect(checked.totals.thc).toBeNull();
    expect(withheld).toContain("cannabinoids.thca");
    expect(checked.warnings).toContain("withheld:cannabinoids.thca:share-over-100");
    expect(withheldText("withheld:cannabinoids.thca:share-over-100")).toMatch(
      /^THCa was left out: .*more than 100%/,
    );
  });

  it("withholds a concentration over 1,000 mg/g and a negative amount", () => {
    const { report: checked } = checkPlausibility(
      report((r) => {
        r.cannabinoids = [row("cbd", 1200, "mg/g"), row("cbg", -0.2)];
      }),
    );
    expect(checked.cannabinoids).toEqual([]);
    expect(checked.warnings).toEqual([
      "withheld:cannabinoids.cbd:over-1000-mg-per-g",
      "withheld:cannabinoids.cbg:negative",
    ]);
  });

  it("withholds every cannabinoid of a table that sums past 100 %, with its totals", () => {
    const { report: checked } = checkPlausibility(
      report((r) => {
        r.cannabinoids = [row("thca", 80.1), row("cbda", 30.2), row("cbg", 2.1)];
        r.totals.cannabinoids = printed(99.5);
      }),
    );
    expect(checked.cannabinoids).toEqual([]);
    expect(checked.totals.cannabinoids).toBeNull();
    expect(checked.warnings).toContain("withheld:totals.cannabinoids:sum-over-100");
  });

  it("allows a sum at 100 % within the rounding of its printed figures", () => {
    const { withheld } = checkPlausibility(
      report((r) => {
        r.cannabinoids = [row("cbd", 99.96), row("cbg", 0.05)];
      }),
    );
    expect(withheld).toEqual([]);
  });

  it("withholds a total smaller than one of its own parts", () => {
    const { report: checked } = checkPlausibility(
      report((r) => {
        r.cannabinoids = [row("cbd", 12.4)];
        r.totals.cbd = printed(1.24);
      }),
    );
    expect(checked.totals.cbd).toBeNull();
    expect(checked.warnings).toContain("withheld:totals.cbd:larger-than-total");
  });

  it("keeps a total THC that matches THCa × 0.877 + Δ9-THC within the printed rounding", () => {
    const { report: checked, withheld } = checkPlausibility(
      report((r) => {
        r.cannabinoids = [row("thca", 27.252), row("d9_thc", 1.229)];
        r.totals.thc = printed(25.129);
      }),
    );
    expect(withheld).toEqual([]);
    expect(checked.totals.thc?.value).toBe(25.129);
  });

  it("withholds a total THC that contradicts its components, and the components with it", () => {
    const { report: checked } = checkPlausibility(
      report((r) => {
        r.cannabinoids = [row("thca", 27.252), row("d9_thc", 1.229)];
        r.totals.thc = printed(12.6);
      }),
    );
    expect(checked.totals.thc).toBeNull();
    expect(checked.cannabinoids).toEqual([]);
    expect(checked.warnings).toContain("withheld:totals.thc:contradicts-components");
  });

  it("replaces a contradicting total by another printed reading that agrees (a dry-weight headline beside as-received rows)", () => {
    const { report: checked, withheld } = checkPlausibility(
      report((r) => {
        r.cannabinoids = [row("thca", 27.252), row("d9_thc", 1.229)];
        r.totals.thc = printed(27.757);
      }),
      { totalReadings: { thc: [printed(27.757), printed(25.129)] } },
    );
    expect(withheld).toEqual([]);
    expect(checked.totals.thc?.value).toBe(25.129);
  });

  it("accepts a total THC that also counts Δ8-THC", () => {
    const { withheld } = checkPlausibility(
      report((r) => {
        r.cannabinoids = [row("thca", 0.5), row("d9_thc", 0.2), row("d8_thc", 8.54)];
        r.totals.thc = printed(9.18);
      }),
    );
    expect(withheld).toEqual([]);
  });

  it("moves amounts per serving out of the totals and the analyte list into the per-unit block", () => {
    const { report: checked } = checkPlausibility(
      report((r) => {
        r.totals.thc = printed(9.56, "mg/serving");
        r.cannabinoids = [row("d9_thc", 9.56, "mg/serving"), row("cbd", 0.31, "mg/g")];
      }),
    );
    expect(checked.totals.thc).toBeNull();
    expect(checked.cannabinoids.map((a) => a.unit)).toEqual(["mg/g"]);
    expect(checked.perUnit?.amounts).toEqual([
      {
        basis: "serving",
        totals: { thc: printed(9.56, "mg/serving"), cbd: null, cannabinoids: null },
        cannabinoids: [row("d9_thc", 9.56, "mg/serving")],
      },
    ]);
  });

  it("withholds a per-serving total smaller than a per-serving part", () => {
    const { report: checked } = checkPlausibility(
      report((r) => {
        r.perUnit = {
          servingSize: null,
          servingsPerPackage: null,
          amounts: [
            {
              basis: "serving",
              totals: { thc: printed(1.2, "mg/serving"), cbd: null, cannabinoids: null },
              cannabinoids: [row("d9_thc", 10.1, "mg/serving")],
            },
          ],
        };
      }),
    );
    expect(checked.perUnit?.amounts[0]?.totals.thc).toBeNull();
    expect(checked.warnings).toContain("withheld:perUnit.serving.totals.thc:larger-than-total");
  });

  it("never changes a report it finds plausible", () => {
    const plausible = report((r) => {
      r.cannabinoids = [row("thca", 20.15), row("d9_thc", 1.02), row("cbd", null, "%", "ND")];
      r.totals.thc = printed(18.69);
      r.terpenes = [row("limonene", 0.41), row("beta-myrcene", 3.1, "mg/g")];
    });
    expect(checkPlausibility(plausible).report).toEqual(plausible);
  });
});

describe("the lab report contract", () => {
  it("reads a version-1 report (amounts per serving among the totals) as version 2", () => {
    const v1 = {
      ...emptyLabReport(),
      version: undefined,
      perUnit: undefined,
      totals: { thc: printed(6.8, "mg/serving"), cbd: null, cannabinoids: null, terpenes: null },
      cannabinoids: [row("cbd", 4.33, "mg/g"), row("d9_thc", 6.8, "mg/serving")],
    };
    const upgraded = labReportSchema.parse(JSON.parse(JSON.stringify(v1)));
    expect(upgraded.version).toBe(2);
    expect(upgraded.totals.thc).toBeNull();
    expect(upgraded.cannabinoids.map((a) => a.analyte)).toEqual(["cbd"]);
    expect(upgraded.perUnit?.amounts[0]?.totals.thc?.value).toBe(6.8);
    expect(upgraded.perUnit?.amounts[0]?.cannabinoids.map((a) => a.analyte)).toEqual(["d9_thc"]);
  });
});

const rows = (lines: string[]): Row[] =>
  lines.map((text, i) => ({
    page: 1,
    y: i * 12,
    height: 10,
    text,
    cells: [{ text, x: 0, xEnd: text.length * 5 }],
  })) as unknown as Row[];

describe("what a document is", () => {
  it("names a chromatography run report as not a COA", () => {
    expect(
      classifyDocument(
        rows([
          "Chromatogram and Results",
          "Injection Details",
          "Injection Name: SAMPLE 1.1  Run Time (min): 15.50",
          "Instrument Method: Cannabis 2  Processing Method: Integration",
          "Integration Results",
          "No.  Peak Name  Retention Time  Area  Amount",
          "1  CBD  6.134  0.270  81.3661",
        ]),
      ),
    ).toBe("not-a-coa");
  });

  it("names a web page printed from a browser as not a COA", () => {
    expect(
      classifyDocument(
        rows([
          "frontend  09/12/25, 1:43 p.m.",
          "Total THC  56.67%",
          "Delta 9  56.4249%",
          "http://localhost:5173/coa/3d1a7a4c  Page 1 of 1",
        ]),
      ),
    ).toBe("not-a-coa");
  });

  it("says a Spanish COA is not in a supported language, and reads an English one", () => {
    const spanish = rows([
      "CERTIFICADO DE ANÁLISIS",
      "Fecha de recepción: 25 de mayo de 2025",
      "Resultados del análisis de la muestra",
      "Cliente: Extractos  Lote: 0042",
      "Perfil de cannabinoides por cromatografía de la muestra",
    ]);
    expect(classifyDocument(spanish)).toBe("unsupported-language");
    expect(
      readsAsEnglish(
        "Certificate of Analysis. Date tested: 2024-03-05. Results of the sample are reported for the batch.",
      ),
    ).toBe(true);
  });
});
