import type { PanelStatus } from "./lab-report";

/**
 * Safety panel names and verdict words, in the spellings labs print. A panel name folds to a
 * canonical key (PANEL_KEYS and a few more that labs report on their own), or else to its own
 * words in snake_case.
 */

const PANEL_NAMES: [RegExp, string][] = [
  [
    /^(pesticides?|chemical residues?|agricultural agents|pesticide residues?|lc pesticides|pesticide residue screen|pesticides? screen)$/,
    "pesticides",
  ],
  [/^(heavy metals?|metals|heavy metal screen)$/, "heavy_metals"],
  [
    /^(microbials?|microbiology|microbiological|microbial contaminants|microbes|microbiological contaminants|microbial \(?qpcr\)?|microbiology \(?qpcr\)?|compliance microbials?|microbiological screen|microbial screen)$/,
    "microbials",
  ],
  [/^(mycotoxins?|mycotoxin screen)$/, "mycotoxins"],
  [/^(residual solvents?|solvents|residuals solvents|residual solvent)$/, "residual_solvents"],
  [/^(water activity)$/, "water_activity"],
  [/^((?:percent )?moisture(?: content)?|moist)$/, "moisture"],
  [
    /^(foreign matter|foreign materials?|filth|filth (?:and|&)? ?foreign(?: materials?| matter)?|filth\/foreign materials?|foreign matter ?(?:\/|\+|and|&)? ?seeds)$/,
    "foreign_matter",
  ],
  [
    /^(potency|cannabinoids?|cannabinoid profile|cannabinoid potency|potency profile|total cannabinoids)$/,
    "cannabinoids",
  ],
  [/^(terpenes?|terps?|terpene profile|terpenoids|total terpenes|terpenes total)$/, "terpenes"],
  [/^(total yeast (?:and|&)? ?molds?|yeast (?:and|&)? ?molds?)$/, "total_yeast_mold"],
  [/^(pathogenic(?: bacteria)?|pathogens?)$/, "pathogenic_bacteria"],
  [/^(total coliforms?)$/, "total_coliforms"],
  [/^(total aerobic(?: bacteria| count| plate count)?)$/, "total_aerobic"],
  [/^(entero-? ?bacteriaceae|bile[- ]tolerant gram[- ]negative bacteria)$/, "enterobacteriaceae"],
  [/^(vitamin e(?: acetate)?)$/, "vitamin_e_acetate"],
  [/^(total contaminant(?: load)?)$/, "total_contaminant_load"],
];

/** Words that decorate a panel's name without changing it ("Heavy Metals Lab Results"). */
const DECORATION =
  /\s+(?:lab results|results?|screening|screen|analysis|testing|tests?|add on|profile)$/;
/** A parenthetical that only says how a panel is reported: "(Pass/Fail)", "(%)", "(Aw)". */
const REPORTING_NOTE = /\s*\((?:[^)]*\/[^)]*|%|aw|ppm|ppb|cfu\/g)\)$/;

function fold(name: string): string {
  return name
    .toLowerCase()
    .replace(/[:*✔✓]/g, "")
    .replace(/_/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function canonical(folded: string): string | null {
  for (const [pattern, key] of PANEL_NAMES) if (pattern.test(folded)) return key;
  return null;
}

/** Panel key for a printed (or recorded) panel name: a known key, or the name in snake_case. */
export function panelKey(name: string): string {
  return knownPanel(name) ?? snake(fold(name));
}

function snake(text: string): string {
  return text.replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
}

/**
 * The key of a printed panel name, or null when the text is not a panel's name. A known panel
 * with a qualifier ("Metals (Ingest Only)") is its own panel, keyed by all its words.
 */
export function knownPanel(name: string): string | null {
  let folded = fold(name).replace(REPORTING_NOTE, "");
  if (folded.length > 60) return null;
  for (let i = 0; i < 3; i++) {
    const key = canonical(folded);
    if (key) return key;
    // "Metals (Ingest Only)", "Chemical Residue GC": a known panel run a second way.
    const qualified = /^(.+?) (?:\([^)]+\)|gc|lc|gc-ms|lc-ms)$/.exec(folded);
    if (qualified && canonical(qualified[1] ?? "")) return snake(folded);
    folded = folded.replace(DECORATION, "");
  }
  return null;
}

/**
 * A check mark printed on its own: the panel was run. Icon fonts (Font Awesome's check, check-circle,
 * check-square) draw it from private-use code points, which is how it reaches the text layer.
 */
const CHECK_MARK = /^[✔✓√\uf00c\uf058\uf05d\uf14a\uf046]+$/;

export function parseStatus(text: string): PanelStatus | null {
  if (CHECK_MARK.test(text.replace(/\s+/g, ""))) return "tested";
  const t = text.replace(/[✔✓√]/g, "").replace(/\s+/g, "").toLowerCase();
  if (/^(pass|passed|p)$/.test(t)) return "pass";
  if (/^(fail|failed|f)$/.test(t)) return "fail";
  if (/^(nt|nottested|ne|notevaluated|notperformed|notapplicable)$/.test(t)) return "not-tested";
  if (/^(complete|completed|tested|y)$/.test(t)) return "tested";
  return null;
}

/** Symbols a report defines in its own legend: `"-" = Not Tested`, `P = Pass`. */
export function readLegend(texts: string[]): Map<string, PanelStatus> {
  const legend = new Map<string, PanelStatus>();
  for (const text of texts) {
    if (parseStatus(text)) continue;
    const m = /^"?([^\s"=]{1,3})"?\s*=\s*(pass|fail|tested|not tested)$/i.exec(text.trim());
    const status = m?.[2] ? parseStatus(m[2]) : null;
    if (m?.[1] && status) legend.set(m[1].toLowerCase(), status);
  }
  return legend;
}
