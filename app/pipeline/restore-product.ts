import { LAB_RESULTS_KEYS } from "./publish-plan";
import type {
  PortResult,
  PreviousLabData,
  ReferenceKey,
  ShopifyPublishingPort,
  ShopifyRefusal,
} from "./shopify-publishing-port";

/**
 * Puts a product back as it was before a report's first publish: the lab block's metafields (a key
 * it did not have is removed), the product's and variants' batch references (an empty one is
 * emptied again), then the description last, as publishing does. Batch entries stay: ADR 014 keeps
 * them, and with no reference left a shopper no longer reaches one through the product.
 */

export type RestoreStep = "set-metafields" | "set-references" | "update-description";

export type RestoreProductPort = Pick<
  ShopifyPublishingPort,
  | "setLabResultsMetafields"
  | "removeLabResultsMetafields"
  | "setLabReportReferences"
  | "removeLabReportReferences"
  | "updateProductDescription"
>;

export type RestoreProductResult =
  { ok: true } | { ok: false; step: RestoreStep; userErrors: ShopifyRefusal[] };

export async function restoreProduct(
  port: RestoreProductPort,
  input: {
    productId: string;
    description: { html: string; seoTitle: string; seoDescription: string };
    /** Null for a report published before the lab data was kept: only the description returns. */
    labData: PreviousLabData | null;
  },
): Promise<RestoreProductResult> {
  const fail = (step: RestoreStep, result: PortResult<unknown>): RestoreProductResult => ({
    ok: false,
    step,
    userErrors: result.ok ? [] : result.userErrors,
  });

  if (input.labData) {
    const restored = await restoreLabData(port, input.productId, input.labData);
    if (!restored.ok) return restored;
  }

  const updated = await port.updateProductDescription(input.productId, {
    descriptionHtml: input.description.html,
    seo: { title: input.description.seoTitle, description: input.description.seoDescription },
  });
  if (!updated.ok) return fail("update-description", updated);
  return { ok: true };
}

/** The lab block's metafields and the batch references back as they were; the description stays. */
export async function restoreLabData(
  port: Omit<RestoreProductPort, "updateProductDescription">,
  productId: string,
  labData: PreviousLabData,
): Promise<RestoreProductResult> {
  const fail = (step: RestoreStep, result: PortResult<unknown>): RestoreProductResult => ({
    ok: false,
    step,
    userErrors: result.ok ? [] : result.userErrors,
  });
  if (labData.labResults.length > 0) {
    const set = await port.setLabResultsMetafields(productId, labData.labResults);
    if (!set.ok) return fail("set-metafields", set);
  }
  const had = new Set(labData.labResults.map((m) => m.key));
  const absent = LAB_RESULTS_KEYS.filter((key) => !had.has(key));
  const removed = await port.removeLabResultsMetafields(productId, absent);
  if (!removed.ok) return fail("set-metafields", removed);

  const present = labData.references.filter((o) => o.current !== null || o.history.length > 0);
  if (present.length > 0) {
    const set = await port.setLabReportReferences(present);
    if (!set.ok) return fail("set-references", set);
  }
  const empty = labData.references.flatMap((o) => [
    ...(o.current === null ? [{ ownerId: o.ownerId, key: "lab_report" as ReferenceKey }] : []),
    ...(o.history.length === 0
      ? [{ ownerId: o.ownerId, key: "lab_report_history" as ReferenceKey }]
      : []),
  ]);
  if (empty.length > 0) {
    const removedReferences = await port.removeLabReportReferences(empty);
    if (!removedReferences.ok) return fail("set-references", removedReferences);
  }
  return { ok: true };
}
