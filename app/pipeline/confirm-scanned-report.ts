import type { LabReport } from "./lab-report";
import type { ScanEvidence } from "./ocr-figures";
import type { ReviewItem, ReviewPageImage } from "./review-items";
import { figureClaims, textClaims, type Claim } from "./scanned-claims";
import { perUnitClaims } from "./scanned-per-unit-claims";
import { panelDisplayName } from "./display-names";
import { panelKey } from "./panel-names";

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

/**
 * The report as OCR read it, before the plausibility gate withheld `fields` (a total its parts
 * contradict, a share over 100 %): one of the readings is wrong, and which one only the page can
 * tell. They are offered to the merchant, never kept.
 */
export interface WithheldReadings {
  report: LabReport;
  fields: string[];
}

export interface ConfirmScannedDeps {
  secondReader?: SecondReader;
  pictures?: ReviewPageImage[];
  withheld?: WithheldReadings;
}

export async function confirmScannedReport(
  report: LabReport,
  evidence: ScanEvidence,
  deps: ConfirmScannedDeps = {},
): Promise<LabReport> {
  const claims = [
    ...figureClaims(report, evidence),
    ...perUnitClaims(report, evidence),
    ...textClaims(report, evidence),
    ...testedPanelClaims(report, evidence),
  ];
  const answers = await askSecondReader(claims, deps);
  const outcome = new Map<string, { confirmed: boolean; other: string | null }>();
  for (const claim of claims) {
    const answer = answers.get(claim.field);
    const agrees = answer !== undefined && answer !== null && sameValue(claim, answer);
    const other = answer && !agrees ? answer : claim.disagreeing;
    outcome.set(claim.field, { confirmed: claim.confirmed || agrees, other });
  }
  for (const claim of claims) {
    if (!outcome.get(claim.field)?.confirmed) continue;
    for (const field of claim.alsoConfirms ?? []) {
      if (outcome.has(field)) outcome.set(field, { confirmed: true, other: null });
    }
  }
  // A total computed from its parts is arithmetic, not a reading: the page may print one OCR
  // could not read, rounded or worked out by the lab's own formula. It waits for the merchant.
  // It is shown where its parts were read.
  for (const claim of claims) {
    if (!claim.dependsOn) continue;
    outcome.set(claim.field, { confirmed: false, other: null });
    const part = claims.find((c) => claim.dependsOn?.includes(c.field) && c.page !== null);
    if (claim.page === null && part) Object.assign(claim, { page: part.page, box: part.box });
  }
  const review: ReviewItem[] = [];
  const withheld = new Set<string>();
  for (const claim of claims) {
    const result = outcome.get(claim.field);
    if (!result || result.confirmed || withheld.has(claim.field)) continue;
    withheld.add(claim.field);
    review.push(reviewItem(claim, result.other));
  }
  for (const claim of withheldClaims(deps.withheld, evidence)) {
    if (outcome.has(claim.field) || withheld.has(claim.field)) continue;
    withheld.add(claim.field);
    // The row's other column may say what the withheld figure was: it is offered beside it.
    review.push(reviewItem(claim, claim.disagreeing));
  }
  const checked = withoutFields(report, withheld, confirmedBy(claims, outcome));
  checked.warnings = [...new Set([...checked.warnings, "ocr-text-layer"])];
  checked.review = [...(report.review ?? []), ...review];
  if (checked.review.length === 0) delete checked.review;
  return checked;
}

/**
 * A panel read only as "tested" (a results row's status column) waits for the merchant: it is the
 * weakest of the statuses, and the page may print the panel's pass or fail where OCR could not
 * read it (white print on a badge, a summary tile). Pass, fail and "not tested" are kept as read.
 */
