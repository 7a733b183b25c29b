/**
 * Proposes which product (and variant) of the shop's catalog a COA belongs to, from what the COA
 * says — its batch against the variants' SKUs, its product name and strain against product titles —
 * with a confidence the merchant sees before confirming. Framework-free; the catalog comes in.
 *
 * Names are compared token by token, tolerant of plurals and small spelling differences ("Dosido" /
 * "Dosidos"), each token weighted by how rare it is in the catalog, so "Punch" in both "Cherry
 * Punch" and "Purple Punch" counts for less than "Cherry". Confidence drops when a second product is
 * nearly as good: a coin toss is never proposed as certain.
 */

export type CatalogVariant = { id: string; title: string; sku: string | null };
export type CatalogEntry = { id: string; title: string; variants: CatalogVariant[] };

export type CoaFacts = {
  productName: string | null;
  strain: string | null;
  batch: string | null;
  /**
   * The COA's first page as text: many labs print the product's name somewhere the extraction does
   * not take as "product name" (a client field, a header), so a catalog title printed on the page
   * counts too, a little less than a name read as such.
   */
  documentText?: string | null;
};

export type MatchBasis = "sku" | "batch-in-title" | "name" | "printed-title";

export type CatalogMatch = {
  productId: string;
  productTitle: string;
  /** Set when one variant fits (its SKU is the batch, or its title the COA's size); else the whole product. */
  variantId: string | null;
  variantTitle: string | null;
  /** 0–1. */
  confidence: number;
  basis: MatchBasis;
};

/** Below this the merchant is asked to choose; nothing is proposed. */
export const MIN_CONFIDENCE = 0.35;
/** At or above this a proposal is shown as a confident match. */
export const HIGH_CONFIDENCE = 0.75;

const STOPWORDS = new Set([
  "the",
  "and",
  "of",
  "a",
  "flower",
  "flowers",
  "bulk",
  "oz",
  "g",
  "mg",
  "ml",
  "gram",
  "grams",
  "xx",
  "fs",
  "wf",
  "pre",
  "preroll",
  "prerolls",
  "roll",
  "rolls",
  "pack",
  "jar",
  "cart",
  "hemp",
  "thca",
  "cbd",
  "thc",
  "product",
  "sample",
]);

export function normalizeText(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9./]+/g, " ")
    .trim();
}

/** Sizes as printed ("3.5g", "1/2 oz", "30mg", "0.5 g"), normalised to "3.5g", "1/2oz", "30mg". */
export function sizesIn(value: string): string[] {
  const text = normalizeText(value);
  const found = text.matchAll(/(\d+(?:\.\d+)?(?:\/\d+)?)\s*(mg|g|oz|ml)\b/g);
  return [...found].map((m) => `${m[1]}${m[2]}`);
}

export function nameTokens(value: string): string[] {
  return normalizeText(value)
    .replace(/(\d+(?:\.\d+)?(?:\/\d+)?)\s*(mg|g|oz|ml)\b/g, " ")
    .split(/[\s./]+/)
    .filter((t) => t.length > 0 && !STOPWORDS.has(t) && !/^\d{5,}$/.test(t));
}

function trigrams(token: string): Set<string> {
  const padded = `  ${token} `;
  const grams = new Set<string>();
  for (let i = 0; i < padded.length - 2; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** 1 for the same token, 0.9 for a plural or prefix (≥ 4 letters), else trigram Dice if ≥ 0.6. */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 4 && long.startsWith(short) && long.length - short.length <= 2) return 0.9;
  const ta = trigrams(a);
  const tb = trigrams(b);
  let shared = 0;
  for (const g of ta) if (tb.has(g)) shared += 1;
  const dice = (2 * shared) / (ta.size + tb.size);
  return dice >= 0.6 ? dice : 0;
}

function batchKeyOf(value: string | null): string | null {
  if (!value) return null;
  const key = value.toLowerCase().replace(/[^a-z0-9]+/g, "");
  return key.length >= 4 ? key : null;
}

type Prepared = { entry: CatalogEntry; tokens: string[] };

function weightsFor(products: Prepared[]): (token: string) => number {
  const documentFrequency = new Map<string, number>();
  for (const p of products) {
    for (const t of new Set(p.tokens))
      documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1);
  }
  const n = Math.max(products.length, 1);
  return (token) => Math.log(1 + n / (documentFrequency.get(token) ?? 0.5));
}

/**
 * The tokens and each pair of neighbours written as one word: a COA prints "Peanutbutter Breath"
 * or "Dosiwoah" where the shop writes "Peanut Butter Breath" or "Dosi Woah", and the other way.
 */
function withJoins(tokens: string[]): string[] {
  const joined = tokens.slice(1).map((t, i) => `${tokens[i]}${t}`);
  return [...tokens, ...joined];
}

