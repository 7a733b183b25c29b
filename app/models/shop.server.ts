import type { PrismaClient, Shop } from "@prisma/client";
import { z } from "zod";
import type { Db } from "~/db.server";
import { writerSettingsSchema, type WriterSettings } from "~/pipeline/writer-settings";
import { DEFAULT_FRESHNESS_POLICY, type FreshnessPolicy } from "~/pipeline/coa-freshness";
import { readStringList } from "./json-column.server";

export const shopSettingsSchema = z.object({
  brandVoice: z.string().max(2000),
  tone: z.string().min(1).max(40),
  length: z.enum(["short", "standard", "long"]),
  autoPublish: z.boolean(),
  /** "US", a US state ("US-CA"), or another market code the compliance guard knows. */
  complianceRegion: z.string().min(2).max(10),
  forbiddenPhrases: z.array(z.string().min(1).max(200)).max(200),
  /** Months after the test date at which a COA counts as stale. */
  staleAfterMonths: z.number().int().min(1).max(60),
  /** Days before that at which it shows as soon stale. */
  staleWarnDays: z.number().int().min(0).max(365),
});
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

export function settingsOf(shop: Shop): ShopSettings {
  return {
    brandVoice: shop.brandVoice,
    tone: shop.tone,
    length: shopSettingsSchema.shape.length.catch("standard").parse(shop.length),
    autoPublish: shop.autoPublish,
    complianceRegion: shop.complianceRegion,
    forbiddenPhrases: readStringList(shop.forbiddenPhrases),
    staleAfterMonths: shop.staleAfterMonths,
    staleWarnDays: shop.staleWarnDays,
  };
}

/** Called after every successful auth: creates the shop, or marks a returning shop installed. */
export async function recordInstall(db: Db, shop: string, now = new Date()): Promise<Shop> {
  // upsert, not create: two first requests of a new shop may race here.
  const row = await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, installedAt: now },
    update: {},
  });
  // Re-auth of an installed shop keeps installedAt; a shop that had uninstalled starts anew.
  if (!row.uninstalledAt) return row;
  return db.shop.update({
    where: { domain: shop },
    data: { installedAt: now, uninstalledAt: null },
  });
}

export function getShop(db: Db, shop: string): Promise<Shop | null> {
  return db.shop.findUnique({ where: { domain: shop } });
}

export async function getShopSettings(db: Db, shop: string): Promise<ShopSettings | null> {
  const row = await getShop(db, shop);
  return row && settingsOf(row);
}

export type UpdateSettingsResult =
  | { ok: true; settings: ShopSettings }
  | { ok: false; reason: "invalid"; issues: string[] }
  | { ok: false; reason: "unknown-shop" };

export async function updateShopSettings(
  db: Db,
  shop: string,
  patch: unknown,
): Promise<UpdateSettingsResult> {
  const parsed = shopSettingsSchema.partial().strict().safeParse(patch);
  if (!parsed.success) {
    return {
      ok: false,
      reason: "invalid",
      issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    };
  }
  const { forbiddenPhrases, ...columns } = parsed.data;
  const data = {
    ...columns,
    ...(forbiddenPhrases ? { forbiddenPhrases: JSON.stringify(forbiddenPhrases) } : {}),
  };
  const { count } = await db.shop.updateMany({ where: { domain: shop }, data });
  if (count === 0) return { ok: false, reason: "unknown-shop" };
  const row = await db.shop.findUniqueOrThrow({ where: { domain: shop } });
  return { ok: true, settings: settingsOf(row) };
}

export async function markShopUninstalled(db: Db, shop: string, now = new Date()): Promise<void> {
  await db.shop.updateMany({
    where: { domain: shop, uninstalledAt: null },
    data: { uninstalledAt: now },
  });
}

export type ErasedRows = Record<
  | "descriptions"
  | "labReportFiles"
  | "labReportPageImages"
  | "labReports"
  | "subscriptions"
  | "activityLogs"
  | "webhookDeliveries"
  | "sessions"
  | "apiTokens"
  | "shops",
  number
>;

/**
 * Deletes every row the app holds for a shop, in every table, in one transaction (shop/redact,
 * GDPR). Deletes children explicitly rather than relying on cascades, so the counts say what went.
 * A new table with a `shop` column must be added here (the test lists the tables and fails).
 */
export async function eraseShopData(db: PrismaClient, shop: string): Promise<ErasedRows> {
  const where = { shop };
  const [
    descriptions,
    labReportFiles,
    labReportPageImages,
    labReports,
    subscriptions,
    activityLogs,
    webhookDeliveries,
    sessions,
    apiTokens,
    shops,
  ] = await db.$transaction([
    db.description.deleteMany({ where }),
    db.labReportFile.deleteMany({ where }),
    db.labReportPageImage.deleteMany({ where }),
    db.labReport.deleteMany({ where }),
    db.subscription.deleteMany({ where }),
    db.activityLog.deleteMany({ where }),
    db.webhookDelivery.deleteMany({ where }),
    db.session.deleteMany({ where }),
    // Its request windows go with it (ON DELETE CASCADE).
    db.apiToken.deleteMany({ where }),
    db.shop.deleteMany({ where: { domain: shop } }),
  ]);
  return {
    descriptions: descriptions.count,
    labReportFiles: labReportFiles.count,
    labReportPageImages: labReportPageImages.count,
    labReports: labReports.count,
    subscriptions: subscriptions.count,
    activityLogs: activityLogs.count,
    webhookDeliveries: webhookDeliveries.count,
    sessions: sessions.count,
    apiTokens: apiTokens.count,
    shops: shops.count,
  };
}

/** What the pipeline reads of an installed shop; null once it uninstalled. */
export interface ShopPipelineSettings {
  autoPublish: boolean;
  writer: WriterSettings;
}

export async function readShopPipelineSettings(
  db: Db,
  shop: string,
): Promise<ShopPipelineSettings | null> {
  const row = await db.shop.findFirst({ where: { domain: shop, uninstalledAt: null } });
  if (!row) return null;
  return { autoPublish: row.autoPublish, writer: writerSettingsOf(row) };
}

/** The Shop row's writer columns; a value the writer does not know falls back to its default. */
function writerSettingsOf(row: Shop): WriterSettings {
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

/** The shop's freshness policy; the default for a shop the app does not hold. */
export async function readFreshnessPolicy(db: Db, shop: string): Promise<FreshnessPolicy> {
  const row = await db.shop.findUnique({
    where: { domain: shop },
    select: { staleAfterMonths: true, staleWarnDays: true },
  });
  if (!row) return DEFAULT_FRESHNESS_POLICY;
  return { staleAfterMonths: row.staleAfterMonths, warnDays: row.staleWarnDays };
}

/** Domains of the shops that have the app installed, in a stable order. */
export async function listInstalledShops(db: Db): Promise<string[]> {
  const rows = await db.shop.findMany({
    where: { uninstalledAt: null },
    select: { domain: true },
    orderBy: { domain: "asc" },
  });
  return rows.map((row) => row.domain);
}

/** The plan name the shop is on ("free" when no subscription is active). */
export async function setShopPlan(db: Db, shop: string, plan: string): Promise<void> {
  await db.shop.updateMany({ where: { domain: shop }, data: { plan } });
}
