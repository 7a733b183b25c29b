import type { PrismaClient } from "@prisma/client";
import type { Db } from "~/db.server";
import type { ReviewPageImage } from "~/pipeline/review-items";

/**
 * The COA's pages as the OCR reader painted them, kept with the report so the merchant can check a
 * reading against the spot it came from (docs/decisions/018-reviewing-readings-against-the-page.md).
 * Rows reference (shop, report id), so an image can never belong to another shop's report, and go
 * with the report (ON DELETE CASCADE) and with the shop (eraseShopData).
 */

/** Pages kept per report: the OCR reader paints at most a handful. */
export const MAX_STORED_PAGES = 20;
/** A page painted at 200 dpi is about 1,700 × 2,200 px; anything far larger is not a page. */
export const MAX_PAGE_SIDE_PX = 5_000;
/** A painted page is a few hundred kilobytes; the cap keeps a pathological one out of the table. */
export const MAX_PAGE_PNG_BYTES = 8_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function storable(image: ReviewPageImage): boolean {
  return (
    Number.isInteger(image.page) &&
    image.page >= 1 &&
    Number.isInteger(image.width) &&
    Number.isInteger(image.height) &&
    image.width >= 1 &&
    image.height >= 1 &&
    image.width <= MAX_PAGE_SIDE_PX &&
    image.height <= MAX_PAGE_SIDE_PX &&
    image.png.byteLength <= MAX_PAGE_PNG_BYTES &&
    PNG_SIGNATURE.every((byte, i) => image.png[i] === byte)
  );
}

/**
 * Keeps the report's page images: the first image of each page within the bounds above, replacing
 * any stored before, in one transaction — a retried extraction stores the same set again, never a
 * second copy. Returns how many pages were stored.
 */
export async function storePageImages(
  db: PrismaClient,
  shop: string,
  labReportId: string,
  images: readonly ReviewPageImage[],
): Promise<number> {
  const byPage = new Map<number, ReviewPageImage>();
  for (const image of images) {
    if (byPage.size >= MAX_STORED_PAGES) break;
    if (storable(image) && !byPage.has(image.page)) byPage.set(image.page, image);
  }
  const rows = [...byPage.values()].map((image) => ({
    shop,
    labReportId,
    page: image.page,
    width: image.width,
    height: image.height,
    png: Uint8Array.from(image.png),
  }));
  await db.$transaction([
    db.labReportPageImage.deleteMany({ where: { shop, labReportId } }),
    ...(rows.length > 0 ? [db.labReportPageImage.createMany({ data: rows })] : []),
  ]);
  return rows.length;
}

/** One page's image; null when the report, the page or the image is not this shop's. */
export async function getPageImage(
  db: Db,
  shop: string,
  labReportId: string,
  page: number,
): Promise<ReviewPageImage | null> {
  const row = await db.labReportPageImage.findFirst({
    where: { shop, labReportId, page },
    select: { page: true, width: true, height: true, png: true },
  });
  return row ? { ...row, png: new Uint8Array(row.png) } : null;
}

/** The pages of the report that have an image, in order (without the bytes). */
export async function listPageImagePages(
  db: Db,
  shop: string,
  labReportId: string,
): Promise<number[]> {
  const rows = await db.labReportPageImage.findMany({
    where: { shop, labReportId },
    select: { page: true },
    orderBy: { page: "asc" },
  });
  return rows.map((row) => row.page);
}
