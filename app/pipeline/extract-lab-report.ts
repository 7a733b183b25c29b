import {
  emptyLabReport,
  type Analyte,
  type LabReport,
  type PerUnitAmounts,
  type PerUnitBasis,
} from "./lab-report";
import { readBasis } from "./report-basis";
import type { LanguageModel } from "./language-model";
import { LanguageModelError } from "./language-model";
import type { PdfDocumentText } from "./pdf-document";
import { extractionError, type ExtractionError } from "./extraction-error";
import { buildRows, type Row } from "./text-layout";
import { readAnalyteTables } from "./analyte-tables";
import {
  computeTotal,
  selectTotals,
  totalReadings,
  withholdContradictedTotals,
} from "./coa-totals";
import { readLab, readSample, readVerificationUrl } from "./coa-fields";
import { readSafety } from "./safety-panels";
import { isGarbledTextLayer, pagesReadingAsWords } from "./garbled-text";
import { readGarbledReport } from "./garbled-report";
import { extractWithLanguageModel } from "./language-model-fallback";
import type { PageOcr } from "./page-ocr";
import { repairTextLayer } from "./text-layer-repair";
import { checkPlausibility, separateAmounts, type PlausibilityOptions } from "./plausibility";
import { readPerUnitFacts, type PerUnitFacts } from "./per-unit-facts";
import { classifyDocument } from "./document-kind";
import type { ReviewPageImage } from "./review-items";

export type ExtractionResult =
  | {
      ok: true;
      report: LabReport;
      uncertainFields: string[];
      /** Pages painted for OCR, kept so the merchant can check `report.review` against them. */
      pageImages?: ReviewPageImage[];
    }
  | { ok: false; error: ExtractionError };

export interface ExtractLabReportDeps {
  languageModel?: LanguageModel;
  /** Reads the document's pages as pictures: a report whose text layer is garbled is repaired. */
  pageOcr?: PageOcr;
  /** Pages read as pictures when repairing (text-layer-repair.ts's default when unset). */
  maxOcrPages?: number;
  /** Told the report as read when the plausibility gate withheld some of its fields. */
  onWithheld?: (read: LabReport, withheld: string[]) => void;
  /**
   * The document's words were read by OCR from pictures of its pages (read-scanned-report.ts):
   * a figure may have lost its decimal stop.
   */
  readByOcr?: boolean;
}

/** A page with fewer visible characters than this holds no real text layer (a scan with a stamp). */
const MIN_TEXT_CHARS = 80;
/** …unless it has this many words: then it is a short document of another kind. */
const MIN_TEXT_WORDS = 4;

/**
 * A COA's text → its lab report. Whatever path reads it (layout rules, a repaired text layer, the
 * language model), the report passes the plausibility gate (plausibility.ts) before it leaves.
 */
export async function extractLabReport(
  document: PdfDocumentText,
  deps: ExtractLabReportDeps = {},
): Promise<ExtractionResult> {
  return checkExtraction(await extract(document, deps, "intact"), deps.onWithheld);
}

/**
 * The plausibility gate on an extraction result: what it withholds becomes uncertain. Every
 * reader of a COA (this module, OCR of image-only pages) hands its result through here.
 */
export function checkExtraction(
  result: ExtractionResult & { totalReadings?: PlausibilityOptions["totalReadings"] },
  onWithheld?: ExtractLabReportDeps["onWithheld"],
): ExtractionResult {
  if (!result.ok) return result;
  const checked = checkPlausibility(result.report, { totalReadings: result.totalReadings });
  if (checked.withheld.length > 0) onWithheld?.(result.report, checked.withheld);
  return {
    ok: true,
    report: checked.report,
    uncertainFields: [...new Set([...result.uncertainFields, ...checked.withheld])],
    ...(result.pageImages ? { pageImages: result.pageImages } : {}),
  };
}

/**
 * "repaired": the text layer was rebuilt from learned glyphs (text-layer-repair.ts), where a
 * header's unit may have been lost: a value whose unit is printed nowhere is then not taken, as
 * the usual guess (the first value cell, in %) could read an mg/g column as a percentage.
 */
