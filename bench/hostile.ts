import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createPageOcr } from "~/integrations/page-ocr.server";
import {
  createPdfTextReader,
  DEFAULT_CPU_LIMIT_MS,
  DEFAULT_MEMORY_LIMIT_MB,
  type PdfJobCost,
} from "~/integrations/pdf-text.server";
import { extractLabReport } from "~/pipeline/extract-lab-report";
import { bombs, damaged, structural, type Variant } from "./hostile-variants";

/**
 * Hostile PDFs through the real reader, as an upload would go: the child processes read the text
 * (and OCR pages when the text layer is garbled, OCR=1), then the engine reads the report in this
 * process. Prints crashes (an exception out of the reader or the engine: goal 0), hangs (no answer
 * within the clock's deadline and a margin: goal 0), children that died (contained: a typed
 * error), the worst time and CPU per document, the peak memory of a child and of this process,
 * and the longest this process's event loop was held (what a web request would have waited).
 *
 *   npm run -s bench:hostile                     # about 1,000 variants, 1 GB bombs
 *   COUNT=200 SIZE=3g npm run -s bench:hostile   # fewer damaged copies, 3 GB bombs
 *   FILES=25 npm run -s bench:hostile            # damage every corpus COA, not the 8 cheapest
 */

const corpusDir = process.env.COA_CORPUS_DIR ?? path.resolve("../shared/coa-corpus");
const count = Number(process.env.COUNT ?? 1_000);
const size = parseSize(process.env.SIZE ?? "1g");
const withOcr = process.env.OCR === "1";
const TIMEOUT_MS = 60_000;
const DAMAGED_FILES = Number(process.env.FILES ?? 8);

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(text.trim());
  if (!m?.[1]) throw new Error(`SIZE: a size such as 512m or 3g, not ${text}`);
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? "").toLowerCase()] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".pdf"))
  .sort();
if (files.length === 0) throw new Error(`No PDFs in ${corpusDir}`);
const corpus = files.map((f) => ({
  name: f.slice(0, 2),
  bytes: new Uint8Array(readFileSync(path.join(corpusDir, f))),
}));
const encrypted = new Uint8Array(readFileSync("test/fixtures/user-password-encrypted.pdf"));

const costs: PdfJobCost[] = [];
const reader = createPdfTextReader({ onCost: (cost) => costs.push(cost) });

// The intact COAs first: each must read, and the cheapest are the ones damaged (a few minutes for
// a thousand copies on two cores).
const intact: { name: string; bytes: Uint8Array; cpuMs: number }[] = [];
for (const file of corpus) {
  const read = await reader.read(file.bytes);
  if (!read.ok) console.log(`intact ${file.name} unreadable: ${read.error.code}`);
  intact.push({ ...file, cpuMs: costs.at(-1)?.cpuMs ?? 0 });
}
const cheapest = [...intact].sort((a, b) => a.cpuMs - b.cpuMs).slice(0, DAMAGED_FILES);
console.log(
  `${corpus.length} intact COAs read; damaging ${cheapest.map((f) => `${f.name} (${f.cpuMs} ms)`).join(", ")}`,
);
costs.length = 0;

console.log(`Generating variants (bombs inflate to ${(size / 1024 ** 3).toFixed(2)} GB)…`);
const madeAt = Date.now();
const fixed = [
  ...(await bombs(size)),
  ...structural(corpus[0]?.bytes ?? new Uint8Array(), encrypted),
];
const perFile = Math.max(1, Math.ceil(Math.max(0, count - fixed.length) / cheapest.length));
const variants: Variant[] = [
  ...fixed,
  ...cheapest.flatMap((file, i) => damaged(file.name, file.bytes, perFile, 1_000 + i)),
];
console.log(`${variants.length} variants in ${((Date.now() - madeAt) / 1000).toFixed(1)} s`);

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

interface Outcome {
  variant: Variant;
  outcome: string;
  wallMs: number;
  engineMs: number;
}
const outcomes: Outcome[] = [];
const crashes: { variant: Variant; error: unknown }[] = [];
const hangs: Variant[] = [];
let done = 0;
const startedAt = Date.now();

