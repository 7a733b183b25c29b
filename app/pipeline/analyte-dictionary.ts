/**
 * Analyte names and their printed spellings. Labels are folded first (Greek letters spelled out,
 * the three delta code points and "delta"/"d" unified, punctuation dropped), then looked up here,
 * so "Δ9-THC", "∆9THC", "d9-THC" and "Delta 9 THC" all land on "d9_thc".
 */

export type AnalyteKind = "cannabinoid" | "terpene";

export interface AnalyteMatch {
  key: string;
  kind: AnalyteKind;
}

const CANNABINOIDS: Record<string, string[]> = {
  thca: [
    "thca",
    "d9thca",
    "thcacida",
    "thcaa",
    "tetrahydrocannabinolicacid",
    "d9tetrahydrocannabinolicacid",
  ],
  d9_thc: ["d9thc", "thcd9", "d9tetrahydrocannabinol", "tetrahydrocannabinold9", "d9"],
  d8_thc: ["d8thc", "thcd8", "d8tetrahydrocannabinol"],
  d10_thc: ["d10thc", "thcd10", "d10tetrahydrocannabinol"],
  exo_thc: ["exothc"],
  thcv: ["thcv", "d9thcv", "tetrahydrocannabivarin"],
  thcva: ["thcva", "d9thcva", "thcvacid", "tetrahydrocannabivarinicacid"],
  cbd: ["cbd", "cannabidiol"],
  cbda: ["cbda", "cannabidiolicacid"],
  cbdv: ["cbdv", "cannabidivarin"],
  cbdva: ["cbdva", "cannabidivarinicacid"],
  cbg: ["cbg", "cannabigerol"],
  cbga: ["cbga", "cannabigerolicacid"],
  cbn: ["cbn", "cannabinol"],
  cbna: ["cbna", "cannabinolicacid"],
  cbc: ["cbc", "cannabichromene"],
  cbca: ["cbca", "cannabichromenicacid"],
  cbl: ["cbl", "cannabicyclol"],
  cbla: ["cbla", "cannabicyclolicacid"],
  cbt: ["cbt", "cannabicitran"],
  hhc: ["hhc", "hexahydrocannabinol", "9rhhc", "9shhc"],
};

const TERPENES: Record<string, string[]> = {
  "beta-myrcene": ["betamyrcene", "myrcene", "bmyrcene"],
  limonene: ["limonene", "dlimonene", "rlimonene", "dlimonene", "plimonene"],
  "beta-caryophyllene": [
    "betacaryophyllene",
    "caryophyllene",
    "transcaryophyllene",
    "ecaryophyllene",
    "bcaryophyllene",
    "transbetacaryophyllene",
  ],
  "alpha-pinene": ["alphapinene", "apinene", "pinenealpha"],
  "beta-pinene": ["betapinene", "bpinene", "pinenebeta"],
  linalool: ["linalool", "betalinalool"],
  "alpha-humulene": ["alphahumulene", "humulene", "ahumulene"],
  "alpha-bisabolol": ["alphabisabolol", "bisabolol", "abisabolol", "levomenol"],
  terpinolene: ["terpinolene"],
  ocimene: ["ocimene", "betaocimene", "ocimenes", "totalocimene"],
  // cis- and trans-ocimene are distinct compounds that labs print on separate rows.
  "trans-ocimene": ["transocimene", "transbetaocimene"],
  "cis-ocimene": ["cisocimene", "cisbetaocimene"],
  farnesene: [
    "farnesene",
    "transbetafarnesene",
    "betafarnesene",
    "transfarnesene",
    "alphafarnesene",
    "efarnesene",
  ],
  "caryophyllene-oxide": ["caryophylleneoxide"],
  nerolidol: ["nerolidol", "transnerolidol", "cisnerolidol", "enerolidol", "znerolidol"],
  camphene: ["camphene"],
  fenchol: ["fenchol", "fenchylalcohol", "endofenchylalcohol"],
  terpineol: ["terpineol", "alphaterpineol", "aterpineol", "totalterpineol"],
  guaiol: ["guaiol"],
  eucalyptol: ["eucalyptol", "18cineole", "cineole"],
  geraniol: ["geraniol"],
  borneol: ["borneol"],
  "3-carene": ["3carene", "d3carene", "carene"],
  "alpha-terpinene": ["alphaterpinene", "aterpinene"],
  "gamma-terpinene": ["gammaterpinene", "gterpinene"],
  isopulegol: ["isopulegol"],
  valencene: ["valencene"],
  sabinene: ["sabinene"],
  "sabinene-hydrate": ["sabinenehydrate"],
  "p-cymene": ["pcymene", "cymene"],
  camphor: ["camphor"],
  pulegone: ["pulegone"],
  cedrol: ["cedrol"],
  phytol: ["phytol"],
  nerol: ["nerol"],
  menthol: ["menthol"],
  "geranyl-acetate": ["geranylacetate"],
  fenchone: ["fenchone"],
  isoborneol: ["isoborneol"],
  "alpha-phellandrene": ["alphaphellandrene", "aphellandrene"],
  "alpha-cedrene": ["alphacedrene", "acedrene"],
  "trans-alpha-bergamotene": ["transalphabergamotene", "bergamotene"],
  citronellol: ["citronellol"],
  "alpha-terpineol": [],
  "beta-eudesmol": ["betaeudesmol", "eudesmol"],
  "gamma-elemene": ["gammaelemene"],
};

