import { readFile } from "node:fs/promises";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import type { ReviewPageImage } from "~/pipeline/review-items";
import { useTestDatabase } from "../../test/db";
import { createLabReport } from "./lab-report.server";
import {
  getPageImage,
  listPageImagePages,
  MAX_PAGE_SIDE_PX,
  MAX_STORED_PAGES,
  storePageImages,
} from "./lab-report-page-image.server";
import { eraseShopData } from "./shop.server";

const db = useTestDatabase();

function page(number: number, width = 40, height = 52): ReviewPageImage {
  const png = new PNG({ width, height });
  png.data.fill(number * 20);
  return { page: number, width, height, png: new Uint8Array(PNG.sync.write(png)) };
}

async function upload(shop: string) {
  return createLabReport(db().prisma, {
    shop,
    fileName: "scan.pdf",
    sha256: "c".repeat(64),
    sizeBytes: 4,
    bytes: await readFile("test/fixtures/coa/01_sc-labs_cherry-punch.pdf"),
  });
}

describe("a report's page pictures", () => {
  it("are stored once per page: a retried extraction replaces them instead of adding copies", async () => {
    const shop = "pages-once.myshopify.com";
    const report = await upload(shop);
    expect(await storePageImages(db().prisma, shop, report.id, [page(1), page(2)])).toBe(2);
    expect(await storePageImages(db().prisma, shop, report.id, [page(2), page(1), page(1)])).toBe(
      2,
    );

    expect(await db().prisma.labReportPageImage.count({ where: { labReportId: report.id } })).toBe(
      2,
    );
    expect(await listPageImagePages(db().prisma, shop, report.id)).toEqual([1, 2]);
    const stored = await getPageImage(db().prisma, shop, report.id, 2);
    expect(Buffer.from(stored?.png ?? []).equals(Buffer.from(page(2).png))).toBe(true);
  });

  it("keep out what is not a page picture: not a PNG, too large, a page number below 1, too many", async () => {
    const shop = "pages-bounded.myshopify.com";
    const report = await upload(shop);
    const notPng = { ...page(1), png: new TextEncoder().encode("%PDF-1.7 not a picture") };
    const huge = { ...page(2), width: MAX_PAGE_SIDE_PX + 1 };
    const zeroth = page(0);
    const many = Array.from({ length: MAX_STORED_PAGES + 5 }, (_, i) => page(i + 3));

    const count = await storePageImages(db().prisma, shop, report.id, [
      notPng,
      huge,
      zeroth,
      ...many,
    ]);

    expect(count).toBe(MAX_STORED_PAGES);
    const pages = await listPageImagePages(db().prisma, shop, report.id);
    expect(pages).not.toContain(1);
    expect(pages).not.toContain(2);
    expect(pages).not.toContain(0);
  });

  it("are never another shop's to read", async () => {
    const report = await upload("pages-owner.myshopify.com");
    await storePageImages(db().prisma, "pages-owner.myshopify.com", report.id, [page(1)]);
    expect(
      await getPageImage(db().prisma, "pages-intruder.myshopify.com", report.id, 1),
    ).toBeNull();
    expect(
      await listPageImagePages(db().prisma, "pages-intruder.myshopify.com", report.id),
    ).toEqual([]);
    // Rows reference (shop, report id): one cannot be attached to another shop's report.
    await expect(
      storePageImages(db().prisma, "pages-intruder.myshopify.com", report.id, [page(1)]),
    ).rejects.toThrow();
  });

  it("are removed with their report, and with the shop on shop/redact", async () => {
    const shop = "pages-removed.myshopify.com";
    const deleted = await upload(shop);
    const kept = await upload(shop);
    await storePageImages(db().prisma, shop, deleted.id, [page(1), page(2)]);
    await storePageImages(db().prisma, shop, kept.id, [page(1)]);

    await db().prisma.labReport.delete({ where: { id: deleted.id } });
    expect(await db().prisma.labReportPageImage.count({ where: { labReportId: deleted.id } })).toBe(
      0,
    );
    expect(await listPageImagePages(db().prisma, shop, kept.id)).toEqual([1]);

    const erased = await eraseShopData(db().prisma, shop);
    expect(erased.labReportPageImages).toBe(1);
    expect(await db().prisma.labReportPageImage.count({ where: { shop } })).toBe(0);
  });
});
