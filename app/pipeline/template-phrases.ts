import type { ProductCategory, ProductKind } from "./product-category";
import type { Tone } from "./writer-settings";

/**
 * The built-in writer's words, per product category and tone. They describe the product's form
 * and its lab record only: no effects, no health words (the guard would reject them anyway).
 */
export interface IntroFacts {
  /** The product's name, safe to print, or null to use a generic subject. */
  name: string | null;
  kind: ProductKind;
  strain: string | null;
}

interface CategoryWords {
  /** "flower", "vape cartridge" … used after the kind adjective. */
  noun: string;
  /** A factual note on how this category's results read. */
  note: string;
}

const CATEGORY_WORDS: Record<ProductCategory, CategoryWords> = {
  flower: {
    noun: "flower",
    note: "Flower results describe the dried, cured buds of this batch.",
  },
  "pre-rolls": {
    noun: "pre-roll",
    note: "Pre-roll results describe the material rolled for this batch.",
  },
  vapes: {
    noun: "vape",
    note: "Vape results describe the oil in the cartridge, not the vapour.",
  },
  concentrates: {
    noun: "concentrate",
    note: "Concentrates are potent: check the figures below before you dab or dose.",
  },
  edibles: {
    noun: "edible",
    note: "Edible results are printed per serving or per unit: check the serving size on the package, start low and wait before having more.",
  },
  tinctures: {
    noun: "tincture",
    note: "Tincture results are printed as the lab measured them: measure each serving with the dropper.",
  },
  topicals: {
    noun: "topical",
    note: "For external use only. Results describe the product as packaged.",
  },
  beverages: {
    noun: "beverage",
    note: "Beverage results are printed per serving or per container: check the label before you pour.",
  },
  other: {
    noun: "product",
    note: "The results below are copied from the lab's Certificate of Analysis.",
  },
};

export function categoryNoun(category: ProductCategory): string {
  return CATEGORY_WORDS[category].noun;
}

export function categoryNote(category: ProductCategory): string {
  return CATEGORY_WORDS[category].note;
}

/** "hemp flower", "hemp-derived edible", "cannabis vape". */
export function kindAndNoun(kind: ProductKind, category: ProductCategory): string {
  const ingestedOrApplied = ["edibles", "tinctures", "topicals", "beverages", "vapes"];
  const adjective =
    kind === "hemp" ? (ingestedOrApplied.includes(category) ? "hemp-derived" : "hemp") : "cannabis";
  return `${adjective} ${categoryNoun(category)}`;
}

export function introSentence(tone: Tone, category: ProductCategory, facts: IntroFacts): string {
  const what = kindAndNoun(facts.kind, category);
  const strain = facts.strain ? ` (${facts.strain})` : "";
  const subject = facts.name ?? `This ${what}`;
  const isName = facts.name !== null;
  switch (tone) {
    case "friendly":
      return isName
        ? `Meet ${subject}: ${article(what)} ${what}${strain} with its lab results right here, so you know exactly what is in this batch.`
        : `${subject}${strain} comes with its lab results right here, so you know exactly what is in this batch.`;
    case "clinical":
      return isName
        ? `${subject} is ${article(what)} ${what}${strain}. The figures below are copied from the batch's Certificate of Analysis.`
        : `${subject}${strain}: the figures below are copied from the batch's Certificate of Analysis.`;
    case "premium":
      return isName
        ? `${subject} is a carefully selected ${what}${strain}, presented with the complete lab record of its batch.`
        : `A carefully selected ${what}${strain}, presented with the complete lab record of its batch.`;
  }
}

export function headings(tone: Tone): { potency: string; terpenes: string; safety: string } {
  switch (tone) {
    case "friendly":
      return { potency: "What's inside", terpenes: "Top terpenes", safety: "Safety testing" };
    case "clinical":
      return {
        potency: "Cannabinoid profile",
        terpenes: "Terpene profile",
        safety: "Safety panels",
      };
    case "premium":
      return { potency: "Potency", terpenes: "Aromatic profile", safety: "Purity testing" };
  }
}

export function closingSentence(tone: Tone): string {
  switch (tone) {
    case "friendly":
      return "Want every detail? The full Certificate of Analysis is one click away.";
    case "clinical":
      return "The complete Certificate of Analysis is linked below.";
    case "premium":
      return "Every figure above comes from the Certificate of Analysis, available in full below.";
  }
}

function article(words: string): string {
  return /^[aeiou]/i.test(words) ? "an" : "a";
}
