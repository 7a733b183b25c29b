import type { LabReport } from "./lab-report";
import type { ScanEvidence } from "./ocr-figures";
import type { ReviewItem, ReviewPageImage } from "./review-items";
import { figureClaims, textClaims, type Claim } from "./scanned-claims";

/**
 * A report read by OCR keeps a value only when a second, independent reading confirms it (the
 * document's own cross-checks in scanned-claims.ts, or a second reader looking at the page); every
 * other value is taken out of its field and listed in `review` with what was read, where, and how
 * sure OCR was, for the merchant to check against the page (docs/lab-report-contract.md, "Values
 * that need review").
 */

/** What a second reader was asked: the values the document could not confirm by itself. */
export interface SecondReaderQuestion {
  field: string;
  label: string;
  unit: string | null;
  /** 1-based page where OCR read it, when known. */
  page: number | null;
}

/**
 * Reads the same values from the pages' pictures on its own (a vision model), as printed. Null for
 * a value it could not read; a failure (rate limit, outage) is no answer at all.
 */
export interface SecondReader {
  read(
    questions: SecondReaderQuestion[],
    pictures: ReviewPageImage[],
  ): Promise<Map<string, string | null>>;
}

export interface ConfirmScannedDeps {
  secondReader?: SecondReader;
  pictures?: ReviewPageImage[];
}

export async function confirmScannedReport(
  report: LabReport,
  evidence: ScanEvidence,
  deps: ConfirmScannedDeps = {},
): Promise<LabReport> {
  const claims = [...figureClaims(report, evidence), ...textClaims(report, evidence)];
  const answers = await askSecondReader(claims, deps);
  const outcome = new Map<string, { confirmed: boolean; other: string | null }>();
  for (const claim of claims) {
    const answer = answers.get(claim.field);
    const agrees = answer !== undefined && answer !== null && sameValue(claim, answer);
    const other = answer && !agrees ? answer : claim.disagreeing;
    outcome.set(claim.field, { confirmed: claim.confirmed || agrees, other });
  }
  // A computed total stands only on confirmed parts (an absent part is no confirmation either).
  for (const claim of claims) {
    if (!claim.dependsOn) continue;
    const held = claim.dependsOn.every((part) => {
      const partOutcome = outcome.get(part);
      return partOutcome ? partOutcome.confirmed : qualifierOnly(report, part);
    });
    outcome.set(claim.field, { confirmed: held, other: null });
  }
  const review: ReviewItem[] = [];
  const withheld = new Set<string>();
  for (const claim of claims) {
    const result = outcome.get(claim.field);
    if (!result || result.confirmed || withheld.has(claim.field)) continue;
    withheld.add(claim.field);
    review.push(reviewItem(claim, result.other));
  }
  const checked = withoutFields(report, withheld);
  checked.warnings = [...new Set([...checked.warnings, "ocr-text-layer"])];
  checked.review = [...(report.review ?? []), ...review];
  if (checked.review.length === 0) delete checked.review;
  return checked;
}

async function askSecondReader(
  claims: Claim[],
  deps: ConfirmScannedDeps,
): Promise<Map<string, string | null>> {
  const open = claims.filter((claim) => !claim.confirmed && !claim.dependsOn);
  if (!deps.secondReader || open.length === 0 || !deps.pictures?.length) return new Map();
  const questions = open.map(({ field, label, unit, page }) => ({ field, label, unit, page }));
  try {
    return await deps.secondReader.read(questions, deps.pictures);
  } catch {
    // A second reader that fails confirms nothing; the values wait for the merchant.
    return new Map();
  }
}

function sameValue(claim: Claim, answer: string): boolean {
  if (claim.kind === "figure") {
    const number = Number(/-?\d+(?:\.\d+)?/.exec(answer.replace(",", "."))?.[0] ?? NaN);
    return Number.isFinite(number) && Math.abs(number - Number(claim.value)) < 1e-9;
  }
  const squash = (text: string) => text.replace(/\s+/g, "").toLowerCase();
  return squash(answer) === squash(claim.value);
}

function qualifierOnly(report: LabReport, field: string): boolean {
  const key = field.split(".")[1];
  const analyte = report.cannabinoids.find((a) => a.analyte === key);
  return analyte !== undefined && analyte.value === null && analyte.qualifier === "ND";
}

function reviewItem(claim: Claim, other: string | null): ReviewItem {
  const candidates = [claim.value, ...(other && other !== claim.value ? [other] : [])];
  return {
    field: claim.field,
    label: claim.label,
    reading: claim.reading,
    unit: claim.unit,
    candidates,
    reason: other ? "readers-disagree" : "ocr-unconfirmed",
    confidence: claim.confidence === null ? null : Math.min(1, Math.max(0, claim.confidence)),
    page: claim.page,
    box: claim.box,
    resolution: null,
  };
}

/** The report with the given fields emptied: withheld values are not printed facts. */
function withoutFields(report: LabReport, fields: Set<string>): LabReport {
  const copy = structuredClone(report);
  for (const field of fields) {
    const [group, key] = field.split(".") as [string, string | undefined];
    if (group === "totals" && key) copy.totals[key as keyof LabReport["totals"]] = null;
    if (group === "cannabinoids")
      copy.cannabinoids = copy.cannabinoids.filter((a) => a.analyte !== key);
    if (group === "terpenes") copy.terpenes = copy.terpenes.filter((a) => a.analyte !== key);
    if (group === "sample" && key) copy.sample[key as keyof LabReport["sample"]] = null;
    if (group === "lab" && key) copy.lab[key as keyof LabReport["lab"]] = null;
    if (group === "verificationUrl") copy.verificationUrl = null;
  }
  // Amounts per serving or unit have no cross-check of their own here: left out, not guessed.
  copy.perUnit = null;
  return copy;
}
