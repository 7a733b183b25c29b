import type { LanguageModel } from "~/pipeline/language-model";
import type { ServiceMetrics } from "./metrics";

/** The same model, counting the tokens each call used (as the provider reported them). */
export function meteredLanguageModel(
  model: LanguageModel,
  metrics: Pick<ServiceMetrics, "languageModelTokens">,
): LanguageModel {
  return {
    model: model.model,
    async generate(request) {
      const response = await model.generate(request);
      if (response.usage) {
        metrics.languageModelTokens(response.model, "input", response.usage.inputTokens);
        metrics.languageModelTokens(response.model, "output", response.usage.outputTokens);
      }
      return response;
    },
  };
}
