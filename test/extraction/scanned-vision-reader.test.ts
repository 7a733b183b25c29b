import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenAiLanguageModel } from "~/integrations/openai.server";
import type { LabReport } from "~/pipeline/lab-report";
import { readScannedReport } from "~/pipeline/read-scanned-report";
import { createVisionSecondReader } from "~/pipeline/vision-second-reader";
import { partsOf, startOpenAiDouble, type OpenAiDouble } from "../doubles/openai-server";
import { coaHeader, scannedPage } from "./scanned-page-words";

/**
 * The vision model as second reader of a scanned COA, through the real OpenAI SDK against the
 * local double: it confirms what it reads alike, its different reading goes to the merchant beside
 * OCR's, and a model that cannot answer confirms nothing and breaks nothing.
 */

let double: OpenAiDouble;
beforeAll(async () => {
  double = await startOpenAiDouble();
});
afterAll(() => double.close());

/** THCa printed once, in a % column only: the page cannot confirm it by itself. */
const page = scannedPage(1, [
  ...coaHeader("AB-1234"),
  {
    y: 120,
    cells: [
      [40, "Analyte"],
      [200, "LOQ"],
      [300, "Result (%)"],
    ],
  },
  {
    y: 140,
    cells: [
      [40, "THCa"],
      [200, "0.05"],
      [300, "23.45"],
    ],
  },
  {
    y: 400,
    cells: [
      [40, "Pesticides"],
      [300, "PASS"],
    ],
  },
]);

async function readWithVision(): Promise<LabReport> {
  const model = createOpenAiLanguageModel({
    apiKey: "sk-test",
    baseURL: double.baseURL,
    timeoutMs: 5_000,
  });
  const result = await readScannedReport(
    { pageCount: 1, links: [], pages: [{ pageNumber: 1, width: 612, height: 792, items: [] }] },
    {
      pageScanner: { scanPages: async () => [page] },
      secondReader: createVisionSecondReader(model),
    },
  );
  if (!result?.ok) throw new Error("the scan was not read");
  return result.report;
}

const thca = (report: LabReport) => report.cannabinoids.find((a) => a.analyte === "thca") ?? null;
const waiting = (report: LabReport, field: string) =>
  report.review?.find((item) => item.field === field) ?? null;

describe("the vision second reader", () => {
  it("confirms a figure it reads as OCR did, from the page's picture", async () => {
    double.script({
      kind: "json",
      value: {
        readings: [
          { field: "cannabinoids.thca", printed: "23.45" },
          { field: "sample.batch", printed: "AB-1234" },
          // A field nobody asked about is ignored.
          { field: "totals.thc", printed: "99.9" },
        ],
      },
    });
    const report = await readWithVision();
    expect(thca(report)).toMatchObject({ value: 23.45, source: "printed" });
    expect(report.sample.batch).toBe("AB-1234");
    expect(report.totals.thc).toBeNull();
    expect(waiting(report, "cannabinoids.thca")).toBeNull();

    // The page went as a picture; the fields to read as data, never in the instructions.
    const sent = double.requests.at(-1)?.body.messages ?? [];
    const user = partsOf(sent.find((m) => m.role === "user")?.content);
    expect(
      user.some(
        (p) => p.type === "image_url" && p.image_url.url.startsWith("data:image/png;base64,"),
      ),
    ).toBe(true);
    expect(user.some((p) => p.type === "text" && p.text.includes("cannabinoids.thca"))).toBe(true);
    expect(sent.find((m) => m.role === "system")?.content).not.toContain("cannabinoids.thca");
  });

  it("withholds a figure it reads differently, offering both readings", async () => {
    double.script({
      kind: "json",
      value: { readings: [{ field: "cannabinoids.thca", printed: "28.45" }] },
    });
    const report = await readWithVision();
    expect(thca(report)).toBeNull();
    expect(waiting(report, "cannabinoids.thca")).toMatchObject({
      reading: "23.45",
      candidates: ["23.45", "28.45"],
      reason: "readers-disagree",
    });
  });

  it("confirms nothing, and fails nothing, when the model is rate limited", async () => {
    double.script({ kind: "rate-limited", retryAfterSeconds: 20 });
    const report = await readWithVision();
    expect(thca(report)).toBeNull();
    expect(waiting(report, "cannabinoids.thca")).toMatchObject({
      candidates: ["23.45"],
      reason: "ocr-unconfirmed",
    });
    expect(report.warnings).toContain("ocr-text-layer");
  });
});
