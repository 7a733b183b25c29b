import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closePageOcr, createPageOcr } from "~/integrations/page-ocr.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import type { LabReport } from "~/pipeline/lab-report";
import type { PdfDocumentText, PdfTextItem } from "~/pipeline/pdf-document";

/**
 * npm run bench:garbled-repair [-- --only 05]
 * How the repair of a garbled text layer (text-layer-repair.ts) does on layouts other than the one
 * corpus file that needs it: each corpus COA's text layer is garbled the way file 13's is — every
 * character of each font replaced by a code of its own, and "H" dropped by the reader, splitting its
 * run — while its pages, painted for OCR, still show the true print. The repaired report is then
 * compared, fact by fact, with the report read from the intact layer: the same, missing, or
 * different (wrong). A repair must never be wrong; missing is its price. Takes a few minutes: two
 * pages of OCR per document.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpusDir = path.resolve(repoRoot, process.env.COA_CORPUS_DIR ?? "../shared/coa-corpus");
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;

/** Each font's wrong map: a character to a private-use code, shifted per font. */
function garble(document: PdfDocumentText): PdfDocumentText {
  const fonts = new Map<string, number>();
  const cipher = (font: string, char: string) => {
    if (!fonts.has(font)) fonts.set(font, fonts.size);
    const shift = (fonts.get(font) ?? 0) * 37;
    return String.fromCharCode(0xe000 + ((char.charCodeAt(0) + shift) % 0x1800));
  };
  const pages = document.pages.map((page) => ({
    ...page,
    items: page.items.flatMap((item) => dropH(item, (c) => cipher(item.font ?? "", c))),
  }));
  return { ...document, pages };
}

/** "H" reaches the text as a control character the reader drops: its run splits around it. */
function dropH(item: PdfTextItem, cipher: (char: string) => string): PdfTextItem[] {
  const chars = [...item.str];
  const advance = item.width / Math.max(chars.length, 1);
  const out: PdfTextItem[] = [];
  let start = 0;
  for (let i = 0; i <= chars.length; i++) {
    if (i < chars.length && chars[i] !== "H") continue;
    if (i > start) {
      const str = chars.slice(start, i).map(cipher).join("");
      out.push({ ...item, str, x: item.x + start * advance, width: (i - start) * advance });
    }
    start = i + 1;
  }
  return out;
}

interface Tally {
  same: number;
  missing: number;
  /** The same quantity in a unit that cannot be compared (mg/serving against %): not scored. */
  otherColumn: number;
  wrong: string[];
}

type Fact =
  | { kind: "measure"; value: number | null; qualifier: string | null; unit: string }
  | { kind: "text"; text: string };

/** The facts of a report, keyed: totals, every analyte, sample and lab fields, panels. */
function facts(report: LabReport): Map<string, Fact> {
  const out = new Map<string, Fact>();
  const measures = [
    ...Object.entries(report.totals).map(([key, m]) => [`total ${key}`, m] as const),
    ...[...report.cannabinoids, ...report.terpenes].map((a) => [a.analyte, a] as const),
  ];
  for (const [key, m] of measures) {
    if (m) out.set(key, { kind: "measure", value: m.value, qualifier: m.qualifier, unit: m.unit });
  }
  const texts = { ...report.sample, lab: report.lab.name, overall: report.safety.overall };
  for (const [key, text] of Object.entries(texts)) {
    if (text) out.set(key, { kind: "text", text });
  }
  for (const panel of report.safety.panels) {
    out.set(`panel ${panel.panel}`, { kind: "text", text: panel.status });
  }
  return out;
}

