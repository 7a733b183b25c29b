import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closePageOcr, createPageOcr } from "~/integrations/page-ocr.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import { scoreReport, type FieldScore } from "./coa-scoring";

/**
 * npm run bench:extraction [-- --verbose] [-- --only 05]
 * Scores the engine on the COA corpus (COA_CORPUS_DIR, default ../shared/coa-corpus) with the
 * corpus README's rules; prints per-document and overall correct / wrong / missing fields.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpusDir = path.resolve(repoRoot, process.env.COA_CORPUS_DIR ?? "../shared/coa-corpus");
const verbose = process.argv.includes("--verbose");
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;

const truths = JSON.parse(
  await readFile(path.join(corpusDir, "ground_truth.json"), "utf8"),
) as Record<string, unknown>[];

let correct = 0;
let wrong = 0;
let missing = 0;
let wrongPrintedTotals = 0;
let worst = { file: "", pct: 100 };
const lines: string[] = [];
for (const truth of truths) {
  const file = String(truth.file);
  if (only && !file.startsWith(only)) continue;
  const bytes = await readFile(path.join(corpusDir, file));
  const result = await readLabReportFromPdf(bytes, {
    readPdfText: (pdf) => readPdfText(pdf),
    pageOcrFor: (pdf) => createPageOcr(pdf),
  });
  const report = result.ok ? result.report : null;
  const scores: FieldScore[] = scoreReport(report, truth);
  const c = scores.filter((s) => s.outcome === "correct").length;
  const w = scores.filter((s) => s.outcome === "wrong").length;
  const m = scores.filter((s) => s.outcome === "missing").length;
  const wpt = scores.filter((s) => s.outcome === "wrong" && s.printedTotal).length;
  correct += c;
  wrong += w;
  missing += m;
  wrongPrintedTotals += wpt;
  const pct = scores.length ? (100 * c) / scores.length : 100;
  if (pct < worst.pct) worst = { file, pct };
  const note = result.ok ? (report?.warnings.join(",") ?? "") : `error: ${result.error.code}`;
  lines.push(
    `${file.padEnd(48)} ${String(c).padStart(3)} ok ${String(w).padStart(3)} wrong ${String(m).padStart(3)} missing  ${pct.toFixed(0).padStart(3)}%  ${note}`,
  );
  if (verbose) {
    for (const s of scores.filter((s) => s.outcome !== "correct")) {
      lines.push(
        `    ${s.outcome.padEnd(7)} ${s.field}: expected ${JSON.stringify(s.expected)} got ${JSON.stringify(s.got)}`,
      );
    }
  }
}
const total = correct + wrong + missing;
console.log(lines.join("\n"));
console.log("");
console.log(`corpus: ${corpusDir}`);
console.log(
  `overall: ${correct}/${total} correct (${((100 * correct) / total).toFixed(1)}%), ${wrong} wrong, ${missing} missing`,
);
console.log(`worst document: ${worst.file} ${worst.pct.toFixed(1)}%`);
console.log(`wrong totals marked printed: ${wrongPrintedTotals}`);
await closePageOcr();
