import { readFile } from "node:fs/promises";
import { createPageScanner } from "~/integrations/page-scan.server";
import { createPageOcr } from "~/integrations/page-ocr.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import type { ExtractionResult } from "~/pipeline/extract-lab-report";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import type { LabReport, Measure } from "~/pipeline/lab-report";
import type { ExtractionError } from "~/pipeline/extraction-error";

/**
 * `lab extract <file.pdf> [--json]`: prints the LabReport JSON (exactly, on stdout) or a readable
 * summary. Exit 0 on success, 2 on bad input with { error: { code, message } }.
 */

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runExtractCommand(args: string[], io: CommandIo): Promise<number> {
  const json = args.includes("--json");
  const file = args.find((a) => !a.startsWith("--"));
  if (!file)
    return fail(io, json, { code: "not-a-pdf", message: "Usage: lab extract <file.pdf> [--json]" });
  const result = await extractFile(file);
  if (!result.ok) return fail(io, json, result.error);
  if (result.uncertainFields.length > 0)
    io.stderr(`uncertain: ${result.uncertainFields.join(", ")}`);
  io.stdout(json ? JSON.stringify(result.report, null, 2) : summarize(result.report));
  return 0;
}

export type FileExtraction =
  | ExtractionResult
  | { ok: false; error: ExtractionError | { code: "file-not-readable"; message: string } };

/** A COA file on disk → its lab report, as both lab commands read one. */
export async function extractFile(file: string): Promise<FileExtraction> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    return {
      ok: false,
      error: { code: "file-not-readable", message: `Cannot read the file ${file}.` },
    };
  }
  // A garbled text layer is repaired from the pages read by OCR; a scan is read by OCR.
  return readLabReportFromPdf(bytes, {
    readPdfText: (pdf) => readPdfText(pdf),
    pageOcrFor: (pdf) => createPageOcr(pdf),
    pageScannerFor: (pdf) => createPageScanner(pdf),
  });
}

/** Bad input: `{ error: { code, message } }` on stdout with --json, else a line on stderr. */
export function fail(
  io: CommandIo,
  json: boolean,
  error: { code: string; message: string },
  exitCode = 2,
): number {
  if (json) io.stdout(JSON.stringify({ error: { code: error.code, message: error.message } }));
  else io.stderr(`error (${error.code}): ${error.message}`);
  return exitCode;
}

function measure(m: Measure | null): string {
  if (!m) return "—";
  const value = m.value !== null ? `${m.value} ${m.unit}` : (m.qualifier ?? "—");
  return m.source === "computed" ? `${value} (computed)` : value;
}

function summarize(report: LabReport): string {
  const lines: string[] = [];
  const s = report.sample;
  lines.push(
    `Lab:        ${report.lab.name ?? "—"}${report.lab.license ? ` (${report.lab.license})` : ""}`,
  );
  lines.push(`Product:    ${s.productName ?? "—"}   Strain: ${s.strain ?? "—"}`);
  lines.push(`Batch:      ${s.batch ?? "—"}   Sample: ${s.sampleId ?? "—"}`);
  lines.push(
    `Tested:     ${s.dateTested ?? "—"}   Issued: ${s.dateIssued ?? "—"}   Basis: ${report.basis ?? "—"}`,
  );
  lines.push("", "Totals");
  lines.push(`  THC           ${measure(report.totals.thc)}`);
  lines.push(`  CBD           ${measure(report.totals.cbd)}`);
  lines.push(`  Cannabinoids  ${measure(report.totals.cannabinoids)}`);
  lines.push(`  Terpenes      ${measure(report.totals.terpenes)}`);
  for (const [title, list] of [
    ["Cannabinoids", report.cannabinoids],
    ["Terpenes", report.terpenes],
  ] as const) {
    lines.push("", title);
    for (const a of list) lines.push(`  ${a.label.padEnd(28)} ${measure(a)}`);
  }
  lines.push("", `Safety: ${report.safety.overall ?? "no overall verdict printed"}`);
  for (const p of report.safety.panels) lines.push(`  ${p.panel.padEnd(20)} ${p.status}`);
  if (report.verificationUrl) lines.push("", `Verify: ${report.verificationUrl}`);
  if (report.warnings.length > 0) lines.push("", `Warnings: ${report.warnings.join(", ")}`);
  return lines.join("\n");
}
