import type { Row } from "./text-layout";
import { squeezeLetterSpacing } from "./letter-spacing";

/**
 * Which laboratory tested the sample. Its logo is usually an image, and the page also names the
 * client, distributor and producer, so the name is taken from where only the lab names itself,
 * strongest first: the reproduction notice ("without the written approval of X"), an "Analysis
 * by X" line, "tested by X using …", a name ending in Labs / Laboratory / Analytics printed on
 * its own, and last the lab's own web or mail domain.
 */

const NAME = String.raw`((?:[A-Z][\w&'’.-]*|of|and|&)(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&)){0,5})`;
const STATEMENTS: RegExp[] = [
  new RegExp(String.raw`written\s+(?:approval|consent|permission)\s*,?\s+(?:of|from)\s+${NAME}`),
  new RegExp(String.raw`^(?:analysis|analy[sz]ed)\s+by\s*:?\s+${NAME}`, "i"),
  new RegExp(String.raw`(?:tested|generated)\s+by\s+${NAME}\s*(?:,|using|and|\.|$)`),
];
const SUFFIXED =
  /(?:^|\s)((?:[A-Z][A-Za-z&'.-]*\s+){0,3}(?:Laboratories|Laboratory|Labs|Lab|Analytics|Scientific))\b/g;
const SUFFIX_WORD = /^(?:laboratories|laboratory|labs?|analytics|scientific|testing|analytical)$/i;
const NOT_A_NAME =
  /^(?:the|a|an|our|this|that|by|testing|analytical|certified|independent|client|sample|state|licensed|approved|accredited)\b/i;
/** Platforms and mail hosts that many labs share: their domain names no lab. */
const SHARED_HOSTS =
  /(?:confidentcannabis|gmail|yahoo|outlook|hotmail|icloud|qbench|relims|tagleaf|yourcoa|metrc|amazonaws|google)\./i;

export function readLabName(rows: Row[], links: string[]): string | null {
  const cells = rows.flatMap((r) => r.cells.map((c) => repairGlyphs(squeezeLetterSpacing(c.text))));
  for (const pattern of STATEMENTS) {
    for (const text of cells) {
      const name = tidy(pattern.exec(text)?.[1]);
      if (name) return name;
    }
  }
  for (const text of cells) {
    // Letter-spaced letterhead squeezed to one word: "BELCOSTALABS".
    const m = /^([A-Z]{3,}(?:LABS|LABORATORIES|LABORATORY|ANALYTICS))\b/.exec(text);
    const name = m?.[1] ? splitWords(m[1].toLowerCase()) : null;
    if (name && name.includes(" ")) return name;
  }
  const suffixed = bestSuffixedName(rows);
  if (suffixed) return suffixed;
  return letterhead(rows) ?? domainName(cells, links);
}

/**
 * The first line of page one, when the lines beside and under it carry the lab's phone and web
 * address: "CannaSafe - LA  (818) 922-2416" over "7027 Hayvenhurst Ave.  https://www.…".
 */
function letterhead(rows: Row[]): string | null {
  const top = rows.filter((r) => r.page === 1).slice(0, 4);
  const first = top[0]?.cells[0];
  if (!first || !/^[A-Za-z][A-Za-z &'-]{1,40}$/.test(first.text)) return null;
  if (/report|certificate|analysis|results|summary|regulatory|compliance/i.test(first.text)) {
    return null;
  }
  const block = top.map((r) => r.text).join("  ");
  const phone = /\(\d{3}\)\s*\d{3}-\d{4}/.test(top[0]?.text ?? "");
  const site = /https?:\/\/|www\./i.test(block);
  return phone && site ? first.text : null;
}

function tidy(raw: string | undefined): string | null {
  if (!raw) return null;
  const name = raw
    // A sentence ends the name: "CB Labs. Methods: …".
    .replace(/\.\s.*$/, "")
    .replace(/\s+(?:of|and|&)$/i, "")
    .replace(/[,.]+$/, "")
    .trim();
  if (NOT_A_NAME.test(name) || name.split(/\s+/).every((w) => SUFFIX_WORD.test(w))) return null;
  return name.length >= 2 ? name : null;
}

/** A name ending in Labs / Laboratory / Analytics, counted over the report (page one weighs more). */
function bestSuffixedName(rows: Row[]): string | null {
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const cell of row.cells) {
      const text = repairGlyphs(squeezeLetterSpacing(cell.text));
      for (const match of text.matchAll(SUFFIXED)) {
        const name = tidy(match[1]?.trim());
        if (!name || name.split(/\s+/).length < 2) continue;
        counts.set(name, (counts.get(name) ?? 0) + (row.page === 1 ? 2 : 1));
      }
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** "www.cdxanalytics.com" → "CDX Analytics"; the lab's own site or mailbox, never a platform's. */
function domainName(cells: string[], links: string[]): string | null {
  const hosts: string[] = [];
  for (const text of [...links, ...cells]) {
    for (const m of text.matchAll(
      /(?:https?:\/\/|www\.|@)([a-z0-9.-]+\.(?:com|net|org|us|io|co))\b/gi,
    )) {
      const host = (m[1] ?? "").toLowerCase().replace(/^www\./, "");
      // A subdomain (lims.example.com) is usually a hosted portal, not the lab itself.
      if (host.split(".").length === 2 || m[0].startsWith("@")) hosts.push(host);
    }
  }
  const host = hosts.find(
    (h) => !SHARED_HOSTS.test(h) && !/^(?:ma|ca|co|fl|ok|wa|ky|tn)\./.test(h),
  );
  const fromMail = hosts.find((h) => !SHARED_HOSTS.test(h));
  const chosen = host ?? fromMail;
  if (!chosen) return null;
  const parts = chosen.split(".");
  return splitWords(parts[parts.length - 2] ?? "");
}

function splitWords(word: string): string | null {
  if (word.length < 3) return null;
  const tail: string[] = [];
  let rest = word;
  for (;;) {
    const m = /(laboratories|laboratory|labs|lab|analytics|scientific|testing)$/.exec(rest);
    if (!m?.[1] || m[1].length === rest.length) break;
    tail.unshift(m[1]);
    rest = rest.slice(0, -m[1].length);
  }
  const head = rest.length <= 3 ? rest.toUpperCase() : capitalize(rest);
  return [head, ...tail.map(capitalize)].join(" ");
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Fonts that lose the "fi" ligature print "In×nite", "Con×dent". */
function repairGlyphs(text: string): string {
  return text.replace(/([a-z])×([a-z])/gi, "$1fi$2");
}
