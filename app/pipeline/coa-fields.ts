import type { LabReport } from "./lab-report";
import { readDateIssued, readDateTested } from "./coa-dates";
import { findLabelled } from "./labelled-values";
import { readLabName } from "./lab-identity";
import type { Row } from "./text-layout";

/** The sample and lab facts of a COA: who tested what, when, and where to verify it. */

const ID_VALUE = (v: string) => /^[A-Za-z0-9][A-Za-z0-9 ._#/()-]{2,60}$/.test(v) && /\d/.test(v);

export function readLab(rows: Row[], links: string[] = []): LabReport["lab"] {
  const name = readLabName(rows, links);
  const license =
    findLabelled(rows, /(?:lab(?:oratory)?\s+)?lic(?:ense)?\.?\s*(?:#|no\.?|number)?/, (v) =>
      /^[A-Z0-9][A-Z0-9_ -]{3,30}$/i.test(v),
    )?.text ?? null;
  return { name, license };
}

export function readSample(rows: Row[]): LabReport["sample"] {
  const text = (label: RegExp, accept: (v: string) => boolean = ID_VALUE) =>
    findLabelled(rows, label, accept)?.text ?? null;
  return {
    productName: text(
      /sample name|product name|product|sample/,
      (v) => v.length > 1 && v.length < 80,
    ),
    strain: text(/strain(?: name)?|cultivar/, (v) => /[a-z]/i.test(v) && v.length < 60),
    batch: text(
      /batch\s*(?:number|no\.?|#|id)|batch#|batch|lot\s*(?:number|#|no\.?)?|source batch id|client batch(?: id)?|harvest\/lot id/,
    ),
    sampleId: text(
      /sample\s*(?:id|#|number|no\.?)|lab(?:oratory)?\s*(?:sample\s*)?id|sample code|report\s*(?:id|#|number)|coa\s*(?:id|#|number)|order\s*(?:#|number)/,
    ),
    matrix: text(
      /matrix|sample type|product type|category|type/,
      (v) => /[a-z]/i.test(v) && v.length < 60,
    ),
    dateTested: readDateTested(rows),
    dateIssued: readDateIssued(rows),
  };
}

/** The lab's verification link: a sample-specific URL, not the lab's homepage. */
// Pages every lab site has (terms, sign-in) say nothing about this sample.
const SITE_PAGE =
  /\/(?:login|log-in|signin|sign-in|signup|register|terms|terms-of-use|terms-of-service|privacy|privacy-policy|policies|contact|contact-us|about|about-us|careers|faq|services|home)\/?$/i;

export function readVerificationUrl(rows: Row[], links: string[]): string | null {
  const urls = [...links];
  for (const row of rows) {
    for (const m of row.text.matchAll(/https?:\/\/[^\s|,;"<>]+/gi)) urls.push(m[0]);
  }
  const specific = urls.filter((u) => {
    try {
      const url = new URL(u);
      return (
        /^https?:$/.test(url.protocol) &&
        (url.pathname.length > 1 || url.search.length > 1 || url.hash.length > 2) &&
        !/\.(png|jpe?g|gif|svg)$/i.test(url.pathname) &&
        !SITE_PAGE.test(url.pathname)
      );
    } catch {
      return false;
    }
  });
  return specific[0] ?? null;
}
