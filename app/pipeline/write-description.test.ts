import { describe, expect, it } from "vitest";
import { COA_URL_PLACEHOLDER } from "./compliance-guard";
import type { ModelDescription } from "./description-prompt";
import {
  LanguageModelError,
  type LanguageModel,
  type StructuredRequest,
  type StructuredResponse,
} from "./language-model";
import { writeDescription } from "./write-description";
import { flowerReport, hempGummyReport } from "../../test/writer-test-reports";

/** A language model that answers from a script and records what it was asked. */
function scriptedModel(answers: (ModelDescription | Error)[]) {
  const requests: StructuredRequest<unknown>[] = [];
  const model: LanguageModel = {
    model: "gpt-4o",
    async generate<T>(request: StructuredRequest<T>): Promise<StructuredResponse<T>> {
      requests.push(request as StructuredRequest<unknown>);
      const answer = answers.shift();
      if (!answer) throw new Error("no scripted answer left");
      if (answer instanceof Error) throw answer;
      return {
        value: request.schema.parse(answer),
        model: "gpt-4o-2024-08-06",
        usage: { inputTokens: 900, outputTokens: 400 },
      };
    },
  };
  return { model, requests };
}

const GOOD_ANSWER: ModelDescription = {
  descriptionHtml: [
    "<p>Orchard Haze brings bright citrus notes.</p>",
    "<table><tbody><tr><td>Total THC</td><td>22.41%</td></tr><tr><td>Total CBD</td><td>ND</td></tr></tbody></table>",
    "<p>Tested by <strong>Example Analytical Labs</strong> on March 5, 2024, batch OH-2024-118.</p>",
    "<ul><li>Pesticides: passed</li><li>Heavy metals: passed</li><li>Microbials: passed</li><li>Mycotoxins: passed</li><li>Residual solvents: not tested</li><li>Water activity: passed</li></ul>",
  ].join(""),
  seoTitle: "Orchard Haze | Lab-tested flower",
  seoDescription: "Orchard Haze, total THC 22.41%, tested by Example Analytical Labs.",
  highlights: ["Total THC 22.41%", "Limonene 0.61%"],
};

const input = { report: flowerReport(), product: { title: "Orchard Haze" }, settings: {} };

describe("writing a description", () => {
  it("uses the built-in writer when there is no language model", async () => {
    const result = await writeDescription(input);
    expect(result.description.model).toBe("template");
    expect(result.guard).toEqual({ ok: true });
    expect(result.modelCalls).toEqual([]);
    expect(result.description.descriptionHtml).toContain(`href="${COA_URL_PLACEHOLDER}"`);
  });

  it("uses the model's copy, with the link and disclosures appended, when it passes the guard", async () => {
    const { model, requests } = scriptedModel([GOOD_ANSWER]);
    const result = await writeDescription(input, { languageModel: model });
    expect(requests).toHaveLength(1);
    expect(result.description.model).toBe("gpt-4o");
    expect(result.description.promptVersion).toMatch(/^writer-/);
    expect(result.description.descriptionHtml).toContain("bright citrus notes");
    expect(result.description.descriptionHtml).toContain(`href="${COA_URL_PLACEHOLDER}"`);
    expect(result.description.descriptionHtml).toContain("For adults 21 and older.");
    expect(result.modelCalls).toEqual([{ inputTokens: 900, outputTokens: 400 }]);
  });

  it("sanitises the model's HTML before judging it", async () => {
    const hostile = {
      ...GOOD_ANSWER,
      descriptionHtml: `${GOOD_ANSWER.descriptionHtml}<script>alert(1)</script><a href="javascript:x">x</a>`,
      seoTitle: "<b>Orchard</b> Haze",
    };
    const { model } = scriptedModel([hostile]);
    const result = await writeDescription(input, { languageModel: model });
    expect(result.guard.ok).toBe(true);
    expect(result.description.descriptionHtml).not.toMatch(/script|javascript/);
    expect(result.description.seoTitle).toBe("Orchard Haze");
  });

  it("retries once with the violations when the model's copy fails the guard", async () => {
    const invented = { ...GOOD_ANSWER, highlights: ["Total THC 23%", "Relieves stress"] };
    const { model, requests } = scriptedModel([invented, GOOD_ANSWER]);
    const result = await writeDescription(input, { languageModel: model });
    expect(requests).toHaveLength(2);
    expect(result.description.model).toBe("gpt-4o");
    const feedback = JSON.parse(requests[1]?.data ?? "{}").previousViolations as string[];
    expect(feedback).toEqual([
      'highlights[0]: "23%" is not a value of the lab report',
      'highlights[1]: "Relieves" makes a relieves claim',
    ]);
  });

  it("falls back to the built-in writer when the model fails the guard twice, and says so", async () => {
    const bad = { ...GOOD_ANSWER, seoDescription: "Federally legal and clinically proven." };
    const { model, requests } = scriptedModel([bad, bad]);
    const result = await writeDescription(input, { languageModel: model });
    expect(requests).toHaveLength(2);
    expect(result.description.model).toBe("template-fallback");
    expect(result.guard).toEqual({ ok: true });
    expect(result.warnings.map((w) => w.code)).toContain("model-output-failed-guard");
  });

  it("treats a refusal or malformed answer as a failed attempt", async () => {
    const { model } = scriptedModel([
      new LanguageModelError("refused", "The model refused"),
      new LanguageModelError("malformed-output", "Not JSON"),
    ]);
    const result = await writeDescription(input, { languageModel: model });
    expect(result.description.model).toBe("template-fallback");
  });

  it("leaves rate limits and outages to the queue, as typed errors", async () => {
    const { model } = scriptedModel([new LanguageModelError("rate-limited", "429", 2_000)]);
    const error = await writeDescription(input, { languageModel: model }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LanguageModelError);
    expect((error as LanguageModelError).retryAfterMs).toBe(2_000);
  });

  it("surfaces hemp flags as warnings that hold auto-publishing", async () => {
    const result = await writeDescription({
      report: hempGummyReport(),
      product: { title: "Citrus Gummies" },
      settings: { region: "US-CA" },
    });
    expect(result.guard.ok).toBe(true);
    const flags = result.warnings.filter((w) => w.code.startsWith("hemp-"));
    expect(flags.map((f) => f.code)).toEqual([
      "hemp-thc-per-container-over-limit",
      "hemp-d8-thc-present",
    ]);
    expect(flags.every((f) => f.blocksAutoPublish)).toBe(true);
    expect(result.description.disclosures).toContain(
      "The FDA has not evaluated this product for safety or efficacy.",
    );
  });

  it("passes the extraction's warnings on, holding publication for all but informational ones", async () => {
    const report = flowerReport();
    report.warnings = ["total-thc-computed", "not-a-compliance-coa"];
    const result = await writeDescription({ ...input, report });
    expect(result.warnings.map((w) => [w.code, w.blocksAutoPublish])).toEqual([
      ["report-total-thc-computed", false],
      ["report-not-a-compliance-coa", true],
    ]);
  });
});
