import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import type { LabReport, PanelStatus } from "~/pipeline/lab-report";
import { concentrationBasis } from "~/pipeline/report-basis";
import { panelKey } from "~/pipeline/safety-panels";

/** The facts around the numbers — lab, ids, dates, panels, verdict, link — against the ground truth. */

const dir = new URL("../fixtures/coa/", import.meta.url);
interface Truth {
  file: string;
  lab: string;
  batch?: string | null;
  sample_id?: string | null;
  date_tested?: string | null;
  date_issued?: string | null;
  panels?: Record<string, string>;
  overall_status?: string | null;
  qr_code_url?: string | null;
  basis?: string | null;
}
const truths = JSON.parse(readFileSync(new URL("ground-truth.json", dir), "utf8")) as Truth[];
const truthFor = (prefix: string) => truths.find((t) => t.file.startsWith(prefix))!;
const reports = new Map<string, LabReport>();

async function extract(prefix: string): Promise<LabReport> {
  const cached = reports.get(prefix);
  if (cached) return cached;
  const bytes = new Uint8Array(readFileSync(new URL(truthFor(prefix).file, dir)));
  const result = await readLabReportFromPdf(bytes, { readPdfText: (pdf) => readPdfText(pdf) });
  if (!result.ok) throw new Error(result.error.message);
  reports.set(prefix, result.report);
  return result.report;
}

/** The ground truth words its verdicts as printed ("0.51 aw - Pass", "NOT TESTED (blank)"). */
function verdict(printed: string): PanelStatus {
  const t = printed.toLowerCase();
  if (/not tested|^nt\b|not applicable/.test(t)) return "not-tested";
  if (/fail/.test(t)) return "fail";
  if (/pass/.test(t)) return "pass";
  return "tested";
}