async function extract(
  document: PdfDocumentText,
  deps: ExtractLabReportDeps,
  layer: "intact" | "repaired",
): Promise<ExtractionResult & { totalReadings?: PlausibilityOptions["totalReadings"] }> {
  if (document.pageCount === 0 || document.pages.length === 0) {
    return { ok: false, error: extractionError("empty-pdf") };
  }
  const chars = document.pages.reduce(
    (sum, page) => sum + page.items.reduce((n, item) => n + item.str.replace(/\s/g, "").length, 0),
    0,
  );
  if (chars < MIN_TEXT_CHARS) {
    // A few real words (an invoice, a cover letter) are a text layer without results, not a scan.
    const words = document.pages
      .flatMap((page) => page.items.map((item) => item.str))
      .join(" ")
      .match(/\p{L}{3,}/gu);
    const code = (words?.length ?? 0) >= MIN_TEXT_WORDS ? "unreadable-layout" : "no-text-layer";
    return { ok: false, error: extractionError(code) };
  }

  const rows = buildRows(document);
  const report = emptyLabReport();
  const uncertainFields: string[] = [];
  report.lab = readLab(rows, document.links);
  report.sample = readSample(rows);
  report.verificationUrl = readVerificationUrl(rows, document.links, document.qrCodes);
  report.warnings.push(...complianceWarnings(rows));

  if (isGarbledTextLayer(rows)) {
    const repaired = deps.pageOcr ? await extractRepaired(document, deps.pageOcr, deps) : null;
    if (repaired && repaired !== "failed") return repaired;
    // Its numbers would read plausibly and wrongly: report none of them, only its words.
    report.warnings.push("garbled-text-layer");
    if (repaired === "failed") report.warnings.push("text-layer-repair-failed");
    uncertainFields.push("totals", "cannabinoids", "terpenes", "safety", "sample", "lab");
    return { ok: true, report: readGarbledReport(rows, document.links, report), uncertainFields };
  }

  if (layer === "intact") {
    const kind = classifyDocument(rows);
    if (kind !== "coa") return { ok: false, error: extractionError(kind) };
  }
  const tables = readAnalyteTables(rows, {
    unitsMustBePrinted: layer === "repaired",
    stopsMayBeLost: deps.readByOcr === true,
  });
  report.cannabinoids = tables.cannabinoids;
  report.terpenes = tables.terpenes;
  report.basis = readBasis(rows, tables.cannabinoids);
  report.totals = selectTotals(rows, tables.totals);
  report.safety = readSafety(rows);
  for (const key of withholdContradictedTotals(report.totals, report.cannabinoids)) {
    report.warnings.push(`total-${key}-contradicted`);
    uncertainFields.push(`totals.${key}`);
  }
  fillComputedTotals(report, tables.amounts, readPerUnitFacts(rows, tables.totals));

  if (report.cannabinoids.length === 0 && !report.totals.thc && !report.totals.cbd) {
    if (deps.languageModel) return fallback(deps.languageModel, rows, report);
    return { ok: false, error: extractionError("unreadable-layout") };
  }
  if (!report.totals.thc) uncertainFields.push("totals.thc");
  if (!report.lab.name) uncertainFields.push("lab.name");
  return {
    ok: true,
    report: withoutUnreadableText(report),
    uncertainFields,
    totalReadings: totalReadings(rows, tables.totals),
  };
}

/**
 * A name or id with a glyph nobody could read ("Gaviota \uFFFDt\uFFFD") helps no one on a product
 * page: it is left out, as if not printed.
 */
function withoutUnreadableText(report: LabReport): LabReport {
  const readable = (text: string | null) => (text?.includes("\uFFFD") ? null : text);
  const sample = { ...report.sample };
  for (const key of Object.keys(sample) as (keyof typeof sample)[]) {
    sample[key] = readable(sample[key]);
  }
  return {
    ...report,
    lab: { name: readable(report.lab.name), license: readable(report.lab.license) },
    sample,
    verificationUrl: readable(report.verificationUrl),
  };
}

/**
 * A garbled report read again after its glyphs' characters were learned from the pages' pictures
 * (text-layer-repair.ts). Pages that still do not read as words are left out, numbers and all. Null
 * when the repair cannot be trusted, "failed" when the pictures could not be read: either way the
 * caller reports the garbled layer as such.
 */
