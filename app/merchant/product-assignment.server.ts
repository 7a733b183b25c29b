import { z } from "zod";
import type { ProductWithVariants } from "~/integrations/shopify-admin-catalog.server";
import { recordActivity } from "~/models/activity.server";
import type { Db } from "~/models/database.server";
import {
  assignLabReportProduct,
  MAX_ASSIGNED_VARIANTS,
  MAX_BATCH_REPORTS,
  productGidSchema,
  variantGidSchema,
} from "~/models/lab-report-product.server";

/**
 * The merchant says which product a report is for, and optionally which of its variants. The
 * product and its variants are read from the shop through the Admin API, so a variant of another
 * product (or of another shop) is refused and the stored title and handle are Shopify's own.
 * Picking every variant of a product is the whole product: a variant added later is covered too.
 */

export interface ProductAssignmentDeps {
  db: Db;
  /** The shop's product with its variants (Admin API), or null when it has no such product. */
  readProduct(productId: string): Promise<ProductWithVariants | null>;
}

export type AssignmentOutcome =
  | { ok: true; message: string }
  | { ok: false; reason: "not-found" | "rejected" | "wrong-status"; message: string };

/** The request's fields as they arrive: a product GID and a JSON array of variant GIDs. */
export const assignmentInputSchema = z.object({
  productId: productGidSchema,
  variantIds: z
    .string()
    .max(MAX_ASSIGNED_VARIANTS * 60)
    .optional()
    .transform((text, ctx) => {
      if (!text) return [];
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "The variants were not understood." });
        return z.NEVER;
      }
    })
    .pipe(z.array(variantGidSchema).max(MAX_ASSIGNED_VARIANTS)),
});
export type AssignmentInput = z.infer<typeof assignmentInputSchema>;

const STATUS_WORDS: Record<string, string> = {
  publishing: "It is being published now.",
  published: "It is already published on its product; upload the COA again for another product.",
};

/** Checks the variants against the product as Shopify has it, then stores the assignment. */
export async function assignProduct(
  deps: ProductAssignmentDeps,
  input: { shop: string; reportId: string } & AssignmentInput,
  cache: Map<string, ProductWithVariants | null> = new Map(),
): Promise<AssignmentOutcome> {
  if (!cache.has(input.productId)) {
    cache.set(input.productId, await deps.readProduct(input.productId));
  }
  const product = cache.get(input.productId) ?? null;
  if (!product) {
    return { ok: false, reason: "rejected", message: "That product is not in your shop." };
  }
  const own = new Set(product.variants.map((v) => v.id));
  const chosen = [...new Set(input.variantIds)];
  if (chosen.some((id) => !own.has(id))) {
    return {
      ok: false,
      reason: "rejected",
      message: `A chosen variant is not one of ${product.title}'s variants.`,
    };
  }
  const wholeProduct = chosen.length === 0 || chosen.length === own.size;
  const variantIds = wholeProduct ? [] : chosen;
  const stored = await assignLabReportProduct(deps.db, input.shop, input.reportId, {
    productId: product.id,
    productTitle: product.title,
    productHandle: product.handle || null,
    variantIds,
  });
  if (!stored.ok && stored.reason === "not-found") {
    return { ok: false, reason: "not-found", message: "This lab report does not exist." };
  }
  if (!stored.ok) {
    return {
      ok: false,
      reason: "wrong-status",
      message: `The product cannot be changed. ${STATUS_WORDS[stored.status] ?? ""}`.trim(),
    };
  }
  await recordActivity(deps.db, {
    shop: input.shop,
    actor: "merchant",
    action: "lab-report.product-assigned",
    target: input.reportId,
    details: { productId: product.id, variantIds },
  });
  return {
    ok: true,
    message: `Linked to ${product.title}${wholeProduct ? "" : ` (${variantIds.length} of ${own.size} variants)`}.`,
  };
}

export type ConfirmedMatch = { reportId: string } & AssignmentInput;

