import { z } from "zod";

/**
 * Values the app read but cannot stand behind on its own — an OCR figure no second reading confirmed,
 * two readers that disagree — are withheld from the report's fields and listed here instead, with where
 * on the page they came from, until the merchant confirms or corrects them. See
 * docs/lab-report-contract.md ("Values that need review").
 */
export const reviewReasonSchema = z.enum([
  /** Read by OCR from a page without a text layer; no second, independent reading agreed. */
  "ocr-unconfirmed",
  /** Two independent readings (OCR and a vision model, or two columns) gave different values. */
  "readers-disagree",
  /** Any other path that was unsure (the language-model fallback, an uncertain field). */
  "uncertain",
]);
export type ReviewReason = z.infer<typeof reviewReasonSchema>;

/** A box on a page, as fractions (0–1) of the page's width and height from its top-left corner. */
export const pageBoxSchema = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  width: z.number().min(0).max(1),
  height: z.number().min(0).max(1),
});
export type PageBox = z.infer<typeof pageBoxSchema>;

export const reviewItemSchema = z.object({
  /**
   * Where the value belongs in the report, as a dotted path: "totals.thc", "totals.cbd",
   * "totals.cannabinoids", "totals.terpenes", "cannabinoids.<analyte key>", "terpenes.<analyte key>",
   * "sample.batch", "sample.productName", "sample.dateTested", "lab.name", "lab.license",
   * "safety.<panel key>". Unique within a report.
   */
  field: z.string().min(1),
  /** What the merchant is asked about, in words ("Total THC", "THCa", "Batch"). */
  label: z.string().min(1),
  /** The text as read from the page ("23.4"), or null when nothing legible was read. */
  reading: z.string().nullable(),
  /** The unit the value is in ("%", "mg/g"), or null for text fields. */
  unit: z.string().nullable(),
  /** Values the readers proposed, most likely first (may be empty). */
  candidates: z.array(z.string()),
  reason: reviewReasonSchema,
  /** OCR's confidence in the reading (0–1), where it gave one. */
  confidence: z.number().min(0).max(1).nullable(),
  /** 1-based page the reading came from, and its box there; null when unknown. */
  page: z.number().int().positive().nullable(),
  box: pageBoxSchema.nullable(),
  /** Set once the merchant confirmed (value = the reading) or corrected (another value) it. */
  resolution: z
    .object({
      value: z.string(),
      kind: z.enum(["confirmed", "corrected"]),
      /** ISO timestamp. */
      decidedAt: z.string(),
    })
    .nullable(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

/** A page painted for OCR, kept with the report so the merchant can see where a reading came from. */
export interface ReviewPageImage {
  /** 1-based. */
  page: number;
  width: number;
  height: number;
  /** PNG bytes. */
  png: Uint8Array;
}