/** As the corpus is scored: within 0.5 % or 0.002, 1 % = 10 mg/g, ND and <LOQ alike. */
function compareFacts(a: Fact, b: Fact): "same" | "other-column" | "wrong" {
  if (a.kind === "text" || b.kind === "text") {
    const x = a.kind === "text" ? a.text : "";
    const y = b.kind === "text" ? b.text : "";
    return x.toLowerCase() === y.toLowerCase() ? "same" : "wrong";
  }
  if (a.value === null || b.value === null) {
    return a.value === null && b.value === null ? "same" : "wrong";
  }
  const inPercent = (m: { value: number; unit: string }) =>
    m.unit === "%" ? m.value : m.unit === "mg/g" ? m.value / 10 : null;
  const x = inPercent({ value: a.value, unit: a.unit });
  const y = inPercent({ value: b.value, unit: b.unit });
  if (x === null || y === null) {
    if (a.unit !== b.unit) return "other-column";
    return Math.abs(a.value - b.value) <= Math.max(0.002, 0.005 * Math.abs(a.value))
      ? "same"
      : "wrong";
  }
  return Math.abs(x - y) <= Math.max(0.002, 0.005 * Math.abs(x)) ? "same" : "wrong";
}

function show(fact: Fact): string {
  return fact.kind === "text" ? fact.text : `${fact.value ?? fact.qualifier} ${fact.unit}`;
}

function compare(clean: LabReport, repaired: LabReport | null): Tally {
  const tally: Tally = { same: 0, missing: 0, otherColumn: 0, wrong: [] };
  const got = repaired ? facts(repaired) : new Map<string, Fact>();
  for (const [key, fact] of facts(clean)) {
    const other = got.get(key);
    if (other === undefined) {
      tally.missing++;
      continue;
    }
    const outcome = compareFacts(fact, other);
    if (outcome === "same") tally.same++;
    else if (outcome === "other-column") tally.otherColumn++;
    else tally.wrong.push(`${key}: ${show(fact)} → ${show(other)}`);
  }
  return tally;
}

const names = (await readdir(corpusDir))
  .filter((f) => f.endsWith(".pdf") && !f.startsWith("13_"))
  .filter((f) => !only || f.startsWith(only))
  .sort();
const total: Tally = { same: 0, missing: 0, otherColumn: 0, wrong: [] };
for (const name of names) {
  const bytes = await readFile(path.join(corpusDir, name));
  const read = await readPdfText(bytes);
  if (!read.ok) continue;
  // The document is read once; the repaired reading gets its text garbled like file 13's.
  const clean = await readLabReportFromPdf(bytes, { readPdfText: async () => read });
  if (!clean.ok) continue;
  const started = performance.now();
  const repaired = await readLabReportFromPdf(bytes, {
    readPdfText: async () => ({ ok: true, document: garble(read.document) }),
    pageOcrFor: (pdf) => createPageOcr(pdf),
  });
  const seconds = (performance.now() - started) / 1000;
  const report = repaired.ok ? repaired.report : null;
  const outcome = report?.warnings.includes("text-layer-repaired")
    ? "repaired"
    : (report?.warnings.find((w) => w.startsWith("garbled") || w.startsWith("text-layer")) ??
      (repaired.ok ? "not garbled?" : repaired.error.code));
  const tally = compare(clean.report, outcome === "repaired" ? report : null);
  total.same += tally.same;
  total.missing += tally.missing;
  total.otherColumn += tally.otherColumn;
  total.wrong.push(...tally.wrong.map((w) => `${name.slice(0, 3)}${w}`));
  const facts = tally.same + tally.missing + tally.otherColumn + tally.wrong.length;
  console.log(
    `${name.padEnd(48)} ${outcome.padEnd(18)} ${String(tally.same).padStart(3)}/${facts} same  ${String(tally.missing).padStart(3)} missing  ${String(tally.wrong.length).padStart(2)} wrong  ${seconds.toFixed(1)} s`,
  );
  for (const wrong of tally.wrong) console.log(`    wrong ${wrong}`);
}
const all = total.same + total.missing + total.otherColumn + total.wrong.length;
console.log("");
console.log(
  `overall: ${total.same}/${all} facts as read from the intact layer (${((100 * total.same) / all).toFixed(1)}%), ${total.missing} missing, ${total.otherColumn} from another unit's column, ${total.wrong.length} wrong`,
);
await closePageOcr();
