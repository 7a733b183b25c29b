import type { Db } from "~/models/database.server";
import { getShopSettings, updateShopSettings } from "~/models/shop.server";
import { recordActivity } from "~/models/activity.server";
import { z } from "zod";
import { writerSettingsSchema } from "~/pipeline/writer-settings";
import { isSupportedRegion } from "~/pipeline/regions";
import { DEFAULT_FRESHNESS_POLICY } from "~/pipeline/coa-freshness";

/**
 * The settings page's data: the writer's settings, auto-publish and when a COA counts as stale,
 * stored on the Shop row. The form's fields are parsed with the writer's own schema, so the page
 * cannot store a value the writer would not accept. A form without the freshness fields leaves
 * them as they are.
 */

/** A form field holding a whole number in [min, max]; blank or not a number is a clear error. */
function wholeNumber(unit: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `Enter a whole number of ${unit}.`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `Enter ${min} ${unit} or more.`)
        .max(max, `Enter ${max} ${unit} or fewer.`),
    );
}

export const settingsFormSchema = z.object({
  brandVoice: writerSettingsSchema.shape.brandVoice,
  tone: writerSettingsSchema.shape.tone,
  length: writerSettingsSchema.shape.length,
  /** One phrase per line in the form. */
  forbiddenPhrases: z
    .string()
    .max(5_000)
    .transform((text) =>
      text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== ""),
    ),
  autoPublish: z.preprocess((value) => value === "on" || value === "true", z.boolean()),
  complianceRegion: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isSupportedRegion, "Choose where you sell from the list."),
  staleAfterMonths: wholeNumber("months", 1, 60).optional(),
  staleWarnDays: wholeNumber("days", 0, 365).optional(),
});

export type MerchantSettings = {
  brandVoice: string;
  tone: z.infer<typeof settingsFormSchema>["tone"];
  length: z.infer<typeof settingsFormSchema>["length"];
  forbiddenPhrases: string[];
  autoPublish: boolean;
  complianceRegion: string;
  staleAfterMonths: number;
  staleWarnDays: number;
};

const DEFAULTS: MerchantSettings = {
  brandVoice: "",
  tone: "friendly",
  length: "standard",
  forbiddenPhrases: [],
  autoPublish: false,
  complianceRegion: "US",
  staleAfterMonths: DEFAULT_FRESHNESS_POLICY.staleAfterMonths,
  staleWarnDays: DEFAULT_FRESHNESS_POLICY.warnDays,
};

export async function readMerchantSettings(db: Db, shop: string): Promise<MerchantSettings> {
  const stored = await getShopSettings(db, shop);
  if (!stored) return DEFAULTS;
  return {
    brandVoice: stored.brandVoice,
    tone: writerSettingsSchema.shape.tone.catch(DEFAULTS.tone).parse(stored.tone),
    length: stored.length,
    forbiddenPhrases: stored.forbiddenPhrases,
    autoPublish: stored.autoPublish,
    complianceRegion: stored.complianceRegion,
    staleAfterMonths: stored.staleAfterMonths,
    staleWarnDays: stored.staleWarnDays,
  };
}

export type SaveSettingsResult =
  | { ok: true; settings: MerchantSettings }
  | { ok: false; fieldErrors: Partial<Record<keyof MerchantSettings | "form", string>> };

export async function saveMerchantSettings(
  db: Db,
  shop: string,
  form: Record<string, unknown>,
): Promise<SaveSettingsResult> {
  const parsed = settingsFormSchema.safeParse({ autoPublish: "off", ...form });
  if (!parsed.success) {
    const fieldErrors: Partial<Record<keyof MerchantSettings, string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof MerchantSettings | undefined;
      if (key && !fieldErrors[key]) fieldErrors[key] = issue.message;
    }
    return { ok: false, fieldErrors };
  }
  const { staleAfterMonths, staleWarnDays, ...settings } = parsed.data;
  const saved = await updateShopSettings(db, shop, {
    ...settings,
    ...(staleAfterMonths === undefined ? {} : { staleAfterMonths }),
    ...(staleWarnDays === undefined ? {} : { staleWarnDays }),
  });
  if (!saved.ok) {
    const message =
      saved.reason === "invalid" ? saved.issues.join("; ") : "This shop is not installed.";
    return { ok: false, fieldErrors: { form: message } };
  }
  await recordActivity(db, { shop, actor: "merchant", action: "settings.saved" });
  return {
    ok: true,
    settings: {
      ...settings,
      staleAfterMonths: saved.settings.staleAfterMonths,
      staleWarnDays: saved.settings.staleWarnDays,
    },
  };
}
