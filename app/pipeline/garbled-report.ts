import { emptyLabReport, type LabReport } from "./lab-report";
import { readLab, readSample } from "./coa-fields";
import { readSafety } from "./safety-panels";
import { pagesReadingAsWords } from "./garbled-text";
import type { Row } from "./text-layout";

/**
 * What a report with a garbled text layer can still say truthfully. A font whose map shifts digits
 * turns every number, date and id into a plausible wrong one, so nothing that holds a digit is
 * kept. Words (the lab's name, the panels' verdicts, the product's name) are read only from pages
 * that read as words: a page whose letters are garbled as well contributes nothing.
 */
export function readGarbledReport(rows: Row[], links: string[], base: LabReport): LabReport {
  const readable = pagesReadingAsWords(rows);
  const words = rows.filter((row) => readable.has(row.page));
  const report: LabReport = {
    ...emptyLabReport(),
    verificationUrl: urlNotFromText(rows, links, base.verificationUrl),
    warnings: [...base.warnings],
  };
  if (words.length === 0) return report;

  const sample = readSample(words);
  report.lab.name = wordsOnly(readLab(words, links).name);
  report.sample.productName = wordsOnly(sample.productName);
  report.sample.strain = wordsOnly(sample.strain);
  report.sample.matrix = wordsOnly(sample.matrix);
  const safety = readSafety(words);
  report.safety = {
    overall: safety.overall,
    panels: safety.panels.filter((p) => !HAS_DIGIT.test(p.panel)),
  };
  return report;
}

const HAS_DIGIT = /\d/;

function wordsOnly(text: string | null): string | null {
  return text !== null && !HAS_DIGIT.test(text) ? text : null;
}

/**
 * A verification URL printed in the text carries the garbled digits too; one from a link
 * annotation (or decoded from outside the text layer) does not.
 */
function urlNotFromText(rows: Row[], links: string[], url: string | null): string | null {
  if (!url || links.includes(url)) return url;
  return rows.some((row) => row.text.includes(url)) ? null : url;
}
