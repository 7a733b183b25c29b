import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * npm run bench:extraction-speed
 * Times, in the same run and as whole processes under /usr/bin/time -v, (1) the whole extraction
 * engine over the corpus (bench/extract-corpus.ts: PDF bytes to LabReport, pdf.js in two reader
 * threads), (2) pdf-parse's bare getText() over the same files in two threads
 * (bench/pdf-parse-text-corpus.ts), the least the engine's reader can cost, and (3) poppler's
 * `pdftotext -layout` over the same files (two processes at a time), in turn, ROUNDS times
 * (default 3). Prints every round and the best, with wall time, CPU
 * time, peak memory and the ratios, and the machine's load average, since other jobs sharing the
 * cores inflate wall time (CPU time suffers less). Needs Debian's poppler-utils and time packages.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpusDir = path.resolve(repoRoot, process.env.COA_CORPUS_DIR ?? "../shared/coa-corpus");
const rounds = Number(process.env.ROUNDS ?? 3);

interface Measured {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

function timed(command: string, args: string[]): Measured & { stdout: string } {
  const run = spawnSync("/usr/bin/time", ["-v", command, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr.slice(-2000)}`);
  const field = (name: string) => new RegExp(`${name}: (.*)`).exec(run.stderr)?.[1]?.trim() ?? "0";
  const wall = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)")
    .split(":")
    .reduce((total, part) => total * 60 + Number(part), 0);
  return {
    stdout: run.stdout,
    wallSeconds: wall,
    cpuSeconds:
      Number(field("User time \\(seconds\\)")) + Number(field("System time \\(seconds\\)")),
    peakRssMb: Number(field("Maximum resident set size \\(kbytes\\)")) / 1024,
  };
}

function best(runs: Measured[]): Measured {
  return runs.reduce((a, b) => (b.wallSeconds < a.wallSeconds ? b : a));
}

for (const tool of ["/usr/bin/time", "/usr/bin/pdftotext"]) {
  if (!existsSync(tool)) {
    console.error(`${tool} is missing: apt-get update && apt-get install -y time poppler-utils`);
    process.exit(1);
  }
}

const zero: Measured = { wallSeconds: 0, cpuSeconds: 0, peakRssMb: 0 };
const pdfCount = readdirSync(corpusDir).filter((f) => f.endsWith(".pdf")).length;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const show = (name: string, m: Measured) =>
  `${name.padEnd(30)} wall ${m.wallSeconds.toFixed(2)} s   cpu ${m.cpuSeconds.toFixed(2)} s   peak RSS ${m.peakRssMb.toFixed(0)} MB`;
console.log(
  `corpus: ${corpusDir} (${pdfCount} PDFs), ${rounds} rounds, ${cpus().length} cores, load average (1/5/15 min) ${load()}`,
);

const out = mkdtempSync(path.join(tmpdir(), "pdftotext-"));
const engineRuns: Measured[] = [];
const pdfParseRuns: Measured[] = [];
const popplerRuns: Measured[] = [];
// An engine that skipped files would look fast: every PDF must have been read.
function readAll(run: Measured & { stdout: string }, name: string): Measured {
  const lines = run.stdout.trim().split("\n").filter(Boolean);
  if (lines.length !== pdfCount)
    throw new Error(`${name} reported ${lines.length} of ${pdfCount} files`);
  return run;
}
try {
  for (let round = 0; round < rounds; round++) {
    popplerRuns.push(
      timed("sh", [
        "-c",
        `cd "${corpusDir}" && ls *.pdf | xargs -P 2 -I{} pdftotext -layout {} "${out}/{}.txt"`,
      ]),
    );
    const engineArgs = ["--import", "tsx", "bench/extract-corpus.ts", corpusDir];
    engineRuns.push(readAll(timed(process.execPath, engineArgs), "engine"));
    const pdfParseArgs = ["bench/pdf-parse-text-corpus.ts", corpusDir];
    pdfParseRuns.push(readAll(timed(process.execPath, pdfParseArgs), "pdf-parse"));
    const last = (runs: Measured[]) => runs[runs.length - 1] ?? zero;
    console.log(`round ${round + 1}  load ${load()}`);
    console.log(`  ${show("engine", last(engineRuns))}`);
    console.log(`  ${show("pdf-parse getText() alone", last(pdfParseRuns))}`);
    console.log(`  ${show("pdftotext -layout", last(popplerRuns))}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

const engine = best(engineRuns);
const pdfParse = best(pdfParseRuns);
const poppler = best(popplerRuns);
const ratio = (name: string, m: Measured) =>
  `ratio ${name} / pdftotext: wall ${(m.wallSeconds / poppler.wallSeconds).toFixed(1)}x, cpu ${(m.cpuSeconds / poppler.cpuSeconds).toFixed(1)}x, peak RSS ${(m.peakRssMb / poppler.peakRssMb).toFixed(0)}x`;
console.log(`best of ${rounds} (by wall time), load average now ${load()}`);
console.log(show("engine (2 reader threads)", engine));
console.log(show("pdf-parse getText() (2 threads)", pdfParse));
console.log(show("pdftotext -layout (2 procs)", poppler));
console.log(ratio("engine", engine));
console.log(ratio("pdf-parse getText()", pdfParse));