async function extractRepaired(
  document: PdfDocumentText,
  pageOcr: PageOcr,
  deps: ExtractLabReportDeps,
): Promise<ExtractionResult | "failed" | null> {
  let repair;
  try {
    repair = await repairTextLayer(document, pageOcr, { maxOcrPages: deps.maxOcrPages });
  } catch {
    // The pictures could not be read (the recogniser failed): the report stays as garbled.
    return "failed";
  }
  if (!repair) return null;
  const readable = pagesReadingAsWords(buildRows(repair.document));
  const pages = repair.document.pages.filter((page) => readable.has(page.pageNumber));
  const repaired = { ...repair.document, pages };
  if (pages.length === 0 || isGarbledTextLayer(buildRows(repaired))) return null;
  const result = await extract(repaired, { languageModel: deps.languageModel }, "repaired");
  if (!result.ok) return null;
  result.report.warnings.push("text-layer-repaired");
  return result;
}

/**
 * Totals the lab did not print, from their printed parts, marked computed: concentrations from
 * the concentration rows. An edible's amounts per serving, unit or package (columns beside the
 * concentrations, totals printed per package) go to the per-unit block with its serving size and
 * servings per package; a basis whose totals are not printed gets them computed from its rows.
 */
function fillComputedTotals(
  report: LabReport,
  rows: Record<PerUnitBasis, Analyte[]>,
  facts: PerUnitFacts,
): void {
  separateAmounts(report);
  const slot = (basis: PerUnitBasis): PerUnitAmounts => {
    report.perUnit ??= { servingSize: null, servingsPerPackage: null, amounts: [] };
    let found = report.perUnit.amounts.find((a) => a.basis === basis);
    if (!found) {
      found = { basis, totals: { thc: null, cbd: null, cannabinoids: null }, cannabinoids: [] };
      report.perUnit.amounts.push(found);
    }
    return found;
  };
  for (const total of facts.totals) {
    const amounts = slot(total.basis);
    const known = amounts.totals[total.key];
    if (!known || known.source === "computed") amounts.totals[total.key] = total.measure;
  }
  for (const basis of ["serving", "unit", "package"] as const) {
    const list = rows[basis];
    if (list.length === 0) continue;
    const amounts = slot(basis);
    if (amounts.cannabinoids.length === 0) amounts.cannabinoids = list;
    amounts.totals.thc ??= computeTotal(pick(list, "thca"), pick(list, "d9_thc"));
    amounts.totals.cbd ??= computeTotal(pick(list, "cbda"), pick(list, "cbd"));
  }
  if (report.perUnit) {
    report.perUnit.servingSize = facts.servingSize;
    report.perUnit.servingsPerPackage = facts.servingsPerPackage;
  }
  const find = (key: string): Analyte | undefined => pick(report.cannabinoids, key);
  if (!report.totals.thc) {
    const computed = computeTotal(find("thca"), find("d9_thc"));
    if (computed) {
      report.totals.thc = computed;
      report.warnings.push("total-thc-computed");
    }
  }
  if (!report.totals.cbd) {
    const computed = computeTotal(find("cbda"), find("cbd"));
    if (computed) {
      report.totals.cbd = computed;
      report.warnings.push("total-cbd-computed");
    }
  }
}

function pick(list: Analyte[], key: string): Analyte | undefined {
  return list.find((a) => a.analyte === key);
}

/** R&D and QA-only reports are not compliance COAs: a merchant should not publish them as one. */
function complianceWarnings(rows: Row[]): string[] {
  const text = rows.map((r) => r.text).join("\n");
  // Letter-spaced type loses its word spaces ("NOTACOMPLIANCECERTIFICATE"), hence \s*.
  if (
    /\bR&D\b|research\s*(?:and|&)\s*development|not\s*for\s*(?:regulatory|compliance)|QA\s*only|quality\s*assurance\s*(?:only|purposes)|not\s*an?\s*(?:\w+\s*)?compliance\s*certificate|informational\s*purposes\s*only/i.test(
      text,
    )
  ) {
    return ["not-a-compliance-coa"];
  }
  return [];
}

async function fallback(
  model: LanguageModel,
  rows: Row[],
  base: LabReport,
): Promise<ExtractionResult> {
  try {
    const result = await extractWithLanguageModel(model, rows);
    if (!result) return { ok: false, error: extractionError("unreadable-layout") };
    const report = result.report;
    report.warnings = [
      ...new Set([...base.warnings, ...report.warnings, "extracted-by-language-model"]),
    ];
    if (result.dropped.length > 0) report.warnings.push("unverified-values-dropped");
    report.version = base.version;
    return { ok: true, report, uncertainFields: ["*", ...result.dropped] };
  } catch (error) {
    if (error instanceof LanguageModelError && !error.retryable) {
      return { ok: false, error: extractionError("unreadable-layout") };
    }
    throw error;
  }
}
