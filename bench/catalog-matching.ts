/**
 * npm run bench:catalog-matching — bulk matching's share of right proposals on the corpus COAs named
 * after products, against the 50-product catalog of test/fixtures/catalog-50.ts.
 *
 * Real: the PDF reader and extraction on each COA (text layer only; no OCR repair), the matcher. The
 * catalog is given directly (the Admin API read is covered by test/matching). Upload names are not
 * used: only what the COA prints. COA_CORPUS_DIR points elsewhere (default ../shared/coa-corpus).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { readPdfText } from "~/integrations/pdf-text.server";
import { HIGH_CONFIDENCE, matchCoaToCatalog, type CatalogEntry } from "~/pipeline/catalog-match";
import { extractLabReport } from "~/pipeline/extract-lab-report";
import { CATALOG_50 } from "../test/fixtures/catalog-50";

const DIR = process.env.COA_CORPUS_DIR ?? path.resolve("../shared/coa-corpus");

async function main() {
  const catalog: CatalogEntry[] = CATALOG_50.map((p, i) => ({
    id: `product-${i}`,
    title: p.title,
    variants: (p.variants ?? [{ title: "Default Title" }]).map((v, j) => ({
      id: `variant-${i}-${j}`,
      title: v.title,
      sku: v.sku ?? null,
    })),
  }));
  const truth = new Map(CATALOG_50.map((p, i) => [p.corpus, `product-${i}`]));
  const files = readdirSync(DIR).filter((f) => f.endsWith(".pdf") && truth.has(f.slice(0, 2)));
  let right = 0;
  let proposed = 0;
  let confidentWrong = 0;
  for (const file of files) {
    const read = await readPdfText(new Uint8Array(readFileSync(path.join(DIR, file))));
    let line = `${file.padEnd(52)} `;
    if (!read.ok) {
      console.log(`${line}unreadable: ${read.error.message}`);
      continue;
    }
    const extracted = await extractLabReport(read.document);
    if (!extracted.ok) {
      console.log(`${line}not extracted: ${extracted.error.message}`);
      continue;
    }
    const page = read.document.pages[0]?.items.map((i) => i.str).join(" ") ?? "";
    const match = matchCoaToCatalog({ ...extracted.report.sample, documentText: page }, catalog);
    const ok = match?.productId === truth.get(file.slice(0, 2));
    if (match) proposed += 1;
    if (ok) right += 1;
    if (match && !ok && match.confidence >= HIGH_CONFIDENCE) confidentWrong += 1;
    line += match
      ? `${ok ? "right" : "WRONG"} → ${match.productTitle}${match.variantTitle ? ` / ${match.variantTitle}` : ""} (${match.confidence}, ${match.basis})`
      : "no proposal";
    console.log(line);
  }
  console.log(
    `\n${right}/${files.length} matched right (${((100 * right) / files.length).toFixed(0)} %), ` +
      `${proposed} proposed, ${confidentWrong} wrong at confidence ≥ ${HIGH_CONFIDENCE}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