/** Every canonical key, by kind: what the report's analyte rows can carry. */
export const ANALYTE_KEYS: Record<AnalyteKind, readonly string[]> = {
  cannabinoid: Object.keys(CANNABINOIDS),
  terpene: Object.keys(TERPENES),
};

const LOOKUP = new Map<string, AnalyteMatch>();
for (const [key, spellings] of Object.entries(CANNABINOIDS)) {
  for (const s of spellings) LOOKUP.set(s, { key, kind: "cannabinoid" });
}
for (const [key, spellings] of Object.entries(TERPENES)) {
  for (const s of spellings) LOOKUP.set(s, { key, kind: "terpene" });
}

/** Labels repeat across rows and searches: folded once per distinct text. */
const foldCache = new Map<string, string>();

/** Folds a printed analyte label to the dictionary's spelling. */
export function foldLabel(label: string): string {
  const known = foldCache.get(label);
  if (known !== undefined) return known;
  const result = fold(label);
  if (foldCache.size > 50_000) foldCache.clear();
  foldCache.set(label, result);
  return result;
}

function fold(label: string): string {
  return (
    label
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[\u0394\u2206\u03b4]/g, "d")
      .replace(/\u03b1/g, "alpha")
      .replace(/\u03b2/g, "beta")
      .replace(/\u03b3/g, "gamma")
      // Footnote markers and asterisks printed after a name.
      .replace(/[*†‡]+/g, "")
      .replace(/\((?:%|mg\/g|ppm)\)/g, "")
      .replace(/acid\b/g, "acid")
      .replace(/\bdelta[\s-]*/g, "d")
      .replace(/\b(alpha|beta|gamma)\b[\s-]*/g, "$1")
      .replace(/\b([abg])-(?=[a-z])/g, "$1")
      .replace(/[^a-z0-9]/g, "")
  );
}

export function matchAnalyte(label: string): AnalyteMatch | null {
  const folded = foldLabel(label);
  if (folded.length < 2 || folded.length > 60) return null;
  const direct = LOOKUP.get(folded);
  if (direct) return direct;
  const mangled = mangledPrefix(label);
  if (mangled) return mangled;
  // "Tetrahydrocannabinolic acid (THCA)": the abbreviation in parentheses, or the name before it.
  const paren = /^(.*?)\s*\(([^)]+)\)\s*[*]*$/.exec(label.trim());
  if (!paren) return null;
  return LOOKUP.get(foldLabel(paren[2] ?? "")) ?? LOOKUP.get(foldLabel(paren[1] ?? "")) ?? null;
}

/**
 * Some fonts map Greek prefixes to stray letters ("s-Myrcene", "ž-Pinene"). The prefix is dropped
 * only when the name without it is a terpene with one reading (myrcene, caryophyllene); "pinene"
 * without its alpha or beta stays unmatched rather than guessed.
 */
