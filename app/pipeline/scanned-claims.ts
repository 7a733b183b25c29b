import type { TotalKey } from "./analyte-dictionary";
import type { LabReport, Measure } from "./lab-report";
import { columnsAgree, type FigureSighting, type ScanEvidence } from "./ocr-figures";
import { inverseTwin, otherColumn, printedBesideOtherwise } from "./other-column";
import type { PageBox, ReviewReason } from "./review-items";
import type { Row } from "./text-layout";

/**
 * The facts of a report read from scanned pages, each with what the page itself says for or against
 * it: a figure seen twice, its % and mg/g columns ten times apart, a printed total that its parts
 * add up to; an id or date printed on two rows (labs repeat them on every page's header).
 */

export interface Claim {
  /** The report field's path ("totals.thc", "cannabinoids.thca", "sample.batch"). */
  field: string;
  label: string;
  /** As the report holds it: the number formatted, or the text. */
  value: string;
  unit: string | null;
  kind: "figure" | "text";
  /** Confirmed by the document itself. */
  confirmed: boolean;
  /** A second reading that disagrees with the first, when the document holds one. */
  disagreeing: string | null;
  reading: string | null;
  confidence: number | null;
  page: number | null;
  box: PageBox | null;
  /** Computed totals hold only when their parts do. */
  dependsOn?: string[];
  /** Other fields the same cross-check proves (a concentration that gives an amount per serving). */
  alsoConfirms?: string[];
}

export interface ClaimOutcome {
  field: string;
  confirmed: boolean;
  reason: ReviewReason;
  candidates: string[];
}

const TOTAL_LABELS: Record<TotalKey, string> = {
  thc: "Total THC",
  cbd: "Total CBD",
  cannabinoids: "Total cannabinoids",
  terpenes: "Total terpenes",
};

export function figureClaims(report: LabReport, evidence: ScanEvidence): Claim[] {
  const claims: Claim[] = [];
  const readFor = new Map<object, Set<string>>();
  const note = (field: string, sightings: FigureSighting[]) => {
    for (const s of sightings.filter((s) => s.scanned)) {
      readFor.set(s.word, new Set([...(readFor.get(s.word) ?? []), field]));
    }
  };
  for (const key of ["thc", "cbd", "cannabinoids", "terpenes"] as const) {
    const measure = report.totals[key];
    if (!measure || measure.value === null) continue;
    const field = `totals.${key}`;
    if (measure.source === "computed") {
      const parts = key === "thc" ? ["thca", "d9_thc"] : key === "cbd" ? ["cbda", "cbd"] : [];
      const claim = figureClaim(field, TOTAL_LABELS[key], measure, [], evidence);
      claims.push({ ...claim, dependsOn: parts.map((p) => `cannabinoids.${p}`) });
      continue;
    }
    const sightings = evidence.sightings({ total: key }, measure.value);
    note(field, sightings);
    const claim = figureClaim(field, TOTAL_LABELS[key], measure, sightings, evidence);
    if (!claim.confirmed && partsAddUp(report, key, measure, sightings)) {
      claim.confirmed = true;
    }
    const other = printedBesideOtherwise(key, measure.value, evidence);
    if (other !== null) Object.assign(claim, { confirmed: false, disagreeing: other });
    claims.push(claim);
  }
  for (const list of ["cannabinoids", "terpenes"] as const) {
    for (const analyte of report[list]) {
      if (analyte.value === null) continue;
      const sightings = evidence.sightings({ analyte: analyte.analyte }, analyte.value);
      const field = `${list}.${analyte.analyte}`;
      note(field, sightings);
      claims.push(figureClaim(field, analyte.label, analyte, sightings, evidence));
    }
  }
  // One printed figure read beside two labels (a summary's tiles) confirms neither: which label
  // it belongs to is the question, not what it says.
  const shared = new Set(
    [...readFor.values()].filter((fields) => fields.size > 1).flatMap((fields) => [...fields]),
  );
  for (const claim of claims) if (shared.has(claim.field)) claim.confirmed = false;
  return claims;
}

