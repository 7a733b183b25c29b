import { z } from "zod";
import type { LabReport } from "./lab-report";

/** The product facts the writer receives from Shopify (and the merchant, for `kind`). */
export const productFactsSchema = z.object({
  // Null when the report is not linked to a product yet.
  title: z
    .string()
    .nullable()
    .transform((title) => title ?? ""),
  productType: z.string().nullish(),
  vendor: z.string().nullish(),
  tags: z.array(z.string()).optional(),
  /** Set by the merchant when known; otherwise read from the words of the product and the report. */
  kind: z.enum(["hemp", "marijuana"]).optional(),
});
export type ProductFacts = z.infer<typeof productFactsSchema>;

export const PRODUCT_CATEGORIES = [
  "flower",
  "pre-rolls",
  "vapes",
  "concentrates",
  "edibles",
  "tinctures",
  "topicals",
  "beverages",
  "other",
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];
export type ProductKind = "hemp" | "marijuana";

// Order matters: "pre-roll" before "flower", "beverage" before "edible", "vape cartridge" before
// "oil" and so on — the first category whose words appear wins.
const CATEGORY_WORDS: [ProductCategory, RegExp][] = [
  ["pre-rolls", /\b(pre-?rolls?|pre rolls?|prerolls?|joints?|blunts?|infused rolls?)\b/],
  ["vapes", /\b(vapes?|vaporizers?|cartridges?|carts?|pods?|disposables?|510)\b/],
  [
    "beverages",
    /\b(beverages?|drinks?|sodas?|seltzers?|tonics?|teas?|lemonades?|shots?|sparkling)\b/,
  ],
  ["tinctures", /\b(tinctures?|drops|sublingual|droppers?|oral oils?|cbd oil|hemp oil)\b/],
  [
    "topicals",
    /\b(topicals?|lotions?|balms?|salves?|creams?|roll-ons?|patch(es)?|transdermal|serums?|bath)\b/,
  ],
  [
    "edibles",
    /\b(edibles?|gumm(y|ies)|chocolates?|cand(y|ies)|cookies?|brownies?|mints?|chews?|capsules?|softgels?|baked|ingestibles?|lozenges?|honey|syrups?)\b/,
  ],
  [
    "concentrates",
    /\b(concentrates?|wax|shatter|rosin|resin|badder|batter|budder|crumble|diamonds?|sauce|hash|kief|distillate|isolate|extracts?|live resin|sugar|rso)\b/,
  ],
  [
    "flower",
    /\b(flowers?|buds?|smalls|shake|plant|inflorescence|eighths?|cured|dried|oz|ounces?|grams?)\b/,
  ],
];

export function productCategory(product: ProductFacts, report: LabReport): ProductCategory {
  // The merchant's words decide first; the lab's matrix only when the product says nothing.
  const fromProduct = categoryIn(productWords(product));
  if (fromProduct) return fromProduct;
  // The matrix names the product form; the product name only when the matrix says nothing.
  for (const words of [report.sample.matrix, report.sample.productName]) {
    const fromReport = isText(words) ? categoryIn(words.toLowerCase()) : null;
    if (fromReport) return fromReport;
  }
  return readsAsEdible(report) ? "edibles" : "other";
}

/** Results per serving or per unit, or amounts printed per serving: how an edible's COA reads. */
function readsAsEdible(report: LabReport): boolean {
  if (report.basis === "per-serving" || report.basis === "per-unit") return true;
  return report.perUnit?.amounts.some((a) => a.basis === "serving") ?? false;
}

export function productKind(product: ProductFacts, report: LabReport): ProductKind {
  if (product.kind) return product.kind;
  const reportWords = [report.sample.productName, report.sample.matrix, report.sample.strain]
    .filter(isText)
    .join(" ")
    .toLowerCase();
  const words = `${productWords(product)} ${reportWords}`;
  if (/\bhemp\b/.test(words)) return "hemp";
  if (report.warnings.some((w) => w.startsWith("hemp"))) return "hemp";
  // A "CBD" product with no word of cannabis or marijuana is sold as hemp-derived in most shops.
  if (/\bcbd\b/.test(productWords(product)) && !/\b(cannabis|marijuana|dispensary)\b/.test(words)) {
    return "hemp";
  }
  return "marijuana";
}

function categoryIn(words: string): ProductCategory | null {
  for (const [category, pattern] of CATEGORY_WORDS) if (pattern.test(words)) return category;
  return null;
}

function productWords(product: ProductFacts): string {
  return [product.productType, ...(product.tags ?? []), product.title]
    .filter(isText)
    .join(" ")
    .toLowerCase();
}

function isText(value: string | null | undefined): value is string {
  return typeof value === "string" && value.trim() !== "";
}
