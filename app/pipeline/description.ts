import { z } from "zod";

/** The description the writer returns (docs/decisions/008-description-compliance-guard.md). */
export const descriptionSchema = z.object({
  /** Sanitised HTML: p, h3, ul, li, strong, em, table (potency summary), a with an https href. */
  descriptionHtml: z.string(),
  seoTitle: z.string(),
  seoDescription: z.string(),
  /** Short plain-text facts, e.g. "Total THC 21.3%". */
  highlights: z.array(z.string()),
  /** Plain-text disclosures, also rendered at the end of descriptionHtml. */
  disclosures: z.array(z.string()),
  /** "template", the model's name, or "template-fallback" when the model's copy failed the guard. */
  model: z.string(),
  promptVersion: z.string(),
});
export type Description = z.infer<typeof descriptionSchema>;

export const descriptionWarningSchema = z.object({
  /** Stable code, e.g. "hemp-d9-thc-over-limit", "model-output-failed-guard". */
  code: z.string(),
  message: z.string(),
  /** When true the description waits for the merchant's confirmation even if auto-publish is on. */
  blocksAutoPublish: z.boolean(),
});
export type DescriptionWarning = z.infer<typeof descriptionWarningSchema>;
