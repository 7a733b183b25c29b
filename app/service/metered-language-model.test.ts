import { z } from "zod";
import { describe, expect, it } from "vitest";
import { createOpenAiLanguageModel } from "~/integrations/openai.server";
import { startOpenAiDouble } from "../../test/doubles/openai-server";
import { meteredLanguageModel } from "./metered-language-model";
import { createPrometheusMetrics } from "./prometheus-metrics.server";

describe("metered language model", () => {
  it("counts the input and output tokens OpenAI reports for each call", async () => {
    // The double counts one token per character, so the expected counts follow from the texts.
    const double = await startOpenAiDouble({ countTokens: (text) => text.length });
    try {
      double.script({ kind: "json", value: { summary: "ok" } });
      const prometheus = createPrometheusMetrics({ defaultMetrics: false });
      const model = meteredLanguageModel(
        createOpenAiLanguageModel({ apiKey: "sk-test", baseURL: double.baseURL, timeoutMs: 5_000 }),
        prometheus.metrics,
      );
      await model.generate({
        system: "Summarise.",
        data: "text",
        schema: z.object({ summary: z.string() }),
        schemaName: "summary",
      });
      const text = await prometheus.registry.metrics();
      const input = "Summarise.".length + "text".length;
      const output = JSON.stringify({ summary: "ok" }).length;
      expect(text).toContain(`heady_openai_tokens_total{model="gpt-4o",kind="input"} ${input}`);
      expect(text).toContain(`heady_openai_tokens_total{model="gpt-4o",kind="output"} ${output}`);
    } finally {
      await double.close();
    }
  });
});
