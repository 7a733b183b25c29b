import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPageScanner } from "~/integrations/page-scan.server";
import { createPdfTextReader } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import { scoreReport } from "./coa-scoring";
import { withCandidate } from "./review-candidates";
import { scannedCopy, scanVariant, variantName } from "./scanned-corpus";

/**
 * npm run -s bench:scanned [-- --verbose] [-- --only 05,12] [-- --scale 4]
 * Makes image-only versions of the corpus COAs (bench/scanned-corpus.ts; cached under
 * .cache/scanned-corpus), reads them as the app does (OCR, then a value counts only when a second
 * reading confirms it) and scores them with bench:extraction's rules (bench/coa-scoring.ts):
 * right, WRONG (reported as read but wrong), needs-review (withheld, the right value among the
 * candidates offered), missing (including withheld without the right candidate). Time is CPU time
 * of the PDF children per page scanned, and the clock's time per document.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpusDir = path.resolve(repoRoot, process.env.COA_CORPUS_DIR ?? "../shared/coa-corpus");
const cacheDir = path.join(repoRoot, ".cache", "scanned-corpus");
const verbose = process.argv.includes("--verbose");
const onlyIndex = process.argv.indexOf("--only");
/** Comma-separated prefixes of the corpus files to read (all when absent). */
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1]?.split(",") : undefined;
const scaleIndex = process.argv.indexOf("--scale");
/** Pixels per point the pages are painted at (the app's default when absent). */
const scale = scaleIndex > 0 ? Number(process.argv[scaleIndex + 1]) : undefined;

const truths = JSON.parse(
  await readFile(path.join(corpusDir, "ground_truth.json"), "utf8"),
) as Record<string, unknown>[];

let scanCpuMs = 0;
let scannedPages = 0;
const reader = createPdfTextReader({
  onCost: (cost) => {
    if (cost.kind !== "scan") return;
    scanCpuMs += cost.cpuMs ?? 0;
    scannedPages += 1;
  },
});
const totals = { right: 0, wrong: 0, review: 0, missing: 0 };
let wallMs = 0;
for (const [index, truth] of truths.entries()) {
  const file = String(truth.file);
  if (only && !only.some((prefix) => file.startsWith(prefix))) continue;
  const variant = scanVariant(index);
  const bytes = await scannedCopy(path.join(corpusDir, file), variant, cacheDir);
  const started = Date.now();
  const result = await readLabReportFromPdf(bytes, {
    readPdfText: (pdf) => reader.read(pdf),
    // CPU time bounds each page as in the app; the clock's deadlines, there for a page that stalls,
    // are widened: on a shared machine the clock says more about the neighbours than the scan.
    pageScannerFor: (pdf) =>
      createPageScanner(pdf, {
        reader,
        pageTimeoutMs: 900_000,
        documentTimeoutMs: 1_800_000,
        ...(scale ? { scale } : {}),
      }),
  });
  wallMs += Date.now() - started;
  const report = result.ok ? result.report : null;
  const scores = scoreReport(report, truth);
  const offered = report ? [0, 1].map((n) => scoreReport(withCandidate(report, n), truth)) : [];
  const counts = { right: 0, wrong: 0, review: 0, missing: 0 };
  const notes: string[] = [];
  for (const score of scores) {
    const kind =
      score.outcome === "correct"
        ? "right"
        : score.outcome === "wrong"
          ? "wrong"
          : offered.some((o) => o.find((s) => s.field === score.field)?.outcome === "correct")
            ? "review"
            : "missing";
    counts[kind] += 1;
    if (verbose && kind !== "right") {
      notes.push(
        `    ${kind.padEnd(7)} ${score.field}: expected ${JSON.stringify(score.expected)} got ${JSON.stringify(score.got)}`,
      );
    }
  }
  for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counts[key];
  const outcome = result.ok
    ? `${result.report.review?.length ?? 0} to review`
    : `error: ${result.error.code}`;
  const line = [
    `${file.slice(0, 40).padEnd(40)} ${variantName(variant).padEnd(28)} ${String(counts.right).padStart(3)} right ${String(counts.wrong).padStart(2)} WRONG ${String(counts.review).padStart(3)} review ${String(counts.missing).padStart(3)} missing  ${outcome}`,
    ...notes,
  ];
  // Printed as it goes: a whole run takes minutes.
  console.log(line.join("\n"));
}
await reader.close();
const scored = totals.right + totals.wrong + totals.review + totals.missing;
const pct = (n: number) => `${((100 * n) / Math.max(1, scored)).toFixed(1)}%`;
console.log("");
console.log(`corpus: ${corpusDir} (scans cached in ${cacheDir})`);
console.log(
  `overall: ${scored} scored fields: ${totals.right} right (${pct(totals.right)}), ${totals.wrong} WRONG, ${totals.review} needs-review with the right candidate (${pct(totals.review)}), ${totals.missing} missing`,
);
console.log(`right or needs-review with the right candidate: ${pct(totals.right + totals.review)}`);
console.log(
  `time: ${scannedPages} pages read by OCR, ${(scanCpuMs / Math.max(1, scannedPages) / 1000).toFixed(1)} s of CPU per page; ${(wallMs / 1000).toFixed(0)} s on the clock in all`,
);
