import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readPdfText } from "../../app/integrations/pdf-text.server";
import { checkDescription, COA_URL_PLACEHOLDER } from "../../app/pipeline/compliance-guard";
import { extractLabReport } from "../../app/pipeline/extract-lab-report";
import type { LabReport } from "../../app/pipeline/lab-report";
import { sanitizeDescriptionHtml } from "../../app/pipeline/sanitize-description-html";
import { writeDescription } from "../../app/pipeline/write-description";
import { writerSettingsSchema } from "../../app/pipeline/writer-settings";
import {
  analyteDisplayName,
  hasAnalyteDisplayName,
  hasPanelDisplayName,
  panelDisplayName,
} from "../../app/pipeline/display-names";

// The corpus sits beside the repository (../shared/coa-corpus); COA_CORPUS_DIR overrides it.
const repo = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const corpusDir = process.env.COA_CORPUS_DIR ?? resolve(repo, "../shared/coa-corpus");
const EXPECTED_DOCUMENTS = 25;

interface Extracted {
  file: string;
  report: LabReport | null;
  error: string | null;
}

describe("the built-in writer on the COA corpus", () => {
  const extracted: Extracted[] = [];

  beforeAll(async () => {
    // A missing corpus is a broken checkout, not a reason to skip.
    if (!existsSync(corpusDir)) {
      throw new Error(`The COA corpus is missing: ${corpusDir} (set COA_CORPUS_DIR)`);
    }
    const files = readdirSync(corpusDir)
      .filter((f) => f.endsWith(".pdf"))
      .sort();
    for (const file of files) {
      const read = await readPdfText(new Uint8Array(readFileSync(join(corpusDir, file))));
      if (!read.ok) {
        extracted.push({ file, report: null, error: read.error.code });
        continue;
      }
      const result = await extractLabReport(read.document);
      extracted.push(
        result.ok
          ? { file, report: result.report, error: null }
          : { file, report: null, error: result.error.code },
      );
    }
  }, 240_000);

  it("finds all 25 documents and extracts a report from each", () => {
    expect(extracted).toHaveLength(EXPECTED_DOCUMENTS);
    expect(extracted.filter((e) => e.error !== null)).toEqual([]);
  });

  it("writes a description for each that passes every rule of the guard", async () => {
    const failures: string[] = [];
    for (const { file, report } of extracted) {
      if (!report) continue;
      // Each COA as sold in a California dispensary, and as a hemp product elsewhere.
      for (const [region, kind] of [
        ["US-CA", "marijuana"],
        [null, "hemp"],
      ] as const) {
        const settings = writerSettingsSchema.parse({ region, length: "long" });
        const { description } = await writeDescription({
          report,
          product: { title: null, kind },
          settings,
        });
        // Judged again here, independently of the writer's own verdict.
        const guard = checkDescription(description, { report, settings, productTitle: "" });
        if (!guard.ok) {
          failures.push(
            `${file} (${kind}, ${region ?? "no region"}): ${guard.violations.map((v) => v.detail).join("; ")}`,
          );
        }
        if (sanitizeDescriptionHtml(description.descriptionHtml) !== description.descriptionHtml) {
          failures.push(`${file}: HTML changes when sanitised again`);
        }
        if (!description.descriptionHtml.includes(`href="${COA_URL_PLACEHOLDER}"`)) {
          failures.push(`${file}: no COA link`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("names every analyte and safety panel the engine reads from the table, never by a raw code", () => {
    const unnamed: string[] = [];
    const raw: string[] = [];
    for (const { file, report } of extracted) {
      if (!report) continue;
      for (const a of [...report.cannabinoids, ...report.terpenes]) {
        if (!hasAnalyteDisplayName(a.analyte)) unnamed.push(`${file}: analyte ${a.analyte}`);
        const name = analyteDisplayName(a.analyte, a.label);
        // A shouting label ("BETA-MYRCENE") or a key ("beta-myrcene", "d9_thc") is not a name.
        if (name.includes("_") || /^[a-z]/.test(name) !== /^(cis|trans|exo|p)-/.test(name)) {
          raw.push(`${file}: ${a.label} → ${name}`);
        }
        if (/[A-Z]{5,}/.test(name.replace(/THC|CBD|CBG|CBN|CBC|THCV|CBDV/g, ""))) {
          raw.push(`${file}: ${a.label} → ${name}`);
        }
      }
      for (const p of report.safety.panels) {
        if (!hasPanelDisplayName(p.panel)) unnamed.push(`${file}: panel ${p.panel}`);
        const name = panelDisplayName(p.panel);
        if (name.includes("_") || name !== name.charAt(0).toUpperCase() + name.slice(1)) {
          raw.push(`${file}: ${p.panel} → ${name}`);
        }
      }
    }
    expect(unnamed).toEqual([]);
    expect(raw).toEqual([]);
  });
});
