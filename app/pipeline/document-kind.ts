import type { Row } from "./text-layout";

/**
 * What a PDF is, before any result is read from it: a COA in English (the only language the
 * engine reads), a COA in another language, or not a COA at all (a chromatography instrument's
 * printout, a web page printed from a browser). A half-reading of either is never presented as a
 * report: the merchant is told what the file is instead.
 */
export type DocumentKind = "coa" | "not-a-coa" | "unsupported-language";

export function classifyDocument(rows: Row[]): DocumentKind {
  const text = rows.map((r) => r.text).join("\n");
  if (isInstrumentPrintout(text) || isBrowserPrintout(rows)) return "not-a-coa";
  if (!readsAsEnglish(text)) return "unsupported-language";
  return "coa";
}

/**
 * A chromatography data system's run report (Chromeleon, OpenLab, Empower): injection details and
 * a peak table of retention times and areas, with nothing of a certificate around them. A lab
 * attaches such pages to a COA; alone, they are raw instrument output, not a result for a sample.
 */
function isInstrumentPrintout(text: string): boolean {
  const markers = [
    /injection\s+(?:details|name|volume|date)/i,
    /retention\s+time/i,
    /peak\s+name/i,
    /integration\s+results/i,
    /chromatogram/i,
    /instrument\s+method|processing\s+method/i,
    /run\s+time\s*\(min\)/i,
  ].filter((pattern) => pattern.test(text)).length;
  const certificate =
    /certificate\s+of\s+analysis|certificado\s+de\s+an[aá]lisis|\bCOA\b|analytical\s+report|test\s+report|report\s+of\s+analysis|lab(?:oratory)?\s+results/i.test(
      text,
    );
  return markers >= 4 && !certificate;
}

/**
 * A web page printed from a browser: each page starts with the print's date and time and ends with
 * the page's address and a page counter. It is a screen of some website, not the lab's document.
 */
function isBrowserPrintout(rows: Row[]): boolean {
  const pages = [...new Set(rows.map((r) => r.page))];
  if (pages.length === 0) return false;
  return pages.every((page) => {
    const own = rows.filter((r) => r.page === page);
    const first = own[0]?.text ?? "";
    const last = own[own.length - 1]?.text ?? "";
    const stamped =
      /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4},?\s+\d{1,2}:\d{2}\s*(?:[ap]\.?\s?m\.?)?/i.test(first);
    const footer =
      /https?:\/\/\S+/.test(last) &&
      /\b(?:page|p[aá]gina|p[aá]g\.?)\s*\d+\s*(?:of|de|\/)\s*\d+|\b\d+\s*\/\s*\d+\s*$/i.test(last);
    return stamped && footer;
  });
}

// The commonest short words of each language: a COA's labels and prose use them, its numbers
// and analyte names do not. English words are counted against Spanish, Portuguese and French ones.
const ENGLISH = new Set(
  "the of and for to in by on at with is are was not this that from date sample results result tested test total report batch product name analysis analyzed received".split(
    " ",
  ),
);
const OTHER = new Set(
  "de del la las los el y para por con en es son una un fecha muestra resultados resultado total análisis analisis lote producto nombre informe cliente recepción laboratorio do da das dos em para não resultados amostra data du des le et pour par avec est sont échantillon résultats".split(
    " ",
  ),
);

/** Whether the document's words are mostly English (a Spanish COA with English analyte names is not). */
export function readsAsEnglish(text: string): boolean {
  let english = 0;
  let other = 0;
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    if (ENGLISH.has(word)) english++;
    else if (OTHER.has(word)) other++;
  }
  // "total" and "para" are both: counted on each side, they cancel out.
  return english + other < 10 || english >= other;
}