export const confirmedMatchesSchema = z
  .array(
    z.object({
      reportId: z.string().min(1).max(64),
      productId: productGidSchema,
      variantIds: z.array(variantGidSchema).max(MAX_ASSIGNED_VARIANTS).default([]),
    }),
  )
  .min(1, "Choose at least one match.")
  .max(MAX_BATCH_REPORTS);

export interface ConfirmOutcome {
  ok: boolean;
  message: string;
  linked: string[];
  refused: { reportId: string; message: string }[];
}

/**
 * Confirms a matching table's choices, one report at a time; each product is read from Shopify
 * once however many reports it takes. Nothing is published here: each report still waits for
 * its approval.
 */
export async function confirmMatches(
  deps: ProductAssignmentDeps,
  shop: string,
  matches: ConfirmedMatch[],
): Promise<ConfirmOutcome> {
  const cache = new Map<string, ProductWithVariants | null>();
  const linked: string[] = [];
  const refused: ConfirmOutcome["refused"] = [];
  for (const match of matches.slice(0, MAX_BATCH_REPORTS)) {
    const outcome = await assignProduct(deps, { shop, ...match }, cache);
    if (outcome.ok) linked.push(match.reportId);
    else refused.push({ reportId: match.reportId, message: outcome.message });
  }
  const n = linked.length;
  const message =
    n === 0
      ? "No report was linked."
      : `${n} ${n === 1 ? "report" : "reports"} linked to ${n === 1 ? "its product" : "their products"}. Review and publish each when it is ready.${refused.length > 0 ? ` ${refused.length} could not be linked.` : ""}`;
  return { ok: n > 0, message, linked, refused };
}

export interface AssignmentView {
  productId: string | null;
  productTitle: string | null;
  variantIds: string[];
  /** The chosen variants' titles as Shopify has them now; empty for the whole product. */
  variantTitles: string[];
  /** Chosen variants Shopify no longer has (deleted since), or that could not be read. */
  missingVariants: number;
}

/**
 * The report page's "For:" line. Titles are read from Shopify only when variants were chosen; if
 * that read fails the page still says how many variants the report is for.
 */
export async function loadAssignmentView(
  deps: Pick<ProductAssignmentDeps, "readProduct">,
  report: { productId: string | null; productTitle: string | null; variantIds: string[] },
): Promise<AssignmentView> {
  const base = { ...report, variantTitles: [], missingVariants: 0 };
  if (!report.productId || report.variantIds.length === 0) return base;
  const product = await deps.readProduct(report.productId).catch(() => null);
  if (!product) return { ...base, missingVariants: report.variantIds.length };
  const titles = new Map(product.variants.map((v) => [v.id, v.title]));
  const variantTitles = report.variantIds.flatMap((id) => titles.get(id) ?? []);
  return {
    ...base,
    productTitle: product.title,
    variantTitles,
    missingVariants: report.variantIds.length - variantTitles.length,
  };
}

export type VariantChoice =
  | { ok: true; variantIds: string[]; cache: Map<string, ProductWithVariants | null> }
  | { ok: false; message: string };

/**
 * The upload form's variant choice, checked before the upload stores anything: a malformed list
 * or a variant of another product is refused, so a wrong choice never costs a report.
 */
export async function checkVariantChoice(
  deps: Pick<ProductAssignmentDeps, "readProduct">,
  productId: string,
  variantIds: FormDataEntryValue | null,
): Promise<VariantChoice> {
  const cache = new Map<string, ProductWithVariants | null>();
  if (variantIds === null || variantIds === "" || variantIds === "[]") {
    return { ok: true, variantIds: [], cache };
  }
  const parsed = assignmentInputSchema.safeParse({ productId, variantIds });
  if (!parsed.success) return { ok: false, message: "Choose the product's variants again." };
  const product = await deps.readProduct(productId);
  cache.set(productId, product);
  if (!product) return { ok: false, message: "That product is not in your shop." };
  const own = new Set(product.variants.map((v) => v.id));
  if (parsed.data.variantIds.some((id) => !own.has(id))) {
    return { ok: false, message: `A chosen variant is not one of ${product.title}'s variants.` };
  }
  return { ok: true, variantIds: parsed.data.variantIds, cache };
}
