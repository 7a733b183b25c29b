import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import { flowerReport } from "../../test/writer-test-reports";
import { storeExtractedReport } from "~/models/lab-report.server";
import { listCurrentReportFacts } from "~/models/published-report.server";
import { listLabReportPage } from "./lab-report-views.server";

const db = useTestDatabase();

async function seed(shop: string, fileName: string, report: string | null, at: number) {
  await db().prisma.labReport.create({
    data: {
      owner: { connectOrCreate: { where: { domain: shop }, create: { domain: shop } } },
      fileName,
      sha256: fileName.padEnd(64, "0"),
      sizeBytes: 1,
      status: "published",
      report,
      createdAt: new Date(at),
    },
  });
}

describe("the report list", () => {
  it("shows each report's total THC, lab and batch from its stored report, and blanks only for a part that does not fit", async () => {
    const shop = "list-columns.myshopify.com";
    const whole = flowerReport();
    const oddTotals = { ...flowerReport(), totals: { thc: "lots" } };
    await seed(shop, "whole.pdf", JSON.stringify(whole), 3_000);
    await seed(shop, "odd-totals.pdf", JSON.stringify(oddTotals), 2_000);
    await seed(shop, "not-read.pdf", null, 1_000);
    await seed(shop, "garbled.pdf", "{not json", 500);

    const { reports } = await listLabReportPage(db().prisma, shop);

    expect(reports.map((r) => [r.fileName, r.totalThc, r.lab, r.batch])).toEqual([
      ["whole.pdf", "22.41%", whole.lab.name, whole.sample.batch],
      ["odd-totals.pdf", null, whole.lab.name, whole.sample.batch],
      ["not-read.pdf", null, null, null],
      ["garbled.pdf", null, null, null],
    ]);
  });

  it("reads a report stored since summaries exist from its summary alone, in the list, its search and the freshness facts", async () => {
    const shop = "list-summary.myshopify.com";
    await seed(shop, "summary.pdf", null, 1_000);
    const row = await db().prisma.labReport.findFirstOrThrow({ where: { shop } });
    const report = flowerReport();
    expect(await storeExtractedReport(db().prisma, shop, row.id, { report })).toBe(true);
    await db().prisma.labReport.update({
      where: { id: row.id },
      data: { productId: "gid://shopify/Product/1", publishedAt: new Date(2_000) },
    });
    // Were the whole report read, this would blank every column.
    await db().prisma.labReport.update({ where: { id: row.id }, data: { report: "{not json" } });

    const { reports } = await listLabReportPage(db().prisma, shop);
    expect(reports.map((r) => [r.totalThc, r.lab, r.batch])).toEqual([
      ["22.41%", report.lab.name, report.sample.batch],
    ]);
    const found = await listLabReportPage(db().prisma, shop, { search: report.lab.name ?? "" });
    expect(found.reports.map((r) => r.fileName)).toEqual(["summary.pdf"]);
    const facts = await listCurrentReportFacts(db().prisma, shop);
    expect(facts.map((f) => f.dateTested)).toEqual([report.sample.dateTested]);
  });
});
