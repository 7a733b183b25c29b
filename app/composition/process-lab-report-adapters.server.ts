import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "~/integrations/shopify-admin-client.server";
import type { UploadDeps } from "~/integrations/shopify-admin-files.server";
import { publishLabReport } from "~/integrations/shopify-admin.server";
import { createPageOcr } from "~/integrations/page-ocr.server";
import { readPdfText } from "~/integrations/pdf-text.server";
import { extractLabReport } from "~/pipeline/extract-lab-report";
import type { LanguageModel } from "~/pipeline/language-model";
import { writeDescription } from "~/pipeline/write-description";
import { createLabReportStore } from "~/inngest/lab-report-store.server";
import type { ProcessLabReportDeps } from "~/inngest/process-lab-report-ports";

export interface PipelineDepsOptions {
  db: PrismaClient;
  /** Writes (and rescues unreadable layouts) with the model; without one, the built-in writer. */
  languageModel?: LanguageModel;
  /** The Admin API for a shop, from its offline session. */
  adminFor(shop: string): Promise<AdminGraphql>;
  pdf?: { maxPages?: number; timeoutMs?: number };
  /** Staged-upload options (tests pass a no-op sleep). */
  upload?: Omit<UploadDeps, "admin">;
  now?: () => Date;
}

/** The real pieces behind process-lab-report's ports: Prisma, pdf-parse, the writer, Shopify. */
export function createPipelineDeps(options: PipelineDepsOptions): ProcessLabReportDeps {
  const { languageModel } = options;
  return {
    ...createLabReportStore(options.db),
    now: options.now ?? (() => new Date()),

    async readLabReport(pdf) {
      const text = await readPdfText(pdf, options.pdf ?? {});
      if (!text.ok) return { ok: false, error: text.error };
      const extracted = await extractLabReport(text.document, {
        ...(languageModel ? { languageModel } : {}),
        pageOcr: createPageOcr(pdf),
      });
      if (!extracted.ok) return { ok: false, error: extracted.error };
      return {
        ok: true,
        extraction: {
          report: extracted.report,
          warnings: extracted.report.warnings,
          uncertainFields: extracted.uncertainFields,
        },
      };
    },

    async writeDescription({ report, product, settings }) {
      const written = await writeDescription(
        { report, product, settings },
        languageModel ? { languageModel } : {},
      );
      return { description: written.description, warnings: written.warnings };
    },

    async publish({ shop, productId, description, report, coaFile, keepPrevious }) {
      const result = await publishLabReport({
        ...options.upload,
        admin: await options.adminFor(shop),
        productId,
        description: {
          descriptionHtml: description.html,
          seoTitle: description.seoTitle,
          seoDescription: description.seoDescription,
        },
        report,
        coaFile: { filename: coaFile.fileName, bytes: coaFile.bytes },
        beforeUpdate: (previous) =>
          keepPrevious({
            html: previous.descriptionHtml,
            seoTitle: previous.seo.title ?? "",
            seoDescription: previous.seo.description ?? "",
          }),
      });
      if (!result.ok) {
        return {
          ok: false,
          error: {
            code: `shopify-${result.step}`,
            message: `Shopify did not accept the update: ${result.userErrors.map((e) => e.message).join(" ")}`,
          },
        };
      }
      return { ok: true };
    },
  };
}
