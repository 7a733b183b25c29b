import { z } from "zod";

/** The shop's settings the description writer honours (stored on the Shop row). */
export const writerSettingsSchema = z.object({
  /** Free text from the merchant, e.g. "laid-back, West Coast, no slang". Style only, never rules. */
  brandVoice: z.string().max(1_000).default(""),
  tone: z.enum(["friendly", "clinical", "premium"]).default("friendly"),
  length: z.enum(["short", "standard", "long"]).default("standard"),
  /** Phrases the shop never wants in its copy, on top of the built-in banned claims. */
  forbiddenPhrases: z.array(z.string().trim().min(1)).default([]),
  /** BCP 47 language tag. The built-in writer writes English; the model path accepts others. */
  language: z.string().min(2).default("en"),
  /** ISO 3166-2 region of the shop, e.g. "US-CA"; decides region-specific disclosures. */
  region: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, "a region like US-CA")
    .nullable()
    .default(null),
});

export type WriterSettings = z.infer<typeof writerSettingsSchema>;
export type Tone = WriterSettings["tone"];
export type DescriptionLength = WriterSettings["length"];

export function defaultWriterSettings(): WriterSettings {
  return writerSettingsSchema.parse({});
}
