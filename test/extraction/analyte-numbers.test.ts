import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import { perUnitBasisOf, type Analyte, type LabReport, type Measure } from "~/pipeline/lab-report";
import { matchAnalyte } from "~/pipeline/analyte-dictionary";

/** Cannabinoid, terpene and total figures of fixture COAs, checked against their ground truth. */

const dir = new URL("../fixtures/coa/", import.meta.url);
type Expected = { value: number | string; unit: string; printed?: boolean };
type Truth = Record<string, unknown> & { file: string; terpenes_named?: Record<string, number> };
const truths = JSON.parse(readFileSync(new URL("ground-truth.json", dir), "utf8")) as Truth[];
const truthFor = (prefix: string): Truth => {
  const truth = truths.find((t) => t.file.startsWith(prefix));
  if (!truth) throw new Error(`no fixture ${prefix}`);
  return truth;
};
const reports = new Map<string, Promise<LabReport>>();

function extract(prefix: string): Promise<LabReport> {
  let report = reports.get(prefix);
  if (!report) {
    report = (async () => {
      const bytes = new Uint8Array(readFileSync(new URL(truthFor(prefix).file, dir)));
      const result = await readLabReportFromPdf(bytes, { readPdfText: (pdf) => readPdfText(pdf) });
      if (!result.ok) throw new Error(result.error.message);
      return result.report;
    })();
    reports.set(prefix, report);
  }
  return report;
}

const expected = (prefix: string, field: string): Expected => truthFor(prefix)[field] as Expected;

/** The value in the ground truth's unit: 1 % = 10 mg/g, other units only as they are. */
function inUnit(got: Analyte | Measure | null | undefined, unit: string): number | null {
  if (!got || got.value === null) return null;
  if (got.unit === unit) return got.value;
  if (got.unit === "mg/g" && unit === "%") return got.value / 10;
  if (got.unit === "%" && unit === "mg/g") return got.value * 10;
  return null;
}

/** A total as the report holds it: concentrations in `totals`, amounts per serving in `perUnit`. */
function totalIn(report: LabReport, key: "thc" | "cbd" | "cannabinoids", unit: string) {
  const basis = perUnitBasisOf(unit);
  if (!basis) return report.totals[key];
  return report.perUnit?.amounts.find((a) => a.basis === basis)?.totals[key] ?? null;
}

const cannabinoidField: Record<string, string> = {
  thca: "thca",
  d9_thc: "delta9_thc",
  d8_thc: "delta8_thc",
  cbd: "cbd",
  cbda: "cbda",
  cbg: "cbg",
  cbn: "cbn",
};

async function expectCannabinoidsMatch(prefix: string): Promise<void> {
  const report = await extract(prefix);
  for (const [key, field] of Object.entries(cannabinoidField)) {
    const truth = expected(prefix, field);
    if (!truth) continue;
    const got = report.cannabinoids.find((a) => a.analyte === key);
    if (typeof truth.value === "number") {
      expect(inUnit(got, truth.unit), `${prefix} ${field}`).toBeCloseTo(truth.value, 3);
    } else {
      expect(got?.qualifier, `${prefix} ${field}`).toMatch(/^(ND|<LOQ)$/);
    }
  }
}

async function expectNamedTerpenesMatch(prefix: string): Promise<void> {
  const report = await extract(prefix);
  for (const [name, value] of Object.entries(truthFor(prefix).terpenes_named ?? {})) {
    const key = matchAnalyte(name)?.key;
    const got = report.terpenes.find((t) => t.analyte === key);
    expect(inUnit(got, "%"), `${prefix} ${name}`).toBeCloseTo(value, 4);
  }
}

describe("cannabinoid and terpene tables", { timeout: 30_000 }, () => {
  it("reads a cannabinoid table laid out across the page, one analyte per column", async () => {
    await expectCannabinoidsMatch("08");
  });

  it("gives each column of a header cell naming two units ('mg/unit %') its own unit", async () => {
    await expectNamedTerpenesMatch("08");
    const total = expected("08", "total_terpenes");
    expect((await extract("08")).totals.terpenes).toMatchObject({
      value: total.value,
      unit: total.unit,
      source: "printed",
    });
  });

  it("splits values printed as one text run across the LOQ, mg/g and % columns", async () => {
    await expectCannabinoidsMatch("24");
  });

  it("learns a font's stray Greek prefixes from names with a single reading", async () => {
    await expectNamedTerpenesMatch("06");
    const report = await extract("06");
    // "ž-Pinene" reads as alpha-pinene because "ž-Humulene" and "ž-Bisabolol" show "ž" is alpha.
    expect(report.terpenes.find((t) => t.analyte === "alpha-pinene")?.label).toMatch(/pinene/i);
  });

  it("keeps trans-ocimene apart from cis-ocimene", async () => {
    await expectNamedTerpenesMatch("03");
  });

  it("reads numbered terpene rows and ignores superscript footnote markers", async () => {
    await expectNamedTerpenesMatch("16");
    const total = expected("16", "total_terpenes");
    expect(inUnit((await extract("16")).totals.terpenes, total.unit)).toBeCloseTo(
      total.value as number,
      3,
    );
  });

  it("reads letter-spaced values, LOD/LOQ pairs and a delta with a raised digit", async () => {
    await expectCannabinoidsMatch("23");
    await expectNamedTerpenesMatch("23");
  });
});

describe("totals", { timeout: 30_000 }, () => {
  it("reads a tile that prints 'd9-THC max 17%, 170mg/g' as total THC in percent", async () => {
    const report = await extract("16");
    const truth = expected("16", "total_thc");
    expect(report.totals.thc).toMatchObject({ value: truth.value, unit: "%", source: "printed" });
  });

  it("takes a tile's unit from the line between its label and its number", async () => {
    const report = await extract("14");
    const truth = expected("14", "total_cannabinoids");
    expect(totalIn(report, "cannabinoids", truth.unit)).toMatchObject({
      value: truth.value,
      unit: truth.unit,
      source: "printed",
    });
  });

  it("computes an edible's unprinted total THC per serving, from its per-serving column, into the per-unit block", async () => {
    const report = await extract("20");
    const truth = expected("20", "total_thc");
    expect(truth.printed).toBe(false);
    expect(truth.unit).toBe("mg/serving");
    expect(report.totals.thc?.unit).not.toBe("mg/serving");
    expect(totalIn(report, "thc", truth.unit)).toMatchObject({
      value: truth.value,
      unit: truth.unit,
      source: "computed",
    });
  });

  it("marks every total it did not read from the page as computed", async () => {
    for (const prefix of ["03", "06", "08", "14", "15", "16", "19", "20", "23", "24"]) {
      const report = await extract(prefix);
      for (const [key, field] of [
        ["thc", "total_thc"],
        ["cbd", "total_cbd"],
      ] as const) {
        const truth = expected(prefix, field);
        const got = truth ? totalIn(report, key, truth.unit) : null;
        if (truth?.printed === false && got)
          expect(got.source, `${prefix} ${field}`).toBe("computed");
      }
    }
  });
});