function testedPanelClaims(report: LabReport, evidence: ScanEvidence): Claim[] {
  return report.safety.panels
    .filter((panel) => panel.status === "tested")
    .map((panel) => {
      const row = evidence.rows.find(
        (r) =>
          evidence.pages.has(r.page) &&
          /tested/i.test(r.text) &&
          r.cells.some((cell) => panelKey(cell.text) === panel.panel),
      );
      const word = row ? evidence.wordFor(row, "Tested") : null;
      return {
        field: `safety.${panel.panel}`,
        label: panelDisplayName(panel.panel),
        value: panel.status,
        unit: null,
        kind: "text" as const,
        confirmed: false,
        disagreeing: null,
        reading: word?.text ?? panel.status,
        confidence: word ? word.confidence / 100 : null,
        page: row?.page ?? null,
        box: row && word ? evidence.boxOf(row.page, word, row.cells[0]?.x) : null,
      };
    });
}

/** The readings the plausibility gate withheld, as claims nothing confirms. */
function withheldClaims(withheld: WithheldReadings | undefined, evidence: ScanEvidence): Claim[] {
  if (!withheld) return [];
  const named = (field: string) =>
    withheld.fields.some((w) => field === w || field.startsWith(`${w}.`));
  const { report } = withheld;
  return [
    ...figureClaims(report, evidence),
    ...perUnitClaims(report, evidence),
    ...textClaims(report, evidence),
  ]
    .filter((claim) => named(claim.field) && !claim.dependsOn)
    .map((claim) => ({ ...claim, confirmed: false }));
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

/** Whether a confirmed amount was confirmed with the serving size, or the servings per package. */
function confirmedBy(
  claims: Claim[],
  outcome: Map<string, { confirmed: boolean }>,
): { servingMass: boolean; servings: boolean } {
  const proven = new Set(
    claims
      .filter((claim) => outcome.get(claim.field)?.confirmed)
      .flatMap((claim) => claim.alsoConfirms ?? []),
  );
  return {
    servingMass: proven.has("perUnit.servingSize"),
    servings: proven.has("perUnit.servingsPerPackage"),
  };
}

/**
 * The report with the given fields emptied: withheld values are not printed facts. The serving
 * size and servings per package stay only where an amount they give was confirmed with them.
 */
function withoutFields(
  report: LabReport,
  fields: Set<string>,
  proven: { servingMass: boolean; servings: boolean },
): LabReport {
  const copy = structuredClone(report);
  for (const field of fields) {
    const [group, key, ...rest] = field.split(".") as [string, string | undefined, ...string[]];
    if (group === "totals" && key) copy.totals[key as keyof LabReport["totals"]] = null;
    if (group === "cannabinoids")
      copy.cannabinoids = copy.cannabinoids.filter((a) => a.analyte !== key);
    if (group === "terpenes") copy.terpenes = copy.terpenes.filter((a) => a.analyte !== key);
    if (group === "sample" && key) copy.sample[key as keyof LabReport["sample"]] = null;
    if (group === "lab" && key) copy.lab[key as keyof LabReport["lab"]] = null;
    if (group === "verificationUrl") copy.verificationUrl = null;
    if (group === "safety") {
      copy.safety.panels = copy.safety.panels.filter((panel) => panel.panel !== key);
    }
    const amounts = copy.perUnit?.amounts.find((a) => a.basis === key);
    if (group === "perUnit" && amounts) {
      const [list, name] = rest;
      if (list === "totals") amounts.totals[name as keyof typeof amounts.totals] = null;
      if (list === "cannabinoids")
        amounts.cannabinoids = amounts.cannabinoids.filter((a) => a.analyte !== name);
    }
  }
  if (copy.perUnit) {
    const amounts = copy.perUnit.amounts.filter(
      (a) => a.cannabinoids.length > 0 || Object.values(a.totals).some((t) => t !== null),
    );
    copy.perUnit =
      amounts.length === 0
        ? null
        : {
            servingSize: proven.servingMass ? copy.perUnit.servingSize : null,
            servingsPerPackage: proven.servings ? copy.perUnit.servingsPerPackage : null,
            amounts,
          };
  }
  return copy;
}
