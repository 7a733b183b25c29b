import { parseArgs } from "node:util";
import { extractFile, fail, type CommandIo } from "./extract-command";
import { z } from "zod";
import { createOpenAiLanguageModel, DEFAULT_OPENAI_MODEL } from "~/integrations/openai.server";
import type { DescriptionWarning } from "~/pipeline/description";
import type { LabReport } from "~/pipeline/lab-report";
import { LanguageModelError, type LanguageModel } from "~/pipeline/language-model";
import { formatMeasure } from "~/pipeline/report-figures";
import { htmlToText } from "~/pipeline/sanitize-description-html";
import { writeDescription, type WriteDescriptionResult } from "~/pipeline/write-description";
import { writerSettingsSchema } from "~/pipeline/writer-settings";

/**
 * `npm run -s lab -- <file.pdf> [--json] [--tone …] [--length …] [--brand-voice "…"] [--region US-CA]
 * [--title "…"] [--type "…"] [--kind hemp|marijuana] [--language en]`: the project's main job —
 * extract a COA, write its description, print both. Without OPENAI_API_KEY the built-in writer
 * writes (no network needed); with it, OpenAI does, guarded the same way.
 */

const USAGE =
  'Usage: npm run -s lab -- <file.pdf> [--json] [--tone friendly|clinical|premium] [--length short|standard|long] [--brand-voice "…"] [--region US-CA] [--title "…"] [--type "…"] [--kind hemp|marijuana] [--language en]';

// Only the OpenAI variables: the CLI runs without the app's Shopify settings.
const cliEnvSchema = z.object({
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).default(DEFAULT_OPENAI_MODEL),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
});

const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

export async function runDescribeCommand(
  argv: string[],
  io: CommandIo = processIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(argv);
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { file, json, settings, product } = parsed;

  const extraction = await extractFile(file);
  if (!extraction.ok) return fail(io, json, extraction.error);
  const report = extraction.report;

  const cliEnv = cliEnvSchema.parse(env);
  const languageModel: LanguageModel | undefined = cliEnv.OPENAI_API_KEY
    ? createOpenAiLanguageModel({
        apiKey: cliEnv.OPENAI_API_KEY,
        model: cliEnv.OPENAI_MODEL,
        timeoutMs: cliEnv.OPENAI_TIMEOUT_MS,
        ...(cliEnv.OPENAI_BASE_URL ? { baseURL: cliEnv.OPENAI_BASE_URL } : {}),
      })
    : undefined;

  let written: WriteDescriptionResult;
  try {
    written = await writeDescription({ report, product, settings }, { languageModel });
  } catch (error) {
    if (!(error instanceof LanguageModelError)) throw error;
    const wait = error.retryAfterMs !== null ? ` Retry after ${error.retryAfterMs} ms.` : "";
    return fail(io, json, { code: `model-${error.code}`, message: `${error.message}${wait}` }, 1);
  }

  const warnings: DescriptionWarning[] = [
    ...extraction.uncertainFields.map((field) => ({
      code: "extraction-uncertain-field",
      message: `Extraction was unsure of ${field}.`,
      blocksAutoPublish: true,
    })),
    ...written.warnings,
  ];
  if (json) {
    io.stdout(JSON.stringify({ report, description: written.description, warnings }, null, 2));
  } else {
    io.stdout(readable(report, written, warnings));
  }
  return 0;
}

function parseCommand(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      tone: { type: "string" },
      length: { type: "string" },
      "brand-voice": { type: "string" },
      region: { type: "string" },
      language: { type: "string" },
      title: { type: "string" },
      type: { type: "string" },
      kind: { type: "string" },
    },
  });
  // `lab describe <file>` and `lab <file>` both work.
  const files = positionals[0] === "describe" ? positionals.slice(1) : positionals;
  const file = files[0];
  if (!file || files.length > 1) throw new Error("Give exactly one PDF file.");
  const settings = writerSettingsSchema.parse({
    tone: values.tone,
    length: values.length,
    brandVoice: values["brand-voice"],
    region: values.region ?? null,
    language: values.language,
  });
  const kind = z.enum(["hemp", "marijuana"]).optional().parse(values.kind);
  const product = {
    title: values.title ?? null,
    productType: values.type ?? null,
    ...(kind ? { kind } : {}),
  };
  return { file, json: values.json ?? false, settings, product };
}

function readable(
  report: LabReport,
  written: WriteDescriptionResult,
  warnings: DescriptionWarning[],
): string {
  const { description, guard } = written;
  const s = report.sample;
  const lines = [
    "LAB REPORT",
    `  Lab:      ${report.lab.name ?? "—"}${report.lab.license ? ` (${report.lab.license})` : ""}`,
    `  Product:  ${s.productName ?? "—"}   Strain: ${s.strain ?? "—"}`,
    `  Batch:    ${s.batch ?? "—"}   Sample: ${s.sampleId ?? "—"}`,
    `  Tested:   ${s.dateTested ?? "—"}   Issued: ${s.dateIssued ?? "—"}`,
    `  THC:      ${formatMeasure(report.totals.thc) ?? "—"}   CBD: ${formatMeasure(report.totals.cbd) ?? "—"}`,
    `  Safety:   ${report.safety.panels.map((p) => `${p.panel} ${p.status}`).join(", ") || "—"}`,
    "",
    `DESCRIPTION (written by ${description.model}, ${description.promptVersion})`,
    `  SEO title:       ${description.seoTitle}`,
    `  SEO description: ${description.seoDescription}`,
    `  Highlights:      ${description.highlights.join(" · ")}`,
    "",
    ...htmlToText(description.descriptionHtml)
      .split("\n")
      .map((line) => `  ${line.replace(/\t/g, "  ")}`),
    "",
    `COMPLIANCE GUARD: ${guard.ok ? "passed" : `FAILED — ${guard.violations.map((v) => v.detail).join("; ")}`}`,
  ];
  if (warnings.length > 0) {
    lines.push("", "WARNINGS");
    for (const w of warnings) {
      lines.push(`  ${w.blocksAutoPublish ? "[holds auto-publish] " : ""}${w.code}: ${w.message}`);
    }
  }
  lines.push("", "HTML", description.descriptionHtml);
  return lines.join("\n");
}
