import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPdf, textPdf } from "../../test/pdf-builder";
import { countPdfPages } from "./count-pdf-pages";

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** A page tree whose root is `pagesDict`, with one real page. */
function treePdf(pagesDict: string, catalog = "<< /Type /Catalog /Pages 2 0 R >>"): Uint8Array {
  return buildPdf([catalog, pagesDict, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]);
}

/** Times `work` with the clock; the bounds asserted below are generous, for a busy machine. */
function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

describe("the page count a PDF declares", () => {
  it("is read from the page tree's root through the trailer and the catalog", () => {
    expect(countPdfPages(textPdf([["one"], ["two"], ["three"]]))).toBe(3);
    expect(countPdfPages(textPdf([]))).toBe(0);
  });

  it("is the declared count even when it is huge, so the upload can refuse it unread", () => {
    expect(countPdfPages(treePdf("<< /Type /Pages /Kids [3 0 R] /Count 100000 >>"))).toBe(100000);
  });

  it("ignores counts in comments, strings and nested dictionaries of the root", () => {
    const tree = `<< /Type /Pages % /Count 900
      /Note (/Count 901) /Extra << /Count 902 >> /Kids [3 0 R] /Count 1 >>`;
    expect(countPdfPages(treePdf(tree))).toBe(1);
  });

  it("is unknown when the count is not a plain non-negative integer", () => {
    for (const count of ["4 0 R", "-1", "3.0", "99999999999", "/Three", "(3)"]) {
      expect(countPdfPages(treePdf(`<< /Type /Pages /Kids [3 0 R] /Count ${count} >>`))).toBe(null);
    }
  });

  it("is unknown when the catalog has no page tree or names it inline", () => {
    expect(countPdfPages(treePdf("<< /Count 1 >>", "<< /Type /Catalog >>"))).toBe(null);
    const inline = "<< /Type /Catalog /Pages << /Type /Pages /Count 1 /Kids [] >> >>";
    expect(countPdfPages(treePdf("<< /Count 1 >>", inline))).toBe(null);
  });

  it("finds the objects by their headers when the cross-reference offsets are wrong", () => {
    const text = Buffer.from(textPdf([["a"], ["b"]])).toString("latin1");
    // Every offset in the table 7 bytes off, and the startxref pointing nowhere.
    const shifted = text
      .replace(
        /^(\d{10}) 00000 n/gm,
        (_m, offset: string) => `${String(Number(offset) + 7).padStart(10, "0")} 00000 n`,
      )
      .replace(/startxref\n\d+/, "startxref\n999999999");
    expect(countPdfPages(latin1(shifted))).toBe(2);
  });

  it("tells object 1 from object 11 when looking for headers", () => {
    // Objects 11 and 12 are decoys whose headers end in "1 0 obj" and "2 0 obj"; with no table,
    // the objects are found by their headers only.
    const objects = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R >>",
      ...Array.from({ length: 7 }, () => "null"),
      "<< /Type /Pages /Count 7 >>",
      "<< /Type /Pages /Count 8 >>",
    ];
    const text = Buffer.from(buildPdf(objects))
      .toString("latin1")
      .replace(/xref[\s\S]*$/, "");
    const noTable = `${text}trailer\n<< /Root 1 0 R >>\n%%EOF\n`;
    expect(countPdfPages(latin1(noTable))).toBe(1);
  });

  it("is unknown when the catalog lives only in a compressed object stream", () => {
    const empty = "x\x9c\x03\x00\x00\x00\x00\x01";
    const head =
      "%PDF-1.7\n" +
      `4 0 obj\n<< /Type /ObjStm /N 2 /First 8 /Filter /FlateDecode /Length 8 >>\nstream\n${empty}\nendstream\nendobj\n`;
    const xref = `5 0 obj\n<< /Type /XRef /Root 1 0 R /Size 6 /W [1 2 1] /Filter /FlateDecode /Length 8 >>\nstream\n${empty}\nendstream\nendobj\n`;
    const pdf = latin1(`${head}${xref}startxref\n${head.length}\n%%EOF\n`);
    expect(countPdfPages(pdf)).toBe(null);
  });

  it("takes a linearized file's /N only when its /L is the file's length", () => {
    const body = Buffer.from(treePdf("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")).toString(
      "latin1",
    );
    const linearized = (length: number) =>
      body.replace(
        "%PDF-1.7\n",
        `%PDF-1.7\n99 0 obj\n<< /Linearized 1 /L ${String(length).padStart(8, "0")} /H [0 0] /O 3 /E 0 /N 5 /T 0 >>\nendobj\n`,
      );
    const size = latin1(linearized(0)).length;
    expect(countPdfPages(latin1(linearized(size)))).toBe(5);
    expect(countPdfPages(latin1(linearized(size + 1)))).toBe(1);
  });

  it("stops at a cross-reference chain that loops", () => {
    const text = Buffer.from(textPdf([["a"]])).toString("latin1");
    const xrefAt = /startxref\n(\d+)/.exec(text)?.[1] ?? "0";
    const looped = text.replace("/Root 1 0 R", `/Root 1 0 R /Prev ${xrefAt}`);
    expect(countPdfPages(latin1(looped))).toBe(1);
  });

  it("gives up on a page tree that never closes, reading a bounded window of it", () => {
    const open = "<< /Type /Pages /Kids [" + "3 0 R ".repeat(1_000_000);
    const pdf = latin1(
      `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n${open}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    );
    const { value, ms } = timed(() => countPdfPages(pdf));
    expect(value).toBe(null);
    expect(ms).toBeLessThan(1_000);
  });

  it("survives deep nesting in the catalog without recursion", () => {
    const deep = "[".repeat(500_000);
    const pdf = treePdf(
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< /A ${deep} /Pages 2 0 R >>`,
    );
    expect(countPdfPages(pdf)).toBe(null);
  });

  it("answers 20 MB of noise after the magic bytes with unknown, quickly", () => {
    let state = 7;
    const noise = new Uint8Array(20 * 1024 * 1024).map(() => {
      state = (state * 1103515245 + 12345) >>> 0;
      return state >>> 24;
    });
    const pdf = join(latin1("%PDF-1.7\n"), noise, latin1("\ntrailer\n<< /Root 1 0 R >>\n"));
    const { value, ms } = timed(() => countPdfPages(pdf));
    expect(value).toBe(null);
    expect(ms).toBeLessThan(2_000);
  });

  it("never throws on a COA cut short or with flipped bits, and a cut copy is never miscounted", () => {
    const coa = new Uint8Array(readFileSync("test/fixtures/coa/01_sc-labs_cherry-punch.pdf"));
    const whole = countPdfPages(coa);
    expect(whole).toBeGreaterThan(0);
    for (let cut = 1; cut < 200; cut++) {
      const counted = countPdfPages(coa.subarray(0, Math.floor((coa.length * cut) / 200)));
      expect([null, whole]).toContain(counted);
    }
    let state = 11;
    for (let copy = 0; copy < 200; copy++) {
      const flipped = coa.slice();
      for (let flip = 0; flip < 20; flip++) {
        state = (state * 1103515245 + 12345) >>> 0;
        const at = state % flipped.length;
        flipped[at] = (flipped[at] ?? 0) ^ (1 << (state >>> 29));
      }
      const counted = countPdfPages(flipped);
      expect(counted === null || Number.isInteger(counted)).toBe(true);
    }
  });
});