function mangledPrefix(label: string): AnalyteMatch | null {
  const parts = MANGLED.exec(label.normalize("NFC"));
  if (!parts?.[1] || !parts[2] || KNOWN_PREFIXES.has(parts[1].toLowerCase())) return null;
  const rest = LOOKUP.get(foldLabel(parts[2]));
  return rest?.kind === "terpene" ? rest : null;
}

/**
 * A font that mangles Greek letters does so consistently within a document: "s-Myrcene" (myrcene
 * is only ever beta) shows that "s" stands for beta, so "s-Pinene" is beta-pinene in that
 * document. Learns each stray prefix from the names that have one Greek reading; a prefix seen
 * with two readings is left alone. Returns a function rewriting labels with the learned letters.
 */
export function learnMangledGreek(texts: string[]): (text: string) => string {
  const learned = new Map<string, string | null>();
  for (const text of texts) {
    const parts = MANGLED.exec(text.normalize("NFC"));
    if (!parts?.[1] || !parts[2] || KNOWN_PREFIXES.has(parts[1].toLowerCase())) continue;
    const key = LOOKUP.get(foldLabel(parts[2]))?.key;
    const greek = /^(alpha|beta|gamma)-/.exec(key ?? "")?.[1];
    if (!greek) continue;
    const before = learned.get(parts[1]);
    learned.set(parts[1], before === undefined || before === greek ? greek : null);
  }
  if (![...learned.values()].some((v) => v)) return (text) => text;
  return (text) => {
    const parts = MANGLED.exec(text.normalize("NFC"));
    const greek = parts?.[1] ? learned.get(parts[1]) : undefined;
    return greek && parts?.[2] ? `${greek}-${parts[2]}` : text;
  };
}

const MANGLED = /^\s*(\S)\s*-\s*(\S.*)$/u;

/** Single-letter prefixes with a meaning of their own: Greek letters, d/l, ortho/meta/para, E/Z. */
const KNOWN_PREFIXES = new Set([..."abgdlpomezr", "α", "β", "γ", "δ", "\u0394", "\u2206"]);

/** Labels of printed totals, with a rank: where a report prints several, the lower rank wins. */
const TOTALS: Record<string, [string, number][]> = {
  thc: [
    ["totalthc", 0],
    ["totald9thc", 0],
    ["totalcalculatedd9thc", 0],
    ["totalcalculatedthc", 0],
    ["d9thcmax", 1],
    ["thcmax", 1],
    ["totalactived9thc", 1],
    ["totalactivethc", 1],
    ["totalpotentialthc", 2],
  ],
  cbd: [
    ["totalcbd", 0],
    ["totalcalculatedcbd", 0],
    ["cbdmax", 1],
    ["totalactivecbd", 1],
    ["totalpotentialcbd", 2],
  ],
  cannabinoids: [
    ["totalcannabinoids", 0],
    ["totalcannabinoid", 0],
    ["totalavailablecannabinoids", 1],
    ["totaldetectedcannabinoids", 1],
    ["totalcannarawsum", 1],
    ["totalcanna", 1],
    ["rawtotalcannabinoids", 1],
    ["sumofcannabinoids", 3],
    ["totalactivecannabinoids", 4],
    ["totalpotentialcannabinoids", 5],
  ],
  terpenes: [
    ["totalterpenes", 0],
    ["totalterpenoids", 0],
    ["terpenestotal", 0],
    ["totalterpene", 0],
    ["terpenestotalgcfid", 0],
  ],
};

export type TotalKey = "thc" | "cbd" | "cannabinoids" | "terpenes";

const TOTAL_LOOKUP = new Map<string, { key: TotalKey; rank: number }>();
for (const [key, spellings] of Object.entries(TOTALS)) {
  for (const [s, rank] of spellings) TOTAL_LOOKUP.set(s, { key: key as TotalKey, rank });
}

export function matchTotal(label: string): { key: TotalKey; rank: number } | null {
  const folded = foldLabel(label.replace(/\b(mg\/g|%)\s*$/i, "")).replace(/^(the)/, "");
  return TOTAL_LOOKUP.get(folded) ?? null;
}

/** A bare "Total" row closes whichever table it sits in. */
export function isBareTotal(label: string): boolean {
  return /^total\s*(\(%\))?:?$/i.test(label.trim());
}