/** How well the COA's name tokens and a product title's tokens cover each other, 0–1. */
function nameScore(coa: string[], product: string[], weight: (t: string) => number): number {
  if (coa.length === 0 || product.length === 0) return 0;
  const cover = (from: string[], to: string[]) => {
    const targets = withJoins(to);
    // A word of `from` also counts as found when it and its neighbour, joined, are a word of `to`.
    const fromJoined = new Set(withJoins(from).slice(from.length));
    let got = 0;
    let total = 0;
    from.forEach((a, i) => {
      const w = weight(a);
      total += w;
      const pairs = [from[i - 1] && `${from[i - 1]}${a}`, from[i + 1] && `${a}${from[i + 1]}`];
      const inJoin = pairs.some((j) => j && fromJoined.has(j) && to.includes(j)) ? 1 : 0;
      got += w * Math.max(inJoin, ...targets.map((b) => tokenSimilarity(a, b)));
    });
    return total === 0 ? 0 : got / total;
  };
  // The COA's name must be found in the title (most weight); extra title words cost a little.
  return 0.7 * cover(coa, product) + 0.3 * cover(product, coa);
}

/**
 * How much of a product title the page prints: the weighted share of the title's words found among
 * the page's words, damped when little is found in absolute terms (one common word is weak evidence).
 * Numbers are left out: every COA prints plenty.
 */
function mentionScore(page: Set<string>, title: string[], weight: (t: string) => number): number {
  const words = title.filter((t) => !/^\d+$/.test(t));
  if (words.length === 0) return 0;
  let found = 0;
  let total = 0;
  for (const word of words) {
    const w = weight(word);
    total += w;
    if (singularForms(word).some((form) => page.has(form) || page.has(`${form}s`))) found += w;
  }
  return total === 0 ? 0 : (found / total) * (1 - Math.exp(-found / 4));
}

/** A word and its singular ("gummies" → "gummy", "cookies" → "cookie"). */
function singularForms(word: string): string[] {
  const forms = [word];
  if (word.endsWith("ies") && word.length > 4) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith("s") && word.length > 3) forms.push(word.slice(0, -1));
  return forms;
}

/** Printed-title evidence counts for less than a name the extraction read as the product's. */
const PRINTED_TITLE_DISCOUNT = 0.85;

function pickVariant(entry: CatalogEntry, coa: CoaFacts): CatalogVariant | null {
  const sizes = new Set(sizesIn(`${coa.productName ?? ""}`));
  if (sizes.size === 0 || entry.variants.length < 2) return null;
  const fitting = entry.variants.filter((v) => sizesIn(v.title).some((s) => sizes.has(s)));
  return fitting.length === 1 ? (fitting[0] ?? null) : null;
}

/** The best proposal for one COA, or null when nothing is likely enough to propose. */
export function matchCoaToCatalog(coa: CoaFacts, catalog: CatalogEntry[]): CatalogMatch | null {
  const batch = batchKeyOf(coa.batch);
  if (batch) {
    for (const entry of catalog) {
      const variant = entry.variants.find((v) => batchKeyOf(v.sku) === batch);
      if (variant) {
        return {
          productId: entry.id,
          productTitle: entry.title,
          variantId: variant.id,
          variantTitle: variant.title,
          confidence: 0.99,
          basis: "sku",
        };
      }
    }
    const inTitle = catalog.filter((e) => (batchKeyOf(e.title) ?? "").includes(batch));
    if (inTitle.length === 1 && inTitle[0]) {
      return {
        productId: inTitle[0].id,
        productTitle: inTitle[0].title,
        variantId: null,
        variantTitle: null,
        confidence: 0.95,
        basis: "batch-in-title",
      };
    }
  }

  const prepared: Prepared[] = catalog.map((entry) => ({ entry, tokens: nameTokens(entry.title) }));
  const weight = weightsFor(prepared);
  const names = [coa.productName, coa.strain]
    .filter((n): n is string => !!n && n.trim() !== "")
    .map(nameTokens)
    .filter((t) => t.length > 0);
  const page = new Set(coa.documentText ? normalizeText(coa.documentText).split(/[\s./]+/) : []);
  if (names.length === 0 && page.size === 0) return null;
  const scored = prepared
    .map((p) => {
      const byName = Math.max(0, ...names.map((tokens) => nameScore(tokens, p.tokens, weight)));
      const printed = PRINTED_TITLE_DISCOUNT * mentionScore(page, p.tokens, weight);
      return {
        entry: p.entry,
        score: Math.max(byName, printed),
        basis: (byName >= printed ? "name" : "printed-title") as MatchBasis,
      };
    })
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score === 0) return null;
  const runnerUp = scored[1]?.score ?? 0;
  const margin = best.score - runnerUp;
  const confidence = best.score * Math.min(1, 0.5 + margin / 0.4);
  if (confidence < MIN_CONFIDENCE) return null;
  const variant = pickVariant(best.entry, coa);
  return {
    productId: best.entry.id,
    productTitle: best.entry.title,
    variantId: variant?.id ?? null,
    variantTitle: variant?.title ?? null,
    confidence: Math.round(confidence * 100) / 100,
    basis: best.basis,
  };
}
