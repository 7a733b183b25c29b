import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { emptyLabReport } from "~/pipeline/lab-report";
import { useTestDatabase } from "../../test/db";
import {
  createLabReport,
  getLabReport,
  getLabReportFile,
  moveLabReport,
  stampLabReportApproved,
  stampLabReportWritten,
  readStoredExtraction,
  storeExtractedReport,
  storeReviewedReport,
} from "./lab-report.server";
import { listLabReportRows } from "./lab-report-list.server";
import { recordInstall } from "./shop.server";

const db = useTestDatabase();
const pdfPath = "test/fixtures/coa/14_cannasafe_grape-cbd-gummies.pdf";

async function upload(shop: string, fileName = "grape-cbd-gummies.pdf", createdAt?: Date) {
  const bytes = await readFile(pdfPath);
  return createLabReport(
    db().prisma,
    {
      shop,
      fileName,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      sizeBytes: bytes.length,
      pageCount: 2,
      productId: "gid://shopify/Product/1",
      productTitle: "Grape CBD Gummies",
      bytes,
    },
    createdAt,
  );
}

describe("lab reports", () => {
  it("stores the uploaded PDF with the report, byte for byte", async () => {
    const report = await upload("files.myshopify.com");
    expect(report.status).toBe("queued");
    const stored = await getLabReportFile(db().prisma, "files.myshopify.com", report.id);
    expect(Buffer.from(stored ?? []).equals(await readFile(pdfPath))).toBe(true);
  });

  it("never shows one shop's report or file to another shop", async () => {
    const report = await upload("owner.myshopify.com");
    await recordInstall(db().prisma, "intruder.myshopify.com");
    expect(await getLabReport(db().prisma, "intruder.myshopify.com", report.id)).toBeNull();
    expect(await getLabReportFile(db().prisma, "intruder.myshopify.com", report.id)).toBeNull();
    expect(
      await moveLabReport(db().prisma, "intruder.myshopify.com", report.id, "extracting"),
    ).toEqual({
      ok: false,
      reason: "not-found",
    });
    expect((await getLabReport(db().prisma, "owner.myshopify.com", report.id))?.status).toBe(
      "queued",
    );
  });

  it("lists a shop's reports newest first, a page at a time, without overlap", async () => {
    const shop = "pages.myshopify.com";
    for (let day = 1; day <= 5; day++)
      await upload(shop, `day-${day}.pdf`, new Date(`2026-01-0${day}`));
    await upload("other-shop.myshopify.com");

    const first = await listLabReportRows(db().prisma, shop, { skip: 0, take: 2 });
    const second = await listLabReportRows(db().prisma, shop, { skip: 2, take: 2 });
    const third = await listLabReportRows(db().prisma, shop, { skip: 4, take: 2 });
    expect([...first, ...second, ...third].map((r) => r.fileName)).toEqual([
      "day-5.pdf",
      "day-4.pdf",
      "day-3.pdf",
      "day-2.pdf",
      "day-1.pdf",
    ]);
    expect(third).toHaveLength(1);
  });

  it("walks the status machine, stamping each step's time, and refuses skipped steps", async () => {
    const shop = "flow.myshopify.com";
    const report = await upload(shop);
    const at = (iso: string) => new Date(iso);
    const prisma = db().prisma;

    expect(await moveLabReport(prisma, shop, report.id, "published")).toEqual({
      ok: false,
      reason: "invalid-transition",
      status: "queued",
    });
    expect(
      await moveLabReport(prisma, shop, report.id, "extracting", {}, at("2026-01-01T00:00:01Z")),
    ).toEqual({ ok: true });
    await storeExtractedReport(
      prisma,
      shop,
      report.id,
      { report: emptyLabReport(), warnings: ["total-thc-computed"] },
      at("2026-01-01T00:00:02Z"),
    );
    await moveLabReport(prisma, shop, report.id, "writing", {}, at("2026-01-01T00:00:03Z"));
    await moveLabReport(
      prisma,
      shop,
      report.id,
      "awaiting-approval",
      {},
      at("2026-01-01T00:00:04Z"),
    );
    // The description's write and the merchant's approval stamp their own times.
    await stampLabReportWritten(prisma, shop, report.id, at("2026-01-01T00:00:04Z"));
    await stampLabReportApproved(prisma, shop, report.id, at("2026-01-01T00:00:05Z"));
    await moveLabReport(prisma, shop, report.id, "publishing", {}, at("2026-01-01T00:00:05Z"));
    await moveLabReport(prisma, shop, report.id, "published", {}, at("2026-01-01T00:00:06Z"));

    const row = await getLabReport(prisma, shop, report.id);
    expect(row?.status).toBe("published");
    expect(
      [
        row?.extractStartedAt,
        row?.extractedAt,
        row?.writtenAt,
        row?.approvedAt,
        row?.publishedAt,
      ].map((d) => d?.toISOString()),
    ).toEqual([
      "2026-01-01T00:00:01.000Z",
      "2026-01-01T00:00:02.000Z",
      "2026-01-01T00:00:04.000Z",
      "2026-01-01T00:00:05.000Z",
      "2026-01-01T00:00:06.000Z",
    ]);
    expect(await readStoredExtraction(prisma, shop, report.id)).toEqual({
      report: emptyLabReport(),
      uncertainFields: [],
      warnings: ["total-thc-computed"],
    });
  });

  it("records why a report failed, and a retry clears it", async () => {
    const shop = "fail.myshopify.com";
    const report = await upload(shop);
    const prisma = db().prisma;
    await moveLabReport(prisma, shop, report.id, "extracting");
    await moveLabReport(prisma, shop, report.id, "failed", {
      errorCode: "encrypted-pdf",
      errorMessage: "The PDF needs a password.",
    });
    expect(await getLabReport(prisma, shop, report.id)).toMatchObject({
      status: "failed",
      errorCode: "encrypted-pdf",
    });

    await moveLabReport(prisma, shop, report.id, "queued");
    expect(await getLabReport(prisma, shop, report.id)).toMatchObject({
      status: "queued",
      errorCode: null,
      failedAt: null,
    });
  });

  it("never moves a published report back to failed", async () => {
    const shop = "late.myshopify.com";
    const report = await upload(shop);
    const prisma = db().prisma;
    for (const to of ["extracting", "writing", "publishing", "published"] as const) {
      expect(await moveLabReport(prisma, shop, report.id, to)).toEqual({ ok: true });
    }
    expect(
      await moveLabReport(prisma, shop, report.id, "failed", { errorCode: "processing-failed" }),
    ).toEqual({ ok: false, reason: "invalid-transition", status: "published" });
    expect(await getLabReport(prisma, shop, report.id)).toMatchObject({
      status: "published",
      errorCode: null,
      failedAt: null,
    });
  });

  it("lets only one of two concurrent identical moves succeed", async () => {
    const shop = "race.myshopify.com";
    const report = await upload(shop);
    const results = await Promise.all([
      moveLabReport(db().prisma, shop, report.id, "extracting"),
      moveLabReport(db().prisma, shop, report.id, "extracting"),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("refuses to store an extraction that does not match the lab report contract", async () => {
    const report = await upload("contract.myshopify.com");
    const broken = { ...emptyLabReport(), cannabinoids: "lots" } as unknown as ReturnType<
      typeof emptyLabReport
    >;
    await expect(
      storeExtractedReport(db().prisma, "contract.myshopify.com", report.id, { report: broken }),
    ).rejects.toThrow();
    expect(
      (await getLabReport(db().prisma, "contract.myshopify.com", report.id))?.report,
    ).toBeNull();
  });

  it("stores a checked report only over the report it was read as, and only while it awaits approval", async () => {
    const shop = "checked.myshopify.com";
    const report = await upload(shop);
    const prisma = db().prisma;
    const read = emptyLabReport();
    await storeExtractedReport(prisma, shop, report.id, { report: read });
    const expected = (await getLabReport(prisma, shop, report.id))?.report ?? "";
    const checked = { ...read, sample: { ...read.sample, batch: "B-7" } };
    const change = { expected, report: checked, uncertainFields: [] };

    // Still queued: a decision cannot land before the report waits for the merchant.
    expect(await storeReviewedReport(prisma, shop, report.id, change)).toBe(false);
    await prisma.labReport.update({
      where: { id: report.id },
      data: { status: "awaiting-approval" },
    });
    expect(await storeReviewedReport(prisma, "other.myshopify.com", report.id, change)).toBe(false);
    expect(await storeReviewedReport(prisma, shop, report.id, change)).toBe(true);
    // A second decision made from the same, now stale, reading is refused.
    expect(await storeReviewedReport(prisma, shop, report.id, change)).toBe(false);
    const row = await getLabReport(prisma, shop, report.id);
    expect(row?.batch).toBe("B-7");
    expect(row?.batchKey).toBe("b-7");
  });
});
