import { cropPageImage } from "~/integrations/page-image-crop.server";
import type { Db } from "~/models/database.server";
import { getPageImage, MAX_PAGE_SIDE_PX } from "~/models/lab-report-page-image.server";
import type { PageBox } from "~/pipeline/review-items";

/**
 * A page of a report as the OCR reader painted it, or the part of it around a reading, for the
 * report page's "Values to check". Scoped by shop: another shop's report or page is not found.
 */

export type PageImageFile =
  | { ok: true; png: Uint8Array; width: number; height: number }
  | { ok: false; reason: "not-found" | "unreadable" };

export async function reviewPageImage(
  db: Db,
  shop: string,
  reportId: string,
  page: number,
  box: PageBox | null,
): Promise<PageImageFile> {
  const image = await getPageImage(db, shop, reportId, page);
  if (!image) return { ok: false, reason: "not-found" };
  if (!box) return { ok: true, png: image.png, width: image.width, height: image.height };
  const crop = cropPageImage(image.png, box, { maxSidePx: MAX_PAGE_SIDE_PX });
  if (!crop.ok) return { ok: false, reason: "unreadable" };
  return crop;
}
