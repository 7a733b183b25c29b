import { withheldText } from "~/pipeline/plausibility";

/**
 * What an extraction warning code means, in words a merchant acts on. Codes stay the stored and
 * exported form (CSV, metafields, logs); only the admin shows these sentences. A code without a
 * sentence here is shown as its words.
 */
const TEXTS: Record<string, string> = {
  "total-thc-computed":
    "Total THC is not printed on the COA: it was computed from THCa × 0.877 + Δ9-THC.",
  "total-cbd-computed":
    "Total CBD is not printed on the COA: it was computed from CBDa × 0.877 + CBD.",
  "garbled-text-layer":
    "This PDF's text is unreadable (its fonts map characters wrongly), so no figures were taken from it. Ask the lab for a fresh export of the COA.",
  "text-layer-repaired":
    "This PDF's text was unreadable; its characters were relearned from the page images. Check the figures against the COA before publishing.",
  "text-layer-repair-failed":
    "This PDF's text is unreadable, and its page images could not be read either, so no figures were taken from it.",
  "not-a-compliance-coa":
    "The lab marks this report as R&D or QA only: it is not a compliance COA.",
  "extracted-by-language-model":
    "This layout was read by the AI fallback. Every figure was found in the PDF's text, but check them.",
  "unverified-values-dropped":
    "Some values the AI fallback returned are not in the PDF's text and were left out.",
};

export function warningText(code: string): string {
  const known = TEXTS[code] ?? withheldText(code);
  if (known) return known;
  const contradicted = /^total-(\w+)-contradicted$/.exec(code);
  if (contradicted) {
    return `The printed total ${contradicted[1]} disagrees with the rows of its table, so it was left out.`;
  }
  const words = code.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
