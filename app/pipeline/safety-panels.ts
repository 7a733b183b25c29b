import type { LabReport, PanelStatus } from "./lab-report";
import { nearCell } from "./labelled-values";
import { parseDate } from "./coa-dates";
import type { Row } from "./text-layout";

/** Safety panels and the overall verdict, in the words labs print them. */

const PANEL_NAMES: [RegExp, string][] = [
  [
    /^(pesticides?|chemical residues?|agricultural agents|pesticide residues?|lc pesticides)$/,
    "pesticides",
  ],
  [/^(heavy metals?|metals)$/, "heavy_metals"],
  [
    /^(microbials?|microbiology|microbiological|microbial contaminants|microbes|microbiological contaminants|microbial \(?qpcr\)?)$/,
    "microbials",
  ],
  [/^(mycotoxins?)$/, "mycotoxins"],
  [/^(residual solvents?|solvents|residuals solvents|residual solvent)$/, "residual_solvents"],
  [/^(water activity)$/, "water_activity"],
  [/^(moisture(?: content)?)$/, "moisture"],
  [
    /^(foreign matter|foreign materials?|filth|filth (?:and|&) foreign(?: material)?|filth\/foreign material|foreign matter\/seeds)$/,
    "foreign_matter",
  ],
  [/^(potency|cannabinoids?|cannabinoid profile|cannabinoid potency)$/, "cannabinoids"],
  [/^(terpenes?|terpene profile|terpenoids)$/, "terpenes"],
];

/** Panel key for a printed (or recorded) panel name: a known key, or the name in snake_case. */
export function panelKey(name: string): string {
  const folded = name
    .toLowerCase()
    .replace(/[:*✔✓]/g, "")
    .replace(/_/g, " ")
    .trim();
  for (const [pattern, key] of PANEL_NAMES) if (pattern.test(folded)) return key;
  return folded.replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
}

function knownPanel(name: string): string | null {
  const key = panelKey(name);
  return PANEL_NAMES.some(([, k]) => k === key) ? key : null;
}

export function parseStatus(text: string): PanelStatus | null {
  const t = text.replace(/[✔✓√]/g, "").replace(/\s+/g, "").toLowerCase();
  if (/^(pass|passed|p)$/.test(t)) return "pass";
  if (/^(fail|failed|f)$/.test(t)) return "fail";
  if (/^(nt|nottested|ne|notevaluated|notperformed)$/.test(t)) return "not-tested";
  if (/^(complete|completed|tested|y)$/.test(t)) return "tested";
  return null;
}

export function readSafety(rows: Row[]): LabReport["safety"] {
  const panels = new Map<string, PanelStatus>();
  rows.forEach((row, rowIndex) => {
    row.cells.forEach((cell, c) => {
      const key = knownPanel(cell.text);
      if (!key || panels.has(key)) return;
      // To the right, past dates and numbers (a summary table's "tested on" and "result" cells).
      for (let k = c + 1; k < Math.min(row.cells.length, c + 6); k++) {
        const next = row.cells[k];
        if (!next) break;
        const status = parseStatus(next.text) ?? trailingStatus(next.text);
        if (status) {
          panels.set(key, status);
          return;
        }
        if (knownPanel(next.text) || !isSkippable(next.text)) break;
      }
      for (const direction of [1, -1] as const) {
        const near = nearCell(rows, rowIndex, cell, direction);
        const status = near ? parseStatus(near.text) : null;
        if (status) {
          panels.set(key, status);
          return;
        }
      }
    });
  });
  return {
    overall: readOverall(rows),
    panels: [...panels].map(([panel, status]) => ({ panel, status })),
  };
}

function isSkippable(text: string): boolean {
  return (
    parseDate(text) !== null ||
    /^[<>]?\s*[\d.,]+\s*(%|aw|ppm|ppb|cfu\/g)?$/i.test(text) ||
    /^(n\/a|na|%|ppm|ppb|cannabinoids|mycotoxins|< ?mrl)$/i.test(text)
  );
}

/** "0.51 aw - Pass", "12.2% - Complete". */
function trailingStatus(text: string): PanelStatus | null {
  const m = /(?:^|[\s-])(pass|passed|fail|failed|complete|not tested)$/i.exec(text);
  return m?.[1] ? parseStatus(m[1]) : null;
}

function readOverall(rows: Row[]): PanelStatus | null {
  const label =
    /^(?:.*\|\s*)?(overall batch results?|overall results?|batch results?|overall status|batch status|batch|summary)\s*:?\s*(pass(?:ed)?|fail(?:ed)?)?$/i;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!row) continue;
    for (let c = 0; c < row.cells.length; c++) {
      const cell = row.cells[c];
      if (!cell) continue;
      const m = label.exec(cell.text);
      if (!m) continue;
      if (m[2]) return parseStatus(m[2]);
      for (let k = c + 1; k < Math.min(row.cells.length, c + 4); k++) {
        const status = parseStatus(row.cells[k]?.text ?? "");
        if (status === "pass" || status === "fail") return status;
        if (!isSkippable(row.cells[k]?.text ?? "")) break;
      }
    }
  }
  return null;
}
