import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closePageOcr, createPageOcr } from "~/integrations/page-ocr.server";
import { createPageScanner } from "~/integrations/page-scan.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import type { ExtractionResult } from "~/pipeline/extract-lab-report";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import type { LabReport, Measure } from "~/pipeline/lab-report";

/**
 * npm run -s bench:extraction-wild [-- --only w012]
 * The engine on documents as merchants receive them, with no answers (COA_WILD_DIR, default
 * ../shared/coa-wild): per document, the outcome (a report or a typed error), values withheld and
 * why, and facts read; in total, crashes and hangs, impossible or contradicted values reported
 * (checked here on the output, independently of the engine's own gate), the documents named as
 * not a COA or not in English, and the median facts per document. A document without a text layer
 * (a scan) is read by OCR as the app reads it, and its values waiting for the merchant are counted.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.resolve(repoRoot, process.env.COA_WILD_DIR ?? "../shared/coa-wild");
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;
/** A document taking longer than this is counted as a hang. */
const HANG_MS = 120_000;

const names = (await readdir(dir)).filter((f) => /\.pdf$/i.test(f)).sort();
let crashes = 0;
let hangs = 0;
let impossible = 0;
let withheldTotal = 0;
let reviewTotal = 0;
let scannedReports = 0;
const named: string[] = [];
const facts: number[] = [];
const lines: string[] = [];

for (const name of names) {
  if (only && !name.startsWith(only)) continue;
  const bytes = await readFile(path.join(dir, name));
  let outcome: ExtractionResult | "crash" | "hang";
  let crashText = "";
  try {
    const work = readLabReportFromPdf(bytes, {
      readPdfText: (pdf) => readPdfText(pdf),
      pageOcrFor: (pdf) => createPageOcr(pdf),
      pageScannerFor: (pdf) => createPageScanner(pdf),
    });
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<"hang">((resolve) => {
      timer = setTimeout(() => resolve("hang"), HANG_MS);
    });
    outcome = await Promise.race([work, hang]);
    clearTimeout(timer);
  } catch (error) {
    outcome = "crash";
    crashText = error instanceof Error ? error.message : String(error);
  }
  if (outcome === "crash") {
    crashes++;
    lines.push(`${name.padEnd(28)} CRASH ${crashText}`);
    continue;
  }
  if (outcome === "hang") {
    hangs++;
    lines.push(`${name.padEnd(28)} HANG (over ${HANG_MS / 1000} s)`);
    continue;
  }
  if (!outcome.ok) {
    const code = outcome.error.code;
    if (code === "not-a-coa" || code === "unsupported-language") named.push(`${name} (${code})`);
    lines.push(`${name.padEnd(28)} error: ${code}`);
    continue;
  }
  const report = outcome.report;
  const problems = implausible(report);
  impossible += problems.length;
  const withheld = report.warnings.filter((w) => w.startsWith("withheld:"));
  withheldTotal += withheld.length;
  const review = report.review ?? [];
  const scanned = report.warnings.includes("ocr-text-layer");
  if (scanned) {
    scannedReports++;
    reviewTotal += review.length;
  }
  const count = factCount(report);
  facts.push(count);
  lines.push(
    `${name.padEnd(28)} report  ${String(count).padStart(3)} facts  ${summary(report)}` +
      (scanned ? `\n    read by OCR: ${review.length} values wait for the merchant` : "") +
      (withheld.length ? `\n    withheld: ${withheld.map((w) => w.slice(9)).join(", ")}` : "") +
      (problems.length ? `\n    IMPLAUSIBLE: ${problems.join("; ")}` : ""),
  );
}

console.log(lines.join("\n"));
console.log("");
console.log(`documents: ${dir}`);
console.log(`crashes: ${crashes}, hangs: ${hangs}`);
console.log(`impossible or contradicted values reported: ${impossible}`);
console.log(`values withheld (with a named warning): ${withheldTotal}`);
console.log(
  `scans read by OCR: ${scannedReports} reports, ${reviewTotal} values waiting for the merchant`,
);
console.log(
  `named not a COA or not in English: ${named.length}${named.length ? ` — ${named.join(", ")}` : ""}`,
);
console.log(`reports: ${facts.length}, median facts per report: ${median(facts)}`);
await closePageOcr();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Lab, license, sample facts, dates, totals, analytes, panels, verdict, link, per-unit amounts. */
function factCount(r: LabReport): number {
  const present = (m: Measure | null) => (m && (m.value !== null || m.qualifier) ? 1 : 0);
  return (
    [r.lab.name, r.lab.license, r.verificationUrl, ...Object.values(r.sample)].filter(Boolean)
      .length +
    Object.values(r.totals).reduce((n, m) => n + present(m), 0) +
    r.cannabinoids.length +
    r.terpenes.length +
    r.safety.panels.length +
    (r.safety.overall ? 1 : 0) +
    (r.perUnit?.amounts ?? []).reduce(
      (n, a) =>
        n + a.cannabinoids.length + Object.values(a.totals).reduce((k, m) => k + present(m), 0),
      0,
    )
  );
}

