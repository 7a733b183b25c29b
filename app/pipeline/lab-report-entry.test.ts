import { describe, expect, it } from "vitest";
import { flowerReport } from "../../test/writer-test-reports";
import {
  HISTORY_MAX,
  labReportHandle,
  nextReferences,
  planLabReportEntry,
  referencesAfterPublish,
} from "./lab-report-entry";

describe("a lab report as a batch record", () => {
  it("keeps one entry per batch: the handle depends only on the batch number", () => {
    expect(labReportHandle("OH-2024-118")).toBe("batch-oh-2024-118");
    expect(labReportHandle(" oh-2024-118 ")).toBe(labReportHandle("OH-2024-118"));
    expect(labReportHandle("LOT 7/B#2")).toBe("batch-lot-7-b-2");
    expect(labReportHandle("###")).toBe("batch-unnamed");
  });

  it("holds the report's facts as printed and leaves out what the COA does not say", () => {
    const report = flowerReport();
    report.lab.license = null;
    const entry = planLabReportEntry({
      report,
      batch: "OH-2024-118",
      coaFileId: "gid://shopify/GenericFile/1",
      lookupUrl: "https://shop.example/apps/lab/OH-2024-118",
      voidAfter: "2025-03-05",
    });
    const fields = Object.fromEntries(entry.fields.map((f) => [f.key, f.value]));
    expect(fields).toMatchObject({
      batch: "OH-2024-118",
      lab_name: "Example Analytical Labs",
      test_date: "2024-03-05",
      issued_date: "2024-03-07",
      void_after: "2025-03-05",
      total_thc: "22.41%",
      total_cbd: "ND",
      verdict: "pass",
      coa_file: "gid://shopify/GenericFile/1",
      lookup_url: "https://shop.example/apps/lab/OH-2024-118",
      verification_url: "https://lab.example/coa/EAL-55120",
    });
    expect(fields).not.toHaveProperty("lab_license");
    expect(JSON.parse(fields.summary ?? "{}")).toMatchObject({ version: 2 });
  });

  it("holds PDF strings as plain text: no markup or hidden characters for any theme or headless client", () => {
    const report = flowerReport();
    report.lab.name = "Acme <b>Labs</b>";
    report.lab.license = "<img src=x onerror=alert(1)>";
    report.sample.productName = "Haze <script>fetch('https://evil.example')</script>";
    report.sample.strain = "<script>alert(3)</script>";
    report.cannabinoids[0]!.label = "THCa </td><script>alert(2)</script>";
    const entry = planLabReportEntry({ report, batch: "B-22\u200b91<script>x()</script>" });

    const text = entry.fields.filter((f) => f.key !== "summary");
    expect(JSON.stringify(text)).not.toMatch(/<|>|script|onerror|evil\.example|\\u200b|\u200b/i);
    // The summary's JSON keeps qualifiers such as "<LOQ", never markup.
    const summary = entry.fields.find((f) => f.key === "summary")?.value ?? "";
    expect(summary).not.toMatch(/<\/?(?!LOQ)[a-z]|script|onerror|evil\.example|\u200b/i);
    const fields = Object.fromEntries(entry.fields.map((f) => [f.key, f.value]));
    expect(fields).toMatchObject({ batch: "B-2291", product_name: "Haze", lab_name: "Acme Labs" });
    expect(fields).not.toHaveProperty("lab_license");
  });

  it("moves the previous batch into the history and never drops one on a new upload", () => {
    const first = nextReferences({ current: null, history: [] }, "A");
    expect(first).toEqual({ current: "A", history: [] });
    const second = nextReferences(first, "B");
    expect(second).toEqual({ current: "B", history: ["A"] });
    const third = nextReferences(second, "C");
    expect(third).toEqual({ current: "C", history: ["B", "A"] });
    // Republishing the current batch changes nothing; republishing an old one brings it back.
    expect(nextReferences(third, "C")).toEqual(third);
    expect(nextReferences(third, "A")).toEqual({ current: "A", history: ["C", "B"] });
  });

  it("keeps the newest batches when the history reaches Shopify's list limit", () => {
    const history = Array.from({ length: HISTORY_MAX }, (_, i) => `old-${i}`);
    const next = nextReferences({ current: "now", history }, "new");
    expect(next.history).toHaveLength(HISTORY_MAX);
    expect(next.history[0]).toBe("now");
    expect(next.history.at(-1)).toBe(`old-${HISTORY_MAX - 2}`);
  });
});

describe("who points at a newly published batch", () => {
  const empty = { current: null, history: [] };
  const product = (references: { current: string | null; history: string[] }) => ({
    id: "P",
    references,
    variants: [
      { id: "V1", ...empty },
      { id: "V2", current: "OLD", history: [] },
    ],
  });

  it("a whole-product report becomes the product's current one and leaves the variants alone", () => {
    expect(referencesAfterPublish(product({ current: "A", history: [] }), [], "B")).toEqual([
      { ownerId: "P", current: "B", history: ["A"] },
    ]);
  });

  it("a variant's report becomes that variant's current one, its earlier batch kept as history", () => {
    const owners = referencesAfterPublish(product({ current: "W", history: [] }), ["V2"], "N");
    expect(owners).toEqual([{ ownerId: "V2", current: "N", history: ["OLD"] }]);
  });

  it("a product without a whole-product report shows its newest variant report", () => {
    // "OLD" came from variant V2's report: the product has no report of its own.
    expect(referencesAfterPublish(product({ current: "OLD", history: [] }), ["V1"], "N")).toEqual([
      { ownerId: "P", current: "N", history: ["OLD"] },
      { ownerId: "V1", current: "N", history: [] },
    ]);
    expect(referencesAfterPublish(product(empty), ["V1"], "N")[0]).toEqual({
      ownerId: "P",
      current: "N",
      history: [],
    });
  });

  it("leaves out an owner already pointing at the batch (a retried publish writes nothing new)", () => {
    expect(referencesAfterPublish(product({ current: "B", history: ["A"] }), [], "B")).toEqual([]);
  });
});
