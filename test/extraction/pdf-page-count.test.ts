import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { countPdfPages } from "~/pipeline/count-pdf-pages";

// The upload's page count (read from the page tree, nothing decompressed) against pdf.js's
// numPages, the count the reader checks its page limit on (app/integrations/pdf-text-worker.server.ts).
// The corpus sits beside the repository (../shared/coa-corpus); COA_CORPUS_DIR overrides it.
const repo = resolve(import.meta.dirname, "../..");
const corpusDir = process.env.COA_CORPUS_DIR ?? resolve(repo, "../shared/coa-corpus");
const fixtures = resolve(repo, "test/fixtures");
// Unlabelled real COAs, when present (COA_WILD_DIR, as bench:extraction-wild).
const wildDir = process.env.COA_WILD_DIR ?? resolve(repo, "../shared/coa-wild");

function pdfsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".pdf"))
    .sort()
    .map((file) => join(dir, file));
}

async function readerPageCount(bytes: Uint8Array): Promise<number> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getInfo()).total;
  } finally {
    await parser.destroy();
  }
}

describe("the page count taken at upload", () => {
  it("is the reader's count for every COA of the corpus, the fixtures and the unlabelled ones", async () => {
    // A missing corpus is a broken checkout, not a reason to skip.
    expect(existsSync(corpusDir), `The COA corpus is missing: ${corpusDir}`).toBe(true);
    const files = [
      ...pdfsIn(corpusDir),
      ...pdfsIn(join(fixtures, "coa")),
      ...(existsSync(wildDir) ? pdfsIn(wildDir) : []),
    ];
    expect(files.length).toBeGreaterThanOrEqual(25);
    const differing: string[] = [];
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      const counted = countPdfPages(bytes);
      const read = await readerPageCount(bytes);
      if (counted !== read) differing.push(`${file}: ${counted} at upload, ${read} read`);
    }
    expect(differing).toEqual([]);
  });

  it("counts a password-protected PDF's pages without opening it (its page tree is not encrypted)", async () => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, "user-password-encrypted.pdf")));
    const counted = countPdfPages(bytes);
    expect(counted).toBeGreaterThan(0);
    await expect(readerPageCount(bytes)).rejects.toThrow(/password/i);
  });
});