export function figureClaim(
  field: string,
  label: string,
  measure: Measure,
  sightings: FigureSighting[],
  evidence: ScanEvidence,
): Claim {
  const value = formatValue(measure.value);
  const first = sightings.find((s) => s.scanned) ?? sightings[0];
  const rows = new Set(sightings.map((s) => `${s.page}:${Math.round(s.row.y)}`));
  // A row whose other column makes this figure the mg/g of a % (or the reverse) says its unit was
  // misread, however often the figure itself is printed.
  const twin = sightings
    .filter((s) => s.scanned)
    .map((s) => inverseTwin(s, measure.unit, evidence.wordsOn(s.row)))
    .find((t) => t !== null);
  const confirmed =
    !twin &&
    (sightings.some((s) => !s.scanned) ||
      rows.size >= 2 ||
      sightings.some((s) =>
        columnsAgree(s, measure.unit, evidence.wordsOn(s.row), evidence.pages.get(s.page)?.words),
      ));
  return {
    field,
    label,
    value,
    unit: measure.unit,
    kind: "figure",
    confirmed,
    disagreeing: confirmed || !first ? null : (twin ?? otherColumn(first, measure.unit, evidence)),
    reading: first?.reading ?? value,
    confidence: first ? first.word.confidence / 100 : null,
    page: first?.page ?? null,
    box: first ? evidence.boxOf(first.page, first.word, first.label.x) : null,
  };
}

/**
 * A printed total equals what its own parts, read elsewhere on the page, add up to within their
 * rounding: two readings of different print agree. THC and CBD are acid × 0.877 + neutral; the
 * cannabinoid and terpene totals the sum of their lists. Proves the total, not each part.
 */
function partsAddUp(
  report: LabReport,
  key: TotalKey,
  total: Measure,
  sightings: FigureSighting[],
): boolean {
  if (total.value === null || total.value <= 0) return false;
  const halfUnitOf = (value: number) => halfUnit(formatValue(value));
  const totalHalf = sightings[0]?.halfUnit ?? halfUnitOf(total.value);
  const inUnit = (list: LabReport["cannabinoids"]) => list.filter((a) => a.unit === total.unit);
  const part = (analyte: string) => inUnit(report.cannabinoids).find((a) => a.analyte === analyte);
  let expected = 0;
  let tolerance = totalHalf;
  if (key === "thc" || key === "cbd") {
    const acid = part(key === "thc" ? "thca" : "cbda");
    const neutral = part(key === "thc" ? "d9_thc" : "cbd");
    if (!acid || !neutral) return false;
    for (const [analyte, weight] of [
      [acid, 0.877],
      [neutral, 1],
    ] as const) {
      if (analyte.value === null && analyte.qualifier !== "ND") return false;
      expected += weight * (analyte.value ?? 0);
      tolerance += analyte.value === null ? 0 : weight * halfUnitOf(analyte.value);
    }
  } else {
    const list = inUnit(key === "cannabinoids" ? report.cannabinoids : report.terpenes);
    const counted = list.filter((a) => a.value !== null);
    if (counted.length < 2) return false;
    for (const analyte of counted) {
      expected += analyte.value ?? 0;
      tolerance += halfUnitOf(analyte.value ?? 0);
    }
  }
  return expected > 0 && Math.abs(expected - total.value) <= tolerance + 1e-9;
}

