import { Prisma, type Description } from "@prisma/client";
import { z } from "zod";
import type { Db } from "~/db.server";
import { stampLabReportWritten } from "./lab-report.server";

// Descriptions belong to the LabReport aggregate; they are versioned per report, never edited in
// place, so what was published stays on record.

export const descriptionSourceSchema = z.enum([
  "model",
  "template",
  "merchant",
  "previous-product",
]);
export type DescriptionSource = z.infer<typeof descriptionSourceSchema>;

export type NewDescription = {
  html: string;
  seoTitle: string;
  seoDescription: string;
  highlights?: string[];
  disclosures?: string[];
  source: DescriptionSource;
  model?: string | null;
  promptVersion?: string | null;
};

export type AddDescriptionResult =
  { ok: true; description: Description } | { ok: false; reason: "not-found" };

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Adds the next version (1, 2, …) for a report of this shop. Two writers racing for the same
 * version number collide on the (shop, reportId, version) unique key; the loser retries.
 */
export async function addDescriptionVersion(
  db: Db,
  shop: string,
  reportId: string,
  input: NewDescription,
): Promise<AddDescriptionResult> {
  const report = await db.labReport.findFirst({
    where: { id: reportId, shop },
    select: { id: true },
  });
  if (!report) return { ok: false, reason: "not-found" };
  for (let attempt = 0; ; attempt++) {
    const last = await db.description.findFirst({
      where: { shop, reportId },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    try {
      const description = await db.description.create({
        data: {
          shop,
          reportId,
          version: (last?.version ?? 0) + 1,
          html: input.html,
          seoTitle: input.seoTitle,
          seoDescription: input.seoDescription,
          highlights: JSON.stringify(input.highlights ?? []),
          disclosures: JSON.stringify(input.disclosures ?? []),
          source: descriptionSourceSchema.parse(input.source),
          model: input.model ?? null,
          promptVersion: input.promptVersion ?? null,
        },
      });
      return { ok: true, description };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

export function latestDescription(
  db: Db,
  shop: string,
  reportId: string,
): Promise<Description | null> {
  return db.description.findFirst({ where: { shop, reportId }, orderBy: { version: "desc" } });
}

export function listDescriptions(db: Db, shop: string, reportId: string): Promise<Description[]> {
  return db.description.findMany({ where: { shop, reportId }, orderBy: { version: "desc" } });
}

/** Stamps the version as published; false when no such description exists for this shop. */
export async function markDescriptionPublished(
  db: Db,
  shop: string,
  descriptionId: string,
  now = new Date(),
): Promise<boolean> {
  const { count } = await db.description.updateMany({
    where: { id: descriptionId, shop },
    data: { publishedAt: now },
  });
  return count === 1;
}

/** Stores what the writer (the model or the built-in template) wrote as the report's next version. */
export async function addWrittenDescription(
  db: Db,
  shop: string,
  reportId: string,
  written: WrittenDescriptionFields,
): Promise<{ id: string }> {
  const added = await addDescriptionVersion(db, shop, reportId, {
    html: written.descriptionHtml,
    seoTitle: written.seoTitle,
    seoDescription: written.seoDescription,
    highlights: written.highlights,
    disclosures: written.disclosures,
    source:
      written.model === "template" || written.model === "template-fallback" ? "template" : "model",
    model: written.model,
    promptVersion: written.promptVersion,
  });
  if (!added.ok) throw new Error(`Lab report ${reportId} of ${shop} does not exist`);
  await stampLabReportWritten(db, shop, reportId, new Date());
  return { id: added.description.id };
}

/** The writer's result as the Description table keeps it (app/pipeline/description.ts). */
export type WrittenDescriptionFields = {
  descriptionHtml: string;
  seoTitle: string;
  seoDescription: string;
  highlights: string[];
  disclosures: string[];
  model: string;
  promptVersion: string;
};

export type DescriptionVersion = Pick<
  Description,
  "id" | "version" | "html" | "seoTitle" | "seoDescription"
>;

/** A given version, or the newest when `descriptionId` is null. */
export function findDescription(
  db: Db,
  shop: string,
  reportId: string,
  descriptionId: string | null,
): Promise<DescriptionVersion | null> {
  return db.description.findFirst({
    where: { shop, reportId, ...(descriptionId ? { id: descriptionId } : {}) },
    orderBy: { version: "desc" },
    select: { id: true, version: true, html: true, seoTitle: true, seoDescription: true },
  });
}

/** The newest version written by the model, the template or the merchant. */
export function latestWrittenDescription(
  db: Db,
  shop: string,
  reportId: string,
): Promise<Description | null> {
  return db.description.findFirst({
    where: { shop, reportId, source: { not: "previous-product" } },
    orderBy: { version: "desc" },
  });
}

/** The product's own description from before the first publish, if it was kept. */
export function findPreviousProductDescription(
  db: Db,
  shop: string,
  reportId: string,
): Promise<Description | null> {
  return db.description.findFirst({
    where: { shop, reportId, source: "previous-product" },
    orderBy: { version: "asc" },
  });
}

/**
 * Keeps the product's description from before publishing as a "previous-product" version, once per
 * report: a retried or repeated publish sees this app's copy on the product and must not overwrite
 * what Restore brings back.
 */
export async function keepPreviousProductDescription(
  db: Db,
  shop: string,
  reportId: string,
  previous: { html: string; seoTitle: string; seoDescription: string },
): Promise<void> {
  const kept = await db.description.count({
    where: { shop, reportId, source: "previous-product" },
  });
  if (kept > 0) return;
  const added = await addDescriptionVersion(db, shop, reportId, {
    ...previous,
    source: "previous-product",
  });
  if (!added.ok) throw new Error(`Lab report ${reportId} of ${shop} does not exist`);
}
