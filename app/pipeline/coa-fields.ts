import type { LabReport } from "./lab-report";
import { readDateIssued, readDateTested } from "./coa-dates";
import { findLabelled } from "./labelled-values";
import { readLabName } from "./lab-identity";
import type { PdfQrCode } from "./pdf-document";
import type { Row } from "./text-layout";

/** The sample and lab facts of a COA: who tested what, when, and where to verify it. */

const ID_VALUE = (v: string) => /^[A-Za-z0-9][A-Za-z0-9 ._#/()-]{2,60}$/.test(v) && /\d/.test(v);

export function readLab(rows: Row[], links: string[] = []): LabReport["lab"] {
  const name = readLabName(rows, links);
  // A license number has digits: a word after the label ("TECHNOLOGIES") is the lab's name.
  const license =
    findLabelled(
      rows,
      /(?:state\s+)?(?:lab(?:oratory)?\s+)?lic(?:ense)?\.?\s*(?:#|no\.?|number)?/,
      (v) => /^[A-Z0-9][A-Z0-9_ -]{3,30}$/i.test(v) && /\d/.test(v),
    )?.text ?? null;
  return { name, license };
}

/** An id as printed, cut where the lab ran the next field into it ("060821-PP; Batch Size: g"). */
function idValue(v: string): string | null {
  const cut = v.split(/\s*;\s*/)[0]?.trim() ?? "";
  return ID_VALUE(cut) ? cut : null;
}

/** The value of the first label, in order of preference, that the report prints with an id. */
function labelledId(
  rows: Row[],
  labels: RegExp[],
  accept: (id: string) => boolean = () => true,
): string | null {
  for (const label of labels) {
    const found = findLabelled(rows, label, (v) => {
      const id = idValue(v);
      return id !== null && accept(id);
    });
    if (found) return idValue(found.text);
  }
  return null;
}

/** "05/12/2023", "2023-05-12", "May 12, 2023": a date printed where a batch number was expected. */
export function isDate(value: string): boolean {
  return (
    /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/.test(value.trim()) ||
    /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}$/i.test(
      value.trim(),
    )
  );
}

/**
 * A product name is words a shopper would recognise: not the lab's internal sample code
 * ("SA-220321-7993", "2302CTB0064-003"), not another field's label ("Weight:", "Batch", "ID: …"),
 * not a heading the label shares a line with ("PRODUCT IMAGE").
 */
export function isProductName(value: string): boolean {
  const v = value.trim();
  if (v.length < 2 || v.length >= 80 || !/[a-z]/i.test(v)) return false;
  if (/^[\p{L} .#/]{1,24}:/u.test(v) || /:\s*$/.test(v)) return false;
  if (
    /^(?:image|photo|picture|batch|lot|type|id|name|weight|size|date|matrix|n\/?a|none|unknown|information|details?)(?:\s*(?:#|id|no\.?|number))?$/i.test(
      v,
    )
  )
    return false;
  return !isSampleCode(v);
}

/** Letters and digits in dash- or dot-joined groups, no spaces, no lowercase words: a code. */
function isSampleCode(value: string): boolean {
  return (
    !/\s/.test(value) &&
    !/[a-z]{3,}/.test(value) &&
    (value.match(/\d/g) ?? []).length >= 4 &&
    /^[A-Z0-9]+(?:[-_.][A-Z0-9]+)*$/i.test(value)
  );
}

// The lab's batch first, then traceability ids, then lot numbers (a harvest lot is not the batch).
const BATCH_LABELS = [
  /(?:metrc\s+|client\s+|source\s+|retail\s+)?batch\s*(?:client\s*)?(?:number|no\.?|#|id)|batch#|batch/,
  /inventory\s*(?:#|id|number)|qa\s*#/,
  /lot\s*(?:number|#|no\.?|id)?|harvest\/lot id/,
];
const SAMPLE_LABELS = [
  /(?:metrc\s+|lab(?:oratory)?\s+)?sample\s*(?:[a-z]{2,4}\s*)?(?:id|#|number|no\.?)|lab(?:oratory)?\s*id|sample code/,
  /sample/,
  /report\s*(?:id|#|number)|coa\s*(?:id|#|number)|order\s*(?:#|number)/,
];

export function readSample(rows: Row[]): LabReport["sample"] {
  const text = (label: RegExp, accept: (v: string) => boolean) =>
    findLabelled(rows, label, accept)?.text ?? null;
  return {
    productName:
      text(/sample name|product name|product/, isProductName) ??
      text(/sample/, (v) => isProductName(v) && idValue(v) === null),
    strain: text(/strain(?: name)?|cultivar/, (v) => /[a-z]/i.test(v) && v.length < 60),
    batch: labelledId(rows, BATCH_LABELS, (id) => !isDate(id)),
    sampleId: labelledId(rows, SAMPLE_LABELS) ?? sampleInSentence(rows),
    matrix: labelledMatrix(rows) ?? unlabelledMatrix(rows),
    dateTested: readDateTested(rows),
    dateIssued: readDateIssued(rows),
  };
}

/**
 * A matrix is a product form in words ("Flower", "Infused Product, Ingestible"): a value with a
 * digit or a test's name is a heading that happens to start with the label ("Category 1 Pesticide
 * Test Results - 11/17/2021").
 */
function isMatrix(value: string): boolean {
  return (
    /[a-z]/i.test(value) &&
    value.length < 60 &&
    !/[\d:#]/.test(value) &&
    !/\b(?:tests?|testing|tested|results?|analysis|analyses|panels?)\b/i.test(value) &&
    // The next field's label, where the value cell was left empty ("Type: | QA #:").
    !/\b(?:date|batch|sample|name|id|number|weight|size|received|lot|type)\b/i.test(value)
  );
}

// "Matrix" first: a report may print both a sample type ("Inhalable") and a matrix ("Flower").
const MATRIX_LABELS = [
  /sample matrix|matrix type|matrix/,
  /sample type|product type|product category|category/,
  /type/,
];

function labelledMatrix(rows: Row[]): string | null {
  for (const label of MATRIX_LABELS) {
    const found = findLabelled(rows, label, isMatrix);
    if (found) return found.text;
  }
  return null;
}

/** The forms labs print without a label, as a line of their own: "Flower, Inhalable". */
const MATRIX_LINE =
  /^(?:flower|plant|pre-?roll|concentrate|extract|vape|cartridge|edible|gummy|gummies|beverage|tincture|topical|isolate|distillate|infused product|cannabis product)s?(?:\s*,\s*(?:inhalable|ingestible|topical|other))?$/i;

/** Some labs (SC Labs) print the matrix unlabelled, in the sample block of the first page. */
function unlabelledMatrix(rows: Row[]): string | null {
  const first = rows[0]?.page;
  for (const row of rows) {
    if (row.page !== first) break;
    const cell = row.cells.find((c) => MATRIX_LINE.test(c.text.trim()));
    if (cell) return cell.text.trim();
  }
  return null;
}

/** "Official Test Results for Laboratory Sample # WA-221015-052". */
function sampleInSentence(rows: Row[]): string | null {
  for (const row of rows) {
    const m =
      /\b(?:laboratory|lab)\s+sample\s*(?:#|id|no\.?)\s*:?\s*([A-Za-z0-9][A-Za-z0-9._-]{3,40})/i.exec(
        row.text,
      );
    if (m?.[1] && /\d/.test(m[1])) return m[1];
  }
  return null;
}

/** The lab's verification link: a sample-specific URL, not the lab's homepage. */
// Pages every lab site has (terms, sign-in) say nothing about this sample.
const SITE_PAGE =
  /\/(?:login|log-in|signin|sign-in|signup|register|terms|terms-of-use|terms-of-service|privacy|privacy-policy|policies|contact|contact-us|about|about-us|careers|faq|services|home)\/?$/i;

export function readVerificationUrl(
  rows: Row[],
  links: string[],
  qrCodes: readonly PdfQrCode[] = [],
): string | null {
  const urls = [...links];
  for (const row of rows) {
    for (const m of row.text.matchAll(/https?:\/\/[^\s|,;"<>]+/gi)) urls.push(m[0]);
  }
  const printed = urls.filter(isSampleSpecific)[0];
  if (printed) return printed;
  // A QR code only when the page names no link: labs also encode their homepage or a shop in one,
  // so a code that reads like a report link wins over any other.
  const scanned = qrCodes.map((code) => code.text.trim()).filter(isSampleSpecific);
  return scanned.find((url) => VERIFICATION_PATH.test(url)) ?? scanned[0] ?? null;
}

/** Words of a report's own address (/verify/<id>, ?sample=<id>, /report/…), not a shop's. */
const VERIFICATION_PATH = /verify|report|coa|cert|sample/i;

function isSampleSpecific(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      /^https?:$/.test(url.protocol) &&
      (url.pathname.length > 1 || url.search.length > 1 || url.hash.length > 2) &&
      !/\.(png|jpe?g|gif|svg)$/i.test(url.pathname) &&
      !SITE_PAGE.test(url.pathname)
    );
  } catch {
    return false;
  }
}