/** The lab's distinctive name: the first word of its name as the ground truth records it. */
const distinctive = (truth: Truth) => truth.lab.split(/[\s,(]/)[0]!.toLowerCase();

function expectPanels(report: LabReport, truth: Truth, names: string[]) {
  for (const name of names) {
    const printed = truth.panels?.[name];
    expect(printed, name).toBeDefined();
    const got = report.safety.panels.find((p) => p.panel === panelKey(name));
    expect(got?.status, name).toBe(verdict(printed!));
  }
}

describe("the facts around a COA's numbers", () => {
  it("dates an SC Labs report by its cannabinoid test and names the lab, not the producer", async () => {
    const truth = truthFor("01");
    const report = await extract("01");
    expect(report.lab.name?.toLowerCase()).toContain(distinctive(truth));
    expect(report.sample.sampleId).toBe(truth.sample_id);
    expect(report.sample.dateTested).toBe(truth.date_tested);
    expect(report.sample.dateIssued).toBe(truth.date_issued);
    expectPanels(report, truth, Object.keys(truth.panels ?? {}));
    expect(report.safety.overall).toBe("pass");
  }, 30_000);

  it("takes the summary table's cannabinoid date, not the date the sample was received", async () => {
    const truth = truthFor("03");
    const report = await extract("03");
    expect(report.lab.name?.toLowerCase()).toContain(distinctive(truth));
    expect(report.sample.batch).toBe(truth.batch);
    expect(report.sample.dateTested).toBe(truth.date_tested);
    expect(report.sample.dateIssued).toBe(truth.date_issued);
    // "Residual Solvents Lab Results … Not Tested" and "0.51 aw - Pass" among the rest.
    expectPanels(report, truth, Object.keys(truth.panels ?? {}));
  }, 30_000);

  it("reads verdict tiles above their names and the lab from its letterhead beside the client", async () => {
    const truth = truthFor("14");
    const report = await extract("14");
    expect(report.lab.name?.toLowerCase()).toContain(distinctive(truth));
    expect(report.sample.batch).toBe(truth.batch);
    // The cannabinoid section's date, not the water-activity tile's.
    expect(report.sample.dateTested).toBe(truth.date_tested);
    expect(report.sample.dateIssued).toBe(truth.date_issued);
    expectPanels(report, truth, Object.keys(truth.panels ?? {}));
  }, 30_000);

  it("reads a blank summary verdict as not tested and keeps qualified metals panels apart", async () => {
    const truth = truthFor("15");
    const report = await extract("15");
    expect(report.lab.name?.toLowerCase()).toContain(distinctive(truth));
    expect(report.sample.sampleId).toBe(truth.sample_id);
    expect(report.sample.dateTested).toBe(truth.date_tested);
    expect(report.sample.dateIssued).toBe(truth.date_issued);
    expectPanels(report, truth, Object.keys(truth.panels ?? {}));
  }, 30_000);

  it("reads a KCA summary's per-test dates and verdicts", async () => {
    const truth = truthFor("19");
    const report = await extract("19");
    expect(report.lab.name?.toLowerCase()).toContain(distinctive(truth));
    expect(report.sample.batch).toBe(truth.batch);
    expect(report.sample.dateTested).toBe(truth.date_tested);
    expectPanels(report, truth, Object.keys(truth.panels ?? {}));
  }, 30_000);

  it("names a letter-spaced lab and keeps the printed report link over a sign-in link", async () => {
    const truth = truthFor("23");
    const report = await extract("23");
    expect(report.lab.name?.toLowerCase()).toContain(distinctive(truth));
    expect(report.sample.sampleId).toBe(truth.sample_id);
    expect(report.verificationUrl).toBe(truth.qr_code_url);
  }, 30_000);

  it("reads an icon font's check mark above a panel's name as that panel tested", async () => {
    const truth = truthFor("23");
    const report = await extract("23");
    // "POTENCY  TERP" under check-circle icons that reach the text layer as private-use glyphs.
    expectPanels(report, truth, ["potency", "terpenes"]);
  }, 30_000);

  it("dates a letter-spaced report by its director's sign-off, not its header's production stamp", async () => {
    const truth = truthFor("23");
    const report = await extract("23");
    expect(report.sample.dateIssued).toBe(truth.date_issued);
  }, 30_000);

  it("dates a Kaycha report by its cannabinoid run, not the extraction, batch or review dates", async () => {
    const truth = truthFor("08");
    const report = await extract("08");
    expect(report.sample.dateTested).toBe(truth.date_tested);
    expect(report.sample.dateIssued).toBe(truth.date_issued);
  }, 30_000);

  it("takes a report's 'Document Created' footer as its issue date", async () => {
    const truth = truthFor("16");
    const report = await extract("16");
    expect(report.sample.dateIssued).toBe(truth.date_issued);
    expect(report.sample.dateTested).toBe(truth.date_tested);
  }, 30_000);

  it("dates an MCR Labs report by its potency section's two-digit-year date, not the header's wrapped range", async () => {
    const truth = truthFor("20");
    const report = await extract("20");
    expect(report.sample.dateTested).toBe(truth.date_tested);
  }, 30_000);

  it("states an edible's concentrations on the basis its COA prints, never per serving", async () => {
    // The gummy prints mg/g beside mg per serving and says it was "tested as-is/received".
    const gummies = await extract("14");
    expect(gummies.perUnit?.amounts.some((a) => a.basis === "serving")).toBe(true);
    expect(gummies.basis).toBe(truthBasis(truthFor("14")));
    // The other gummy's COA states no basis ("This sample was received by MCR Labs" is not one).
    const watermelon = await extract("20");
    expect(truthBasis(truthFor("20"))).toBeNull();
    expect(watermelon.basis).toBeNull();
  }, 60_000);

  it("reads no fixture's basis other than the one its COA states, and none as per serving", async () => {
    const wrong: string[] = [];
    for (const truth of truths) {
      const report = await extract(truth.file.slice(0, 2));
      const basis = concentrationBasis(report);
      const stated = truthBases(truth);
      // A missing basis is acceptable. Where the ground truth records none, a COA may still say how
      // its sample was handled ("the sample, as received, was homogenized"); it is never per serving.
      const isWrong = stated.length > 0 ? !stated.includes(basis ?? "") : /^per-/.test(basis ?? "");
      if (basis !== null && isWrong) {
        wrong.push(`${truth.file}: ${basis} (COA: ${truth.basis ?? "none"})`);
      }
    }
    expect(wrong).toEqual([]);
  }, 240_000);
});

/** The ground truth words the basis as printed: "dry weight", "as received (not dry-weight corrected)". */
function truthBases(truth: Truth): string[] {
  const printed = (truth.basis ?? "").toLowerCase();
  const bases: string[] = [];
  if (/as received/.test(printed)) bases.push("as-received");
  if (/^dry weight|dry-weight totals printed/.test(printed)) bases.push("dry-weight");
  return bases;
}

function truthBasis(truth: Truth): string | null {
  return truthBases(truth)[0] ?? null;
}
