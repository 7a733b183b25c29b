import { readableText } from "./claim-text";
import { BANNED_CLAIMS } from "./compliance-guard";
import type { Analyte } from "./lab-report";
import { findFigures, isReportFigure, type ReportFigure } from "./report-figures";
import { analyteDisplayName, hasAnalyteDisplayName } from "./display-names";

/**
 * Text that came from a PDF (names, strains, labels) is repeated in copy only when it looks like
 * what it claims to be: short, no markup, no link, no claim, no instructions, and no figure the
 * report does not hold. Otherwise the writer leaves it out — escaping alone would still print
 * the words.
 */
export interface SafeTextRules {
  maxLength: number;
  forbiddenPhrases: string[];
  /** When given, figures in the text must be report values. */
  reportFigures?: ReportFigure[];
}

const SUSPICIOUS =
  /[<>{}[\]`]|https?:|www\.|\b(ignore|disregard|instructions?|prompt|system|assistant|script)\b/i;

export function safeText(value: string | null | undefined, rules: SafeTextRules): string | null {
  const text = value?.replace(/\s+/g, " ").trim();
  if (!text || text.length > rules.maxLength) return null;
  // Invisible characters have no business in a name or label; they can hide words from a check.
  if (/[\p{Cc}\p{Cf}]/u.test(text)) return null;
  const readable = readableText(text);
  if (SUSPICIOUS.test(readable)) return null;
  if (BANNED_CLAIMS.some(({ pattern }) => pattern.test(readable))) return null;
  const lower = readable.toLowerCase();
  if (rules.forbiddenPhrases.some((p) => lower.includes(p.toLowerCase()))) return null;
  const figures = rules.reportFigures;
  if (figures && findFigures(text).some((f) => !isReportFigure(f, figures))) return null;
  return text;
}

const CANONICAL_LABELS: Record<string, string> = {
  thca: "THCa",
  d9_thc: "Δ9-THC",
  d8_thc: "Δ8-THC",
  d10_thc: "Δ10-THC",
  thcv: "THCV",
  thcva: "THCVa",
  cbd: "CBD",
  cbda: "CBDa",
  cbdv: "CBDV",
  cbg: "CBG",
  cbga: "CBGa",
  cbn: "CBN",
  cbc: "CBC",
};

/**
 * The analyte's display name (display-names.ts) when the table has one; else the label as printed
 * when it is safe, else a name made from the canonical key.
 */
export function analyteLabel(analyte: Analyte): string {
  if (hasAnalyteDisplayName(analyte.analyte)) return analyteDisplayName(analyte.analyte);
  const printed = safeText(analyte.label, { maxLength: 40, forbiddenPhrases: [] });
  if (printed) return printed;
  const known = CANONICAL_LABELS[analyte.analyte];
  if (known) return known;
  const words = analyte.analyte.replace(/[^a-z0-9-]+/gi, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Unnamed analyte";
}
