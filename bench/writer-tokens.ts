import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { countTokens, encodeChat } from "gpt-tokenizer/encoding/o200k_base";
import { createOpenAiLanguageModel } from "~/integrations/openai.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import { PROMPT_VERSION } from "~/pipeline/description-prompt";
import { readLabReportFromPdf } from "~/pipeline/read-lab-report-from-pdf";
import { writeDescription } from "~/pipeline/write-description";
import { writerSettingsSchema } from "~/pipeline/writer-settings";
import { startOpenAiDouble, type RecordedRequest } from "../test/doubles/openai-server";

/**
 * npm run bench:writer — input tokens of the description prompt for each corpus COA (goal ≤ 1,500,
 * one call per description). No network: the real SDK talks to the local OpenAI double, which
 * records exactly what would be sent; tokens are counted with o200k_base (gpt-4o's encoding) over
 * the chat messages plus the response_format schema, which the API also bills as input.
 * The double answers with the built-in writer's copy, so each description needs exactly one call.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpusDir = path.resolve(repoRoot, process.env.COA_CORPUS_DIR ?? "../shared/coa-corpus");
const GOAL = 1_500;

if (!existsSync(corpusDir)) {
  process.stderr.write(`The COA corpus is missing: ${corpusDir} (set COA_CORPUS_DIR)\n`);
  process.exit(1);
}

const settings = writerSettingsSchema.parse({
  brandVoice: "Warm, plain-spoken, proud of our growers",
  tone: "friendly",
  length: "standard",
  region: "US-CA",
});

// The answer for the request in flight: the built-in writer's copy for the same report.
let pendingAnswer: unknown = null;
const double = await startOpenAiDouble({
  countTokens: (text) => countTokens(text),
  fallback: () => ({ kind: "json", value: pendingAnswer }),
});
const model = createOpenAiLanguageModel({
  apiKey: "sk-bench-local-double",
  baseURL: double.baseURL,
  timeoutMs: 10_000,
});

const rows: { file: string; messages: number; schema: number; total: number; calls: number }[] = [];
const files = (await readdir(corpusDir)).filter((f) => f.endsWith(".pdf")).sort();
for (const file of files) {
  const bytes = new Uint8Array(await readFile(path.join(corpusDir, file)));
  const extraction = await readLabReportFromPdf(bytes, { readPdfText: (pdf) => readPdfText(pdf) });
  if (!extraction.ok) {
    process.stdout.write(`${file.padEnd(48)} not read: ${extraction.error.code}\n`);
    continue;
  }
  const input = { report: extraction.report, product: { title: null }, settings };
  const template = (await writeDescription(input)).description;
  pendingAnswer = {
    descriptionHtml: template.descriptionHtml,
    seoTitle: template.seoTitle,
    seoDescription: template.seoDescription,
    highlights: template.highlights,
  };
  const before = double.requests.length;
  const written = await writeDescription(input, { languageModel: model });
  const sent = double.requests.slice(before);
  const first = sent[0];
  if (!first) throw new Error(`${file}: no request reached the double`);
  const { messages, schema } = inputTokens(first);
  rows.push({ file, messages, schema, total: messages + schema, calls: sent.length });
  if (written.description.model !== model.model) {
    process.stdout.write(`${file}: the model's copy was not used (${written.description.model})\n`);
  }
}
await double.close();

process.stdout.write(`Description prompt ${PROMPT_VERSION}, o200k_base tokens (gpt-4o)\n\n`);
process.stdout.write(
  `${"document".padEnd(48)} ${"messages".padStart(8)} ${"schema".padStart(7)} ${"input".padStart(6)} calls\n`,
);
for (const r of rows) {
  process.stdout.write(
    `${r.file.padEnd(48)} ${String(r.messages).padStart(8)} ${String(r.schema).padStart(7)} ${String(r.total).padStart(6)} ${r.calls}\n`,
  );
}
const totals = rows.map((r) => r.total).sort((a, b) => a - b);
const max = totals.at(-1) ?? 0;
const median = totals.length
  ? (totals[Math.floor((totals.length - 1) / 2)]! + totals[Math.ceil((totals.length - 1) / 2)]!) / 2
  : 0;
const over = rows.filter((r) => r.total > GOAL).length;
process.stdout.write(
  `\n${rows.length} documents · input tokens max ${max}, median ${median}, min ${totals[0] ?? 0} · over ${GOAL}: ${over} · calls per description: max ${Math.max(0, ...rows.map((r) => r.calls))}\n`,
);

function inputTokens(request: RecordedRequest): { messages: number; schema: number } {
  const chat = (request.body.messages ?? []).map((m) => ({
    role: m.role as "system" | "user",
    content: m.content,
  }));
  return {
    messages: encodeChat(chat, "gpt-4o").length,
    schema: countTokens(JSON.stringify(request.body.response_format ?? {})),
  };
}
