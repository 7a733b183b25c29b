import { describe, expect, it } from "vitest";
import { extractLabReport } from "./extract-lab-report";
import { emptyLabReport, type LabReport } from "./lab-report";
import type { LanguageModel, StructuredRequest, StructuredResponse } from "./language-model";
import type { PdfDocumentText } from "./pdf-document";

/** A document the engine cannot read: prose, no table, but with numbers in it. */
const prose: PdfDocumentText = {
  pageCount: 1,
  links: [],
  pages: [
    {
      pageNumber: 1,
      width: 612,
      height: 792,
      items: [
        "Certificate of Analysis issued by Example Testing Laboratory for sample 42.",
        "The sample was found to hold potency of twenty one point five, written 21.5 in percent.",
        "Every safety panel was passed by the sample according to the laboratory staff.",
      ].map((str, i) => ({ str, x: 40, y: 100 + i * 14, width: 500, height: 10 })),
    },
  ],
};

function fakeModel(report: LabReport, seen: StructuredRequest<unknown>[] = []): LanguageModel {
  return {
    model: "fake-model",
    async generate<T>(request: StructuredRequest<T>): Promise<StructuredResponse<T>> {
      seen.push(request as StructuredRequest<unknown>);
      return { value: report as T, model: "fake-model", usage: null };
    },
  };
}

describe("the language-model fallback", () => {
  it("is not used, and the layout is reported unreadable, when no model is given", async () => {
    const result = await extractLabReport(prose);
    expect(result.ok ? null : result.error.code).toBe("unreadable-layout");
  });

  it("keeps numbers the document prints and drops the ones it does not", async () => {
    const answer = emptyLabReport();
    answer.totals.thc = { value: 21.5, unit: "%", qualifier: null, source: "printed" };
    answer.totals.cbd = { value: 3.3, unit: "%", qualifier: null, source: "printed" };
    const seen: StructuredRequest<unknown>[] = [];
    const result = await extractLabReport(prose, { languageModel: fakeModel(answer, seen) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.totals.thc?.value).toBe(21.5);
    expect(result.report.totals.cbd).toBeNull();
    expect(result.report.warnings).toEqual(
      expect.arrayContaining(["extracted-by-language-model", "unverified-values-dropped"]),
    );
    // The document goes to the model as data, never inside its instructions.
    expect(seen[0]?.data).toContain("21.5");
    expect(seen[0]?.system).not.toContain("21.5");
  });
});
