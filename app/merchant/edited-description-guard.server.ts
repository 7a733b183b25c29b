import { checkDescription, type GuardedCopy, type Violation } from "~/pipeline/compliance-guard";
import { defaultWriterSettings } from "~/pipeline/writer-settings";
import type { Db } from "~/models/database.server";
import { readStoredExtraction } from "~/models/lab-report.server";
import { readShopPipelineSettings } from "~/models/shop.server";

/**
 * The merchant's own edit passes the same compliance guard as the writers' copy
 * (docs/decisions/008-description-compliance-guard.md) before it is stored: the figures must be the
 * report's, no health or legal claim (however it is spelled), none of the shop's forbidden phrases,
 * and the facts the report holds still stated.
 */
export type EditedCopyCheck =
  | { ok: true }
  | { ok: false; reason: "no-extraction" }
  | { ok: false; reason: "refused"; refusals: string[] };

export async function checkEditedDescription(
  db: Db,
  input: { shop: string; reportId: string; productTitle: string | null; copy: GuardedCopy },
): Promise<EditedCopyCheck> {
  const [extraction, settings] = await Promise.all([
    readStoredExtraction(db, input.shop, input.reportId),
    readShopPipelineSettings(db, input.shop),
  ]);
  if (!extraction) return { ok: false, reason: "no-extraction" };
  const guard = checkDescription(input.copy, {
    report: extraction.report,
    settings: settings?.writer ?? defaultWriterSettings(),
    productTitle: input.productTitle ?? "",
  });
  if (guard.ok) return { ok: true };
  return { ok: false, reason: "refused", refusals: refusalLines(guard.violations) };
}

/** One line a merchant can act on per refusal, the refused words quoted; repeats said once. */
function refusalLines(violations: Violation[]): string[] {
  const lines = violations.map((v) => {
    const text =
      v.rule === "missing-required" ? `It must still state ${v.detail}.` : sentence(v.detail);
    return v.field === "descriptionHtml" ? text : `${fieldName(v.field)}: ${text}`;
  });
  return [...new Set(lines)];
}

function sentence(detail: string): string {
  // The guard's "makes a … claim" reads "an anxiety claim", "an FDA approved claim" to a merchant.
  const text = detail.replace(/\bmakes a (?=[aeiou]|FDA\b)/i, "makes an ");
  return text.charAt(0).toUpperCase() + text.slice(1) + ".";
}

function fieldName(field: string): string {
  if (field === "seoTitle") return "Search engine title";
  if (field === "seoDescription") return "Search engine description";
  return field;
}
