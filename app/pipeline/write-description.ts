import { z } from "zod";
import {
  checkDescription,
  COA_URL_PLACEHOLDER,
  missingReportFacts,
  SEO_DESCRIPTION_MAX,
  SEO_TITLE_MAX,
  type GuardContext,
  type GuardedCopy,
  type GuardResult,
  type Violation,
} from "./compliance-guard";
import type { Description, DescriptionWarning } from "./description";
import {
  buildDescriptionPrompt,
  MODEL_DESCRIPTION_SCHEMA_NAME,
  modelDescriptionSchema,
  PROMPT_VERSION,
  type ModelDescription,
} from "./description-prompt";
import { buildDisclosures } from "./disclosures";
import { hempFlags } from "./hemp-flags";
import { labReportSchema } from "./lab-report";
import { LanguageModelError, type LanguageModel } from "./language-model";
import { productCategory, productFactsSchema, productKind } from "./product-category";
import { escapeHtml, sanitizeDescriptionHtml, toPlainText } from "./sanitize-description-html";
import { TEMPLATE_WRITER_VERSION, writeTemplateDescription } from "./template-writer";
import { writerSettingsSchema } from "./writer-settings";

export const writeDescriptionInputSchema = z.object({
  report: labReportSchema,
  product: productFactsSchema,
  settings: writerSettingsSchema,
});
export type WriteDescriptionInput = z.input<typeof writeDescriptionInputSchema>;

export interface WriteDescriptionDeps {
  /** Without one, the built-in writer writes the description. */
  languageModel?: LanguageModel;
}

export interface WriteDescriptionResult {
  description: Description;
  /** Hemp flags, facts the report lacks, fallbacks. Any with blocksAutoPublish holds publishing. */
  warnings: DescriptionWarning[];
  /** The guard's verdict on the returned description. */
  guard: GuardResult;
  /** Model calls made (0 on the template path), and their tokens. */
  modelCalls: { inputTokens: number; outputTokens: number }[];
}

/** The model gets one corrected attempt after a guard failure; then the built-in writer takes over. */
const MAX_MODEL_ATTEMPTS = 2;

// Extraction warnings that are informational; every other one asks the merchant to look first.
const INFORMATIONAL_REPORT_WARNINGS = new Set(["total-thc-computed", "total-cbd-computed"]);

/**
 * Writes the description of one product from its lab report. Rate limits, outages and timeouts
 * of the model are thrown as LanguageModelError (the queue retries); copy that fails the guard, a
 * refusal or malformed output are retried once and then replaced by the built-in writer's copy.
 */
