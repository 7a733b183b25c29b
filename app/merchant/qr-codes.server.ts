import type { Db } from "~/models/database.server";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import { readShopOrigin } from "~/integrations/shopify-admin-shop.server";
import { qrCodePng, qrCodeSvg } from "~/integrations/qr-code.server";
import { findReportBatch, listBatchLabels } from "~/models/published-batch.server";
import { batchLookupUrl } from "~/pipeline/lookup-url";
import { renderLabelSheet } from "./qr-label-sheet";

/**
 * QR codes that open a batch's lookup page on the shop's own domain (the package requirement of,
 * e.g., California's hemp law: a code that leads to that batch's COA), one per report as SVG or PNG,
 * and a printable sheet of label-sized codes for many batches.
 */

export type QrDeps = { db: Db; admin: AdminGraphql };
export type QrFormat = "svg" | "png";

export type QrFile =
  | { ok: true; fileName: string; contentType: string; body: string | Uint8Array; url: string }
  | { ok: false; reason: "not-found" | "no-batch" };

function fileSafe(batch: string): string {
  return batch.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
}

export async function reportQrCode(
  deps: QrDeps,
  shop: string,
  reportId: string,
  format: QrFormat,
): Promise<QrFile> {
  const report = await findReportBatch(deps.db, shop, reportId);
  if (!report) return { ok: false, reason: "not-found" };
  if (!report.batch) return { ok: false, reason: "no-batch" };
  const url = batchLookupUrl(await readShopOrigin(deps.admin), report.batch);
  const fileName = `qr-batch-${fileSafe(report.batch)}.${format}`;
  return format === "svg"
    ? { ok: true, fileName, contentType: "image/svg+xml", body: await qrCodeSvg(url), url }
    : { ok: true, fileName, contentType: "image/png", body: await qrCodePng(url), url };
}

/** The label sheet for the chosen reports (or the latest published batches), as an HTML page. */
export async function batchLabelSheet(
  deps: QrDeps,
  shop: string,
  reportIds: string[],
): Promise<string> {
  const labels = await listBatchLabels(deps.db, shop, { ids: reportIds });
  const origin = await readShopOrigin(deps.admin);
  const withCodes = await Promise.all(
    labels.map(async (label) => {
      const url = batchLookupUrl(origin, label.batch);
      return { ...label, url, svg: await qrCodeSvg(url) };
    }),
  );
  return renderLabelSheet(withCodes);
}
