/**
 * The names merchants and shoppers read: one per canonical analyte key (analyte-dictionary.ts) and
 * per safety panel key (panel-names.ts), whatever spelling the lab printed ("BETA-MYRCENE",
 * "d9-THC", "Vitamin e acetate"). Acids keep the lower-case "a" labs and shops write (THCa, CBDa).
 */

const ANALYTE_NAMES: Record<string, string> = {
  thca: "THCa",
  d9_thc: "Δ9-THC",
  d8_thc: "Δ8-THC",
  d10_thc: "Δ10-THC",
  exo_thc: "exo-THC",
  thcv: "THCV",
  thcva: "THCVa",
  cbd: "CBD",
  cbda: "CBDa",
  cbdv: "CBDV",
  cbdva: "CBDVa",
  cbg: "CBG",
  cbga: "CBGa",
  cbn: "CBN",
  cbna: "CBNa",
  cbc: "CBC",
  cbca: "CBCa",
  cbl: "CBL",
  cbla: "CBLa",
  cbt: "CBT",
  hhc: "HHC",
  "beta-myrcene": "β-Myrcene",
  limonene: "Limonene",
  "beta-caryophyllene": "β-Caryophyllene",
  "alpha-pinene": "α-Pinene",
  "beta-pinene": "β-Pinene",
  linalool: "Linalool",
  "alpha-humulene": "α-Humulene",
  "alpha-bisabolol": "α-Bisabolol",
  terpinolene: "Terpinolene",
  ocimene: "Ocimene",
  "trans-ocimene": "trans-Ocimene",
  "cis-ocimene": "cis-Ocimene",
  farnesene: "Farnesene",
  "caryophyllene-oxide": "Caryophyllene oxide",
  nerolidol: "Nerolidol",
  camphene: "Camphene",
  fenchol: "Fenchol",
  terpineol: "Terpineol",
  guaiol: "Guaiol",
  eucalyptol: "Eucalyptol",
  geraniol: "Geraniol",
  borneol: "Borneol",
  "3-carene": "3-Carene",
  "alpha-terpinene": "α-Terpinene",
  "gamma-terpinene": "γ-Terpinene",
  isopulegol: "Isopulegol",
  valencene: "Valencene",
  sabinene: "Sabinene",
  "sabinene-hydrate": "Sabinene hydrate",
  "p-cymene": "p-Cymene",
  camphor: "Camphor",
  pulegone: "Pulegone",
  cedrol: "Cedrol",
  phytol: "Phytol",
  nerol: "Nerol",
  menthol: "Menthol",
  "geranyl-acetate": "Geranyl acetate",
  fenchone: "Fenchone",
  isoborneol: "Isoborneol",
  "alpha-phellandrene": "α-Phellandrene",
  "alpha-cedrene": "α-Cedrene",
  "trans-alpha-bergamotene": "trans-α-Bergamotene",
  citronellol: "Citronellol",
  "alpha-terpineol": "α-Terpineol",
  "beta-eudesmol": "β-Eudesmol",
  "gamma-elemene": "γ-Elemene",
};

const PANEL_NAMES: Record<string, string> = {
  pesticides: "Pesticides",
  heavy_metals: "Heavy metals",
  microbials: "Microbials",
  mycotoxins: "Mycotoxins",
  residual_solvents: "Residual solvents",
  water_activity: "Water activity",
  moisture: "Moisture",
  foreign_matter: "Foreign matter",
  cannabinoids: "Cannabinoids",
  terpenes: "Terpenes",
  total_yeast_mold: "Yeast and mold",
  pathogenic_bacteria: "Pathogenic bacteria",
  total_coliforms: "Coliforms",
  total_aerobic: "Aerobic bacteria",
  enterobacteriaceae: "Enterobacteriaceae",
  vitamin_e_acetate: "Vitamin E acetate",
  total_contaminant_load: "Total contaminant load",
  total_contaminant_load_pesticides: "Total contaminant load (pesticides)",
  chemical_residue_gc: "Chemical residues (GC)",
  metals_all_use: "Heavy metals (all uses)",
  metals_ingest_only: "Heavy metals (ingestion only)",
  homogeneity: "Homogeneity",
  label_claim: "Label claim",
  other_analyses: "Other analyses",
  // Rows whose name the layout lost: the lab's result column heading was read in its place.
  pass_fail: "Unnamed panel",
  nd: "Unnamed panel",
};

/** Words kept in capitals when a name is built from a key the table does not know. */
const ACRONYMS = new Set(["thc", "cbd", "cbg", "cbn", "cbc", "thcv", "hhc", "pah", "voc", "pcr"]);
const GREEK: Record<string, string> = { alpha: "α", beta: "β", gamma: "γ", delta: "δ" };

/** A name built from a key's words, for a key added to the dictionary before this table. */
function nameFromKey(key: string): string {
  const words = key
    .split(/[_\s]+|-(?=[a-z]{3,})/)
    .filter((w) => w !== "")
    .map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : (GREEK[w] ?? w)));
  const text = words.join(" ").replace(/([αβγδ]) /g, "$1-");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function hasAnalyteDisplayName(key: string): boolean {
  return Object.hasOwn(ANALYTE_NAMES, key);
}

export function hasPanelDisplayName(key: string): boolean {
  return Object.hasOwn(PANEL_NAMES, key);
}

/**
 * "β-Myrcene" for beta-myrcene, "Δ9-THC" for d9_thc. A key the table does not know reads as the
 * label the lab printed, when there is one, else as the key's words.
 */
export function analyteDisplayName(key: string, printedLabel?: string): string {
  const known = ANALYTE_NAMES[key];
  if (known) return known;
  const label = printedLabel?.replace(/\s+/g, " ").trim();
  return label ? label : nameFromKey(key);
}

/** "Heavy metals" for heavy_metals; an unknown panel reads as its words, sentence-cased. */
export function panelDisplayName(key: string): string {
  return PANEL_NAMES[key] ?? nameFromKey(key.toLowerCase());
}

/** The report's total and uncertain-field names ("totals.thc", "cannabinoids.thca"). */
export function fieldDisplayName(field: string): string {
  const [group, key = ""] = field.split(/\.(.*)/s);
  const perUnit = /^perUnit\.(serving|unit|package)\.(totals|cannabinoids)\.(.+)$/.exec(field);
  if (perUnit) return `${fieldDisplayName(`${perUnit[2]}.${perUnit[3]}`)} per ${perUnit[1]}`;
  if (group === "totals") {
    const totals: Record<string, string> = {
      thc: "Total THC",
      cbd: "Total CBD",
      cannabinoids: "Total cannabinoids",
      terpenes: "Total terpenes",
    };
    return totals[key] ?? nameFromKey(`total ${key}`);
  }
  if (group === "cannabinoids" || group === "terpenes") return analyteDisplayName(key);
  if (group === "safety") return panelDisplayName(key.replace(/^panels\./, ""));
  const facts: Record<string, string> = {
    "lab.name": "Lab name",
    "lab.license": "Lab license",
    "sample.batch": "Batch",
    "sample.sampleId": "Sample ID",
    "sample.productName": "Product name on the COA",
    "sample.dateTested": "Test date",
    "sample.dateIssued": "Issue date",
    "sample.matrix": "Sample type",
    basis: "Basis",
    verificationUrl: "Verification link",
  };
  return facts[field] ?? nameFromKey(field.replace(/\./g, " "));
}
