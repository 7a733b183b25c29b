import type { Row } from "./text-layout";

/**
 * A text layer can be present yet wrong: some PDFs carry fonts whose ToUnicode map is off, so
 * digits and letters come out shifted ("832.7" reads "943>8"). The numbers look plausible, so the
 * only safe test is whether the words do: a real COA is full of words a reader knows.
 */
const KNOWN_WORDS =
  /\b(thc|cbd|thca|cbda|cbg|cbn|total|cannabinoids?|terpenes?|sample|batch|result|results|analysis|date|pass|lab|laboratory|pesticides?|metals|microbial|moisture|method|lod|loq|nd|certificate|report|client|license)\b/gi;

/** Below this share of letters a page is not text at all: real COA pages run 0.45 to 0.9. */
const MIN_PAGE_LETTERS = 0.2;

export function isGarbledTextLayer(rows: Row[]): boolean {
  // One garbled page (the potency page in its own font) is enough to distrust the numbers.
  if (pagesOf(rows).some((page) => pageIsGarbled(page))) return true;
  const text = rows.map((r) => r.text).join("\n");
  const visible = text.replace(/\s/g, "");
  if (visible.length < 200) return false;
  const letters = (visible.match(/[A-Za-z]/g) ?? []).length;
  const words = (text.match(KNOWN_WORDS) ?? []).length;
  const perThousand = (words * 1000) / visible.length;
  return letters / visible.length < 0.35 || (perThousand < 2 && !/thc|cbd|cannabinoid/i.test(text));
}

function pagesOf(rows: Row[]): Row[][] {
  const pages = new Map<number, Row[]>();
  for (const row of rows) {
    const page = pages.get(row.page);
    if (page) page.push(row);
    else pages.set(row.page, [row]);
  }
  return [...pages.values()];
}

/** Share of letters from which a page reads as text: the whole-report test's threshold. */
const MIN_WORD_PAGE_LETTERS = 0.35;

/**
 * The pages whose words can be believed on a report that is garbled elsewhere: mostly letters and
 * at least a few words every COA uses. A page must prove itself; a short or unusual one is left out.
 */
export function pagesReadingAsWords(rows: Row[]): Set<number> {
  const readable = new Set<number>();
  for (const page of pagesOf(rows)) {
    const text = page.map((r) => r.text).join("\n");
    const visible = text.replace(/\s/g, "");
    const letters = (visible.match(/[A-Za-z]/g) ?? []).length;
    const words = (text.match(KNOWN_WORDS) ?? []).length;
    const first = page[0];
    if (
      first &&
      visible.length >= 40 &&
      letters / visible.length >= MIN_WORD_PAGE_LETTERS &&
      words >= 3
    ) {
      readable.add(first.page);
    }
  }
  return readable;
}

function pageIsGarbled(rows: Row[]): boolean {
  const visible = rows.map((r) => r.text.replace(/\s/g, "")).join("");
  if (visible.length < 200) return false;
  const letters = (visible.match(/[A-Za-z]/g) ?? []).length;
  return letters / visible.length < MIN_PAGE_LETTERS;
}