export function textClaims(report: LabReport, evidence: ScanEvidence): Claim[] {
  const texts: [string, string, string | null][] = [
    ["sample.productName", "Product name", report.sample.productName],
    ["sample.strain", "Strain", report.sample.strain],
    ["sample.batch", "Batch", report.sample.batch],
    ["sample.sampleId", "Sample ID", report.sample.sampleId],
    ["sample.matrix", "Sample type", report.sample.matrix],
    ["lab.name", "Lab", report.lab.name],
    ["lab.license", "Lab license", report.lab.license],
    ["verificationUrl", "Verification link", report.verificationUrl],
  ];
  const claims: Claim[] = [];
  for (const [field, label, value] of texts) {
    if (!value) continue;
    const rows = evidence.rowsHolding(value);
    const places = new Set(rows.map((r) => `${r.page}:${Math.round(r.y)}`));
    const row = rows[0];
    const word = row ? evidence.wordFor(row, value) : null;
    claims.push({
      field,
      label,
      value,
      unit: null,
      kind: "text",
      // A lab's name is printed in several phrasings (the lab, its parent, its accreditation):
      // seen twice, the reading is sure but not which phrase names the lab. It waits. A link
      // read from the page's QR code is exact.
      confirmed:
        (field !== "lab.name" && places.size >= 2) ||
        (field === "verificationUrl" && linkConfirmed(value, rows, report, evidence)) ||
        (field === "lab.name" && namedByDomain(value, evidence)),
      disagreeing: null,
      reading: value,
      confidence: word ? word.confidence / 100 : null,
      // A link read from a QR code alone is on the page that carries the code.
      page: row?.page ?? codePage(value, evidence),
      box: row && word ? evidence.boxOf(row.page, word, row.cells[0]?.x) : null,
    });
  }
  for (const [field, label, iso, named] of [
    ["sample.dateTested", "Date tested", report.sample.dateTested, DATE_TESTED],
    ["sample.dateIssued", "Date issued", report.sample.dateIssued, DATE_ISSUED],
  ] as const) {
    if (!iso) continue;
    // A page prints several dates (collected, received, tested, issued), often the same one
    // twice: a date counts as confirmed only when printed twice beside its own label.
    const seen = evidence.dateSightings(iso).filter((s) => named.test(s.rowText));
    const first = seen[0] ?? evidence.dateSightings(iso)[0];
    claims.push({
      field,
      label,
      value: iso,
      unit: null,
      kind: "text",
      confirmed: seen.length >= 2,
      disagreeing: null,
      reading: first?.word.text ?? iso,
      confidence: first ? first.word.confidence / 100 : null,
      page: first?.page ?? null,
      box: first ? evidence.boxOf(first.page, first.word) : null,
    });
  }
  return claims;
}

/**
 * A link its QR code encodes exactly (a code corrects its own errors) stands when the page also
 * prints it as OCR read it, or when it names the sample the page names (client.sclabs.com/verify/
 * 211116M007 beside "Sample ID: 211116M007"): a lab may encode another address than the one it
 * prints, and a code's link alone could be a shop's or the lab's home page.
 */
function linkConfirmed(
  url: string,
  printedOn: Row[],
  report: LabReport,
  evidence: ScanEvidence,
): boolean {
  if (!evidence.codes.has(url)) return false;
  return printedOn.length > 0 || linkNamesSample(url, report, evidence);
}

function codePage(text: string, evidence: ScanEvidence): number | null {
  return [...evidence.pages.values()].find((p) => p.qrCodes?.includes(text))?.pageNumber ?? null;
}

/** The link holds the sample id or batch the page prints. */
export function linkNamesSample(url: string, report: LabReport, evidence: ScanEvidence): boolean {
  return [report.sample.sampleId, report.sample.batch].some(
    (id) => !!id && id.length >= 5 && url.includes(id) && evidence.rowsHolding(id).length > 0,
  );
}

/**
 * A lab's name read by OCR is confirmed by its own web or mail domain printed elsewhere on the page
 * or read from its QR code ("SC Labs" and client.sclabs.com): two readings of different print, and
 * the domain says which of the page's names is the lab's. Platforms many labs share name no lab.
 */
function namedByDomain(name: string, evidence: ScanEvidence): boolean {
  const letters = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  // Rows printing the name as words: a domain read from one of them is the same print.
  const spelled = name.toLowerCase();
  const nameRows = evidence.rows.filter(
    (row) => evidence.pages.has(row.page) && row.text.toLowerCase().includes(spelled),
  );
  if (letters.length < 5 || nameRows.length === 0) return false;
  return evidence
    .domains()
    .some(
      ({ host, rows }) =>
        !SHARED_HOSTS.test(host) &&
        host.split(".").some((part) => part === letters) &&
        rows.every((row) => !nameRows.includes(row)),
    );
}

/** Platforms and mail hosts that many labs share. */
const SHARED_HOSTS =
  /(?:confidentcannabis|gmail|yahoo|outlook|hotmail|icloud|qbench|relims|tagleaf|yourcoa|metrc|amazonaws|google)\./i;

const DATE_TESTED = /test|analy[sz]/i;
const DATE_ISSUED = /issued|reported|report\s*date|released|completed/i;

export function formatValue(value: number | null): string {
  if (value === null) return "";
  return String(Number(value.toFixed(6)));
}

function halfUnit(printed: string): number {
  return 0.5 * 10 ** -(printed.split(".")[1]?.length ?? 0);
}