async function readOne(variant: Variant): Promise<void> {
  const started = Date.now();
  let engineMs = 0;
  let hangTimer: NodeJS.Timeout | undefined;
  const hang = new Promise<"hang">((resolve) => {
    hangTimer = setTimeout(() => resolve("hang"), TIMEOUT_MS + 30_000);
  });
  const work = (async () => {
    const read = await reader.read(variant.bytes, { timeoutMs: TIMEOUT_MS });
    if (!read.ok) return read.error.code;
    const engineStarted = Date.now();
    const result = await extractLabReport(
      read.document,
      withOcr ? { pageOcr: createPageOcr(variant.bytes, { reader }) } : {},
    );
    engineMs = Date.now() - engineStarted;
    return result.ok ? "ok" : result.error.code;
  })();
  try {
    const outcome = await Promise.race([work, hang]);
    if (outcome === "hang") hangs.push(variant);
    else outcomes.push({ variant, outcome, wallMs: Date.now() - started, engineMs });
  } catch (error) {
    crashes.push({ variant, error });
  } finally {
    clearTimeout(hangTimer);
    done++;
    if (done % 100 === 0)
      console.log(
        `  ${done}/${variants.length} read (${Math.round((Date.now() - startedAt) / 1000)} s)`,
      );
  }
}

// Two documents at a time, as the pool reads them; the next starts when one ends.
const pending = [...variants];
await Promise.all(
  Array.from({ length: 2 }, async () => {
    for (let v = pending.shift(); v; v = pending.shift()) await readOne(v);
  }),
);
loop.disable();
await reader.close();

const byKind = new Map<string, Map<string, number>>();
for (const { variant, outcome } of outcomes) {
  const kind = byKind.get(variant.kind) ?? new Map<string, number>();
  kind.set(outcome, (kind.get(outcome) ?? 0) + 1);
  byKind.set(variant.kind, kind);
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const worst = <T>(items: T[], by: (item: T) => number) =>
  items.reduce<T | undefined>((a, b) => (!a || by(b) > by(a) ? b : a), undefined);
const slowest = worst(outcomes, (o) => o.wallMs);
const slowestEngine = worst(outcomes, (o) => o.engineMs);
const cpu = worst(costs, (c) => c.cpuMs ?? 0);
const peak = worst(costs, (c) => c.peakRssBytes ?? 0);

console.log(`\nOutcomes by kind of variant:`);
for (const [kind, counts] of [...byKind].sort()) {
  console.log(
    `  ${kind.padEnd(12)} ${[...counts]
      .sort()
      .map(([o, n]) => `${o} ${n}`)
      .join(", ")}`,
  );
}
console.log(`
variants            ${variants.length} (${fixed.length} built, ${variants.length - fixed.length} damaged corpus copies)
crashes             ${crashes.length}  (goal 0)
hangs               ${hangs.length}  (goal 0)
children ended      ${costs.filter((c) => c.outcome === "too-complex").length} over the memory or size limit (${DEFAULT_MEMORY_LIMIT_MB} MB), ${costs.filter((c) => c.outcome === "timeout").length} over the CPU limit (${DEFAULT_CPU_LIMIT_MS / 1000} s) or the clock
worst wall time     ${slowest ? `${slowest.wallMs} ms (${slowest.variant.name}: ${slowest.outcome})` : "-"}
worst child CPU     ${cpu ? `${cpu.cpuMs} ms (${cpu.kind}: ${cpu.outcome})` : "-"}
worst engine time   ${slowestEngine ? `${slowestEngine.engineMs} ms in this process (${slowestEngine.variant.name})` : "-"}
peak child memory   ${peak?.peakRssBytes ? `${mb(peak.peakRssBytes)} resident (${peak.kind}: ${peak.outcome})` : "-"}
peak own memory     ${mb(process.resourceUsage().maxRSS * 1024)} resident (this process: generator, engine, results)
event loop held     ${(loop.max / 1e6).toFixed(0)} ms at most, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms
total               ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
for (const { variant, error } of crashes.slice(0, 10))
  console.log(`CRASH ${variant.name}: ${String(error)}`);
for (const variant of hangs.slice(0, 10)) console.log(`HANG ${variant.name}`);
process.exitCode = crashes.length + hangs.length > 0 ? 1 : 0;