export async function writeDescription(
  rawInput: WriteDescriptionInput,
  deps: WriteDescriptionDeps = {},
): Promise<WriteDescriptionResult> {
  const { report, product, settings } = writeDescriptionInputSchema.parse(rawInput);
  const category = productCategory(product, report);
  const kind = productKind(product, report);
  const disclosures = buildDisclosures(report, kind, settings);
  const context: GuardContext = { report, settings, productTitle: product.title };
  const warnings: DescriptionWarning[] = [
    ...hempFlags(report, kind, category),
    ...missingReportFacts(report),
    ...report.warnings.map((code) => ({
      code: `report-${code}`,
      message: `The lab report was flagged during extraction: ${code}.`,
      blocksAutoPublish: !INFORMATIONAL_REPORT_WARNINGS.has(code),
    })),
  ];
  const modelCalls: WriteDescriptionResult["modelCalls"] = [];

  if (deps.languageModel) {
    const model = deps.languageModel;
    let violations: Violation[] = [];
    for (let attempt = 1; attempt <= MAX_MODEL_ATTEMPTS; attempt++) {
      const prompt = buildDescriptionPrompt({
        report,
        product,
        category,
        kind,
        settings,
        previousViolations: violations,
      });
      let answer: ModelDescription;
      try {
        const response = await model.generate({
          ...prompt,
          schema: modelDescriptionSchema,
          schemaName: MODEL_DESCRIPTION_SCHEMA_NAME,
          maxOutputTokens: 1_500,
        });
        if (response.usage) modelCalls.push(response.usage);
        answer = response.value;
      } catch (error) {
        // Outages are the queue's business; a refusal or unusable answer is this copy's failure.
        if (!(error instanceof LanguageModelError)) throw error;
        if (error.code !== "refused" && error.code !== "malformed-output") throw error;
        violations = [{ rule: "missing-required", field: "answer", detail: error.message }];
        continue;
      }
      const copy = assembleModelCopy(answer, disclosures);
      const guard = checkDescription(copy, context);
      if (guard.ok) {
        return {
          description: { ...copy, model: model.model, promptVersion: PROMPT_VERSION },
          warnings: language(warnings),
          guard,
          modelCalls,
        };
      }
      violations = guard.violations;
    }
    warnings.push({
      code: "model-output-failed-guard",
      message: `The model's copy failed the compliance guard ${MAX_MODEL_ATTEMPTS} times (last: ${violations
        .slice(0, 3)
        .map((v) => v.detail)
        .join("; ")}); the built-in writer wrote this description instead.`,
      blocksAutoPublish: false,
    });
  }

  const copy = sanitizeCopy(
    writeTemplateDescription({
      report,
      productTitle: product.title,
      category,
      kind,
      settings,
      disclosures,
    }),
  );
  const guard = checkDescription(copy, context);
  if (!guard.ok) {
    warnings.push({
      code: "description-failed-guard",
      message: `The description breaks ${guard.violations.length} compliance rule(s): ${guard.violations
        .map((v) => v.detail)
        .join("; ")}.`,
      blocksAutoPublish: true,
    });
  }
  if (!/^en\b/i.test(settings.language)) {
    warnings.push({
      code: "template-english-only",
      message: `The built-in writer writes English; the shop asked for "${settings.language}".`,
      blocksAutoPublish: true,
    });
  }
  return {
    description: {
      ...copy,
      model: deps.languageModel ? "template-fallback" : "template",
      promptVersion: TEMPLATE_WRITER_VERSION,
    },
    warnings,
    guard,
    modelCalls,
  };

  function language(list: DescriptionWarning[]): DescriptionWarning[] {
    // The model writes any language, but the banned-claim list is English: a person should read it.
    if (/^en\b/i.test(settings.language)) return list;
    return [
      ...list,
      {
        code: "claims-checked-in-english-only",
        message: `The guard's banned-claim list is English; review the ${settings.language} copy for claims.`,
        blocksAutoPublish: true,
      },
    ];
  }
}

/** The model's copy, made safe: sanitised HTML, plain text fields, then the exact link and disclosures. */
function assembleModelCopy(answer: ModelDescription, disclosures: string[]): GuardedCopy {
  const tail = [
    `<p><a href="${COA_URL_PLACEHOLDER}">View the full Certificate of Analysis</a></p>`,
    ...disclosures.map((d) => `<p><em>${escapeHtml(d)}</em></p>`),
  ];
  return sanitizeCopy({
    descriptionHtml: `${sanitizeDescriptionHtml(answer.descriptionHtml)}\n${tail.join("\n")}`,
    seoTitle: answer.seoTitle,
    seoDescription: answer.seoDescription,
    highlights: answer.highlights,
    disclosures,
  });
}

function sanitizeCopy(copy: GuardedCopy): GuardedCopy {
  return {
    descriptionHtml: sanitizeDescriptionHtml(copy.descriptionHtml),
    seoTitle: toPlainText(copy.seoTitle).slice(0, SEO_TITLE_MAX),
    seoDescription: toPlainText(copy.seoDescription).slice(0, SEO_DESCRIPTION_MAX),
    highlights: copy.highlights.map(toPlainText).filter((h) => h !== ""),
    disclosures: copy.disclosures.map(toPlainText),
  };
}
