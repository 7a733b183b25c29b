import { Prisma, type Description } from "@prisma/client";
import { z } from "zod";
import type { Db } from "~/db.server";

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
