import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { writerSettingsSchema } from "~/pipeline/writer-settings";

/**
 * The settings page's data: the writer's settings and auto-publish, stored on the Shop row. The
 * form's fields are parsed with the writer's own schema, so the page cannot store a value the
 * writer would not accept.
 */

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
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, "Use a region code such as US-CA or US."),
});

export type MerchantSettings = {
  brandVoice: string;
  tone: z.infer<typeof settingsFormSchema>["tone"];
  length: z.infer<typeof settingsFormSchema>["length"];
  forbiddenPhrases: string[];
  autoPublish: boolean;
  complianceRegion: string;
};

const storedPhrases = z.array(z.string());

export async function readMerchantSettings(
  db: PrismaClient,
  shop: string,
): Promise<MerchantSettings> {
  const row = await db.shop.findUnique({ where: { domain: shop } });
  const defaults = writerSettingsSchema.parse({});
  if (!row) {
    return {
      brandVoice: defaults.brandVoice,
      tone: defaults.tone,
      length: defaults.length,
      forbiddenPhrases: [],
      autoPublish: false,
      complianceRegion: "US",
    };
  }
  let phrases: string[] = [];
  try {
    phrases = storedPhrases.parse(JSON.parse(row.forbiddenPhrases));
  } catch {
    phrases = [];
  }
  return {
    brandVoice: row.brandVoice,
    tone: writerSettingsSchema.shape.tone.catch(defaults.tone).parse(row.tone),
    // Rows from before the writer named it "standard" say "medium".
    length: writerSettingsSchema.shape.length
      .catch(defaults.length)
      .parse(row.length === "medium" ? "standard" : row.length),
    forbiddenPhrases: phrases,
    autoPublish: row.autoPublish,
    complianceRegion: row.complianceRegion,
  };
}

export type SaveSettingsResult =
  | { ok: true; settings: MerchantSettings }
  | { ok: false; fieldErrors: Partial<Record<keyof MerchantSettings, string>> };

export async function saveMerchantSettings(
  db: PrismaClient,
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
  const settings = parsed.data;
  const data = { ...settings, forbiddenPhrases: JSON.stringify(settings.forbiddenPhrases) };
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, ...data },
    update: data,
  });
  return { ok: true, settings };
}