function summary(r: LabReport): string {
  const m = (x: Measure | null) =>
    x
      ? `${x.value ?? x.qualifier}${x.unit === "%" ? "%" : ` ${x.unit}`}${x.source === "computed" ? " (computed)" : ""}`
      : "-";
  const perUnit = (r.perUnit?.amounts ?? [])
    .map((a) => `${a.basis}: THC ${m(a.totals.thc)}, ${a.cannabinoids.length} rows`)
    .join("; ");
  return [
    `lab ${r.lab.name ?? "-"}`,
    `batch ${r.sample.batch ?? r.sample.sampleId ?? "-"}`,
    `THC ${m(r.totals.thc)}`,
    `cannabinoids ${r.cannabinoids.length}`,
    `terpenes ${r.terpenes.length}`,
    `panels ${r.safety.panels.length}`,
    ...(perUnit ? [`per unit (${perUnit})`] : []),
  ].join(" | ");
}

/**
 * Values no lab could print, found on the output with rules written here (not the engine's own):
 * a share outside 0–100 %, over 1,000 mg/g, a negative amount, cannabinoids past 100 %, an analyte
 * above its total, a total THC/CBD off its acid × 0.877 + neutral by more than a lab's rounding.
 */
function implausible(r: LabReport): string[] {
  const out: string[] = [];
  const pct = (m: Measure | null | undefined): number | null => {
    if (!m || m.value === null) return null;
    if (m.unit === "%") return m.value;
    if (m.unit === "mg/g") return m.value / 10;
    if (m.unit === "ppm") return m.value / 10_000;
    return null;
  };
  const all: [string, Measure][] = [
    ...Object.entries(r.totals).filter((e): e is [string, Measure] => e[1] !== null),
    ...r.cannabinoids.map((a) => [a.analyte, a] as [string, Measure]),
    ...r.terpenes.map((a) => [a.analyte, a] as [string, Measure]),
    ...(r.perUnit?.amounts ?? []).flatMap((a) => [
      ...Object.entries(a.totals).filter((e): e is [string, Measure] => e[1] !== null),
      ...a.cannabinoids.map((c) => [c.analyte, c] as [string, Measure]),
    ]),
  ];
  for (const [name, m] of all) {
    if (m.value !== null && m.value < 0) out.push(`${name} negative`);
    const p = pct(m);
    if (p !== null && p > 100) out.push(`${name} ${m.value} ${m.unit} over 100 %`);
    if (/^mg\/(serving|unit|package)$/.test(m.unit) && Object.values(r.totals).includes(m)) {
      out.push(`${name} total given as ${m.unit}`);
    }
  }
  for (const a of [...r.cannabinoids, ...Object.values(r.totals)]) {
    if (a && /^mg\/(serving|unit|package)$/.test(a.unit))
      out.push(`amount ${a.unit} among concentrations`);
  }
  const sum = r.cannabinoids.reduce((s, a) => s + (pct(a) ?? 0), 0);
  if (sum > 101) out.push(`cannabinoids sum to ${sum.toFixed(2)} %`);
  const find = (k: string) => r.cannabinoids.find((a) => a.analyte === k);
  for (const [total, acid, neutral] of [
    [r.totals.thc, find("thca"), find("d9_thc")],
    [r.totals.cbd, find("cbda"), find("cbd")],
  ] as const) {
    const t = pct(total);
    const n = pct(neutral);
    if (t === null) continue;
    if (n !== null && n > t * 1.02 + 0.01) out.push(`${neutral?.analyte} above its total`);
    if (total?.source !== "printed" || !acid || !neutral) continue;
    const a = pct(acid) ?? (acid.qualifier ? 0 : null);
    const nn = n ?? (neutral.qualifier ? 0 : null);
    if (a === null || nn === null) continue;
    const expected = 0.877 * a + nn;
    if (
      Math.abs(expected - t) > 0.03 * Math.max(t, expected) + 0.02 &&
      Math.abs(a + nn - t) > 0.02
    ) {
      out.push(`total ${t} % vs parts ${expected.toFixed(3)} %`);
    }
  }
  return out;
}
