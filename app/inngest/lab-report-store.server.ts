import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { labReportSchema } from "~/pipeline/lab-report";
import { writerSettingsSchema, type WriterSettings } from "~/pipeline/writer-settings";
import {
  LAB_REPORT_STATUSES,
  type LabReportStatus,
  type ProcessLabReportDeps,
  type ReportRecord,
} from "./process-lab-report-ports";

/**
 * process-lab-report's storage ports on Prisma (the LabReport, Description, Shop and ActivityLog
 * tables of prisma/models.prisma). Every query is scoped by shop. JSON columns are parsed with zod
 * on the way out: a row is outside data as far as the pipeline is concerned.
 */

type StorePorts = Pick<ProcessLabReportDeps, "reports" | "shops" | "activity">;

const stringArray = z.array(z.string());

/** The timestamp column each status sets (the rest are set by the write that causes them). */
const STATUS_TIMESTAMP: Partial<
  Record<LabReportStatus, "extractStartedAt" | "publishedAt" | "failedAt">
> = { extracting: "extractStartedAt", published: "publishedAt", failed: "failedAt" };

export function createLabReportStore(db: PrismaClient): StorePorts {
  async function update(shop: string, id: string, data: Record<string, unknown>): Promise<void> {
    const { count } = await db.labReport.updateMany({ where: { shop, id }, data });
    if (count === 0) throw new Error(`Lab report ${id} of ${shop} does not exist`);
  }

  return {
    reports: {
      async find(shop, id): Promise<ReportRecord | null> {
        const row = await db.labReport.findFirst({
          where: { shop, id },
          select: {
            id: true,
            shop: true,
            status: true,
            productId: true,
            productTitle: true,
            fileName: true,
          },
        });
        if (!row) return null;
        return { ...row, status: z.enum(LAB_REPORT_STATUSES).parse(row.status) };
      },
      async readPdf(shop, reportId) {
        const row = await db.labReportFile.findFirst({
          where: { shop, reportId },
          select: { bytes: true },
        });
        return row ? new Uint8Array(row.bytes) : null;
      },
      async setStatus(shop, id, status, at) {
        const column = STATUS_TIMESTAMP[status];
        // A new attempt clears the previous attempt's failure.
        const clear =
          status === "extracting" ? { errorCode: null, errorMessage: null, failedAt: null } : {};
        await update(shop, id, { status, ...clear, ...(column ? { [column]: at } : {}) });
      },
      async fail(shop, id, reason, at) {
        await update(shop, id, {
          status: "failed",
          errorCode: reason.code,
          errorMessage: reason.message,
          failedAt: at,
        });
      },
      async saveExtraction(shop, id, extraction) {
        await update(shop, id, {
          report: JSON.stringify(extraction.report),
          warnings: JSON.stringify(extraction.warnings),
          uncertainFields: JSON.stringify(extraction.uncertainFields),
          extractedAt: new Date(),
        });
      },
      async readExtraction(shop, id) {
        const row = await db.labReport.findFirst({
          where: { shop, id },
          select: { report: true, warnings: true, uncertainFields: true },
        });
        if (!row?.report) return null;
        return {
          report: labReportSchema.parse(JSON.parse(row.report)),
          warnings: stringArray.parse(JSON.parse(row.warnings)),
          uncertainFields: stringArray.parse(JSON.parse(row.uncertainFields)),
        };
      },
      async saveDescription(shop, reportId, written) {
        return db.$transaction(async (tx) => {
          const last = await tx.description.findFirst({
            where: { shop, reportId },
            orderBy: { version: "desc" },
            select: { version: true },
          });
          const row = await tx.description.create({
            data: {
              shop,
              reportId,
              version: (last?.version ?? 0) + 1,
              html: written.descriptionHtml,
              seoTitle: written.seoTitle,
              seoDescription: written.seoDescription,
              highlights: JSON.stringify(written.highlights),
              disclosures: JSON.stringify(written.disclosures),
              source:
                written.model === "template" || written.model === "template-fallback"
                  ? "template"
                  : "model",
              model: written.model,
              promptVersion: written.promptVersion,
            },
            select: { id: true },
          });
          await tx.labReport.updateMany({
            where: { shop, id: reportId },
            data: { writtenAt: new Date() },
          });
          return row;
        });
      },
      async readDescription(shop, reportId, descriptionId) {
        const row = await db.description.findFirst({
          where: { shop, reportId, ...(descriptionId ? { id: descriptionId } : {}) },
          orderBy: { version: "desc" },
          select: { id: true, html: true, seoTitle: true, seoDescription: true },
        });
        return row;
      },
      async keepPreviousDescription(shop, reportId, previous) {
        // The merchant's own copy is the first one seen for this report; a retried or repeated
        // publish sees this app's copy on the product and must not overwrite what Restore brings back.
        const kept = await db.description.count({
          where: { shop, reportId, source: "previous-product" },
        });
        if (kept > 0) return;
        const last = await db.description.findFirst({
          where: { shop, reportId },
          orderBy: { version: "desc" },
          select: { version: true },
        });
        await db.description.create({
          data: {
            shop,
            reportId,
            version: (last?.version ?? 0) + 1,
            html: previous.html,
            seoTitle: previous.seoTitle,
            seoDescription: previous.seoDescription,
            source: "previous-product",
          },
        });
      },
      async markPublished(shop, reportId, descriptionId, at) {
        await db.$transaction([
          db.description.updateMany({
            where: { shop, reportId, id: descriptionId },
            data: { publishedAt: at },
          }),
          db.labReport.updateMany({
            where: { shop, id: reportId },
            data: { status: "published", publishedAt: at, errorCode: null, errorMessage: null },
          }),
        ]);
      },
    },
    shops: {
      async settings(shop) {
        const row = await db.shop.findFirst({ where: { domain: shop, uninstalledAt: null } });
        if (!row) return null;
        return { autoPublish: row.autoPublish, writer: writerSettingsOf(row) };
      },
    },
    activity: {
      async record(entry) {
        await db.activityLog.create({
          data: {
            shop: entry.shop,
            actor: "system",
            action: entry.action,
            target: entry.target,
            details: JSON.stringify(entry.details),
          },
        });
      },
    },
  };
}

/** The Shop row's writer columns; a value the writer does not know falls back to its default. */
function writerSettingsOf(row: {
  brandVoice: string;
  tone: string;
  length: string;
  forbiddenPhrases: string;
  complianceRegion: string;
}): WriterSettings {
  const defaults = writerSettingsSchema.parse({});
  const pick = <K extends keyof WriterSettings>(key: K, value: unknown): WriterSettings[K] => {
    const parsed = writerSettingsSchema.shape[key].safeParse(value);
    return parsed.success ? (parsed.data as WriterSettings[K]) : defaults[key];
  };
  let phrases: unknown = [];
  try {
    phrases = JSON.parse(row.forbiddenPhrases);
  } catch {
    phrases = [];
  }
  return {
    ...defaults,
    brandVoice: pick("brandVoice", row.brandVoice),
    tone: pick("tone", row.tone),
    length: pick("length", row.length),
    forbiddenPhrases: pick("forbiddenPhrases", phrases),
    region: pick("region", row.complianceRegion),
  };
}
