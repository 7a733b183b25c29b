import { createDeflate } from "node:zlib";
import { buildPdf, densePdf, textPdf } from "../test/pdf-builder";

/**
 * Hostile PDFs for bench/hostile.ts, made from the corpus's COAs and from scratch: damaged copies
 * (truncations, bit flips, broken cross-reference tables), decompression bombs in every kind of
 * stream pdf.js inflates, huge page counts, dense text, encryption, nesting, JavaScript and pages
 * with no text. Deterministic: a seeded generator, so two runs read the same files.
 */

export interface Variant {
  name: string;
  kind: string;
  bytes: Uint8Array;
}

/** A small, seeded pseudo-random generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `total` bytes of `fill`, deflated as they stream (the inflated form is never held here). */
export async function deflatedRun(total: number, fill = 0): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => parts.push(chunk));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  const block = Buffer.alloc(16 * 1024 * 1024, fill);
  for (let left = total; left > 0; left -= block.length) {
    const piece = left >= block.length ? block : block.subarray(0, left);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(parts);
}

function deflatedOnce(data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const deflate = createDeflate({ level: 9 });
    const parts: Buffer[] = [];
    deflate.on("data", (chunk: Buffer) => parts.push(chunk));
    deflate.on("end", () => resolve(Buffer.concat(parts)));
    deflate.on("error", reject);
    deflate.end(data);
  });
}

/** A stream object's text, its data kept byte for byte (latin1). */
function stream(dict: string, data: Buffer): string {
  return `<< ${dict} /Length ${data.length} >>\nstream\n${data.toString("latin1")}\nendstream`;
}

const PAGE = "/Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]";
const TEXT = "BT /F1 12 Tf 40 700 Td (Total THC 20.1 %) Tj ET";

/**
 * One document per place a stream is inflated: the page's content, a font program (TrueType,
 * Type 1, CFF), a ToUnicode map, an image, an ICC profile, a form XObject, an annotation's
 * appearance, the document's metadata, an object stream and a cross-reference stream. Each
 * inflates to `size` bytes, through the given filter chain.
 */
export async function bombs(size: number): Promise<Variant[]> {
  const spaces = await deflatedRun(size, 0x20);
  const zeros = await deflatedRun(size, 0);
  const twice = await deflatedOnce(zeros);
  const hex = Buffer.from(zeros.toString("hex") + ">", "latin1");
  const chains: [string, string, Buffer, Buffer][] = [
    ["flate", "/Filter /FlateDecode", zeros, spaces],
    ["flate-of-flate", "/Filter [/FlateDecode /FlateDecode]", twice, await deflatedOnce(spaces)],
    [
      "hex-then-flate",
      "/Filter [/ASCIIHexDecode /FlateDecode]",
      hex,
      Buffer.from(spaces.toString("hex") + ">", "latin1"),
    ],
  ];
  const variants: Variant[] = [];
  for (const [filterName, filter, data, spaceData] of chains) {
    const font = (file: string, subtype: string, extra = "") => [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< ${PAGE} /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>`,
      stream("", Buffer.from(TEXT)),
      `<< /Type /Font /Subtype /${subtype} /BaseFont /Bomb /FirstChar 32 /LastChar 126 /Widths [${"500 ".repeat(95)}] /FontDescriptor 6 0 R ${extra} >>`,
      `<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /${file} 7 0 R >>`,
      stream(`${filter} ${file === "FontFile3" ? "/Subtype /Type1C" : ""}`, data),
    ];
    const withImage = (imageDict: string, content = "q 612 0 0 792 0 0 cm /Im1 Do Q") => [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< ${PAGE} /Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>`,
      stream("", Buffer.from(`${content} ${TEXT}`)),
      stream(`/Type /XObject ${imageDict} ${filter}`, data),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ];
    const side = Math.floor(Math.sqrt(size / 3));
    const documents: Record<string, string[]> = {
      content: [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        `<< ${PAGE} /Resources << >> /Contents 4 0 R >>`,
        stream(filter, spaceData),
      ],
      "font-truetype": font("FontFile2", "TrueType"),
      "font-type1": font("FontFile", "Type1"),
      "font-cff": font("FontFile3", "Type1"),
      "to-unicode": [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        `<< ${PAGE} /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>`,
        stream("", Buffer.from(TEXT)),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        stream(filter, spaceData),
      ],
      image: withImage(
        `/Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceRGB /BitsPerComponent 8`,
      ),
      "image-qr-shaped": withImage(
        "/Subtype /Image /Width 200 /Height 200 /ColorSpace /DeviceGray /BitsPerComponent 8",
      ),
      form: withImage("/Subtype /Form /BBox [0 0 612 792]", "/Im1 Do"),
      "icc-profile": [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        `<< ${PAGE} /Resources << /ColorSpace << /CS1 [/ICCBased 5 0 R] >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>`,
        stream("", Buffer.from(`/CS1 cs 0.5 0.5 0.5 sc 0 0 100 100 re f ${TEXT}`)),
        stream(`/N 3 ${filter}`, data),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      ],
      annotation: [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        `<< ${PAGE} /Annots [5 0 R] /Resources << /Font << /F1 6 0 R >> >> /Contents 4 0 R >>`,
        stream("", Buffer.from(TEXT)),
        "<< /Type /Annot /Subtype /Square /Rect [0 0 100 100] /AP << /N 7 0 R >> >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(`/Type /XObject /Subtype /Form /BBox [0 0 100 100] ${filter}`, spaceData),
      ],
      metadata: [
        "<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        `<< ${PAGE} /Resources << /Font << /F1 6 0 R >> >> /Contents 4 0 R >>`,
        stream("", Buffer.from(TEXT)),
        stream(`/Type /Metadata /Subtype /XML ${filter}`, spaceData),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      ],
      "object-stream": [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        `<< ${PAGE} /Resources << /Font << /F1 6 0 R >> >> /Contents 4 0 R >>`,
        stream("", Buffer.from(TEXT)),
        stream(`/Type /ObjStm /N 1 /First 4 ${filter}`, spaceData),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      ],
    };
    for (const [place, objects] of Object.entries(documents)) {
      variants.push({
        name: `bomb ${place} ${filterName}`,
        kind: "bomb",
        bytes: buildPdf(objects),
      });
    }
    variants.push({
      name: `bomb xref-stream ${filterName}`,
      kind: "bomb",
      bytes: xrefStreamBomb(filter, spaceData),
    });
  }
  return variants;
}

/** A file whose cross-reference table is a stream that inflates without end. */
function xrefStreamBomb(filter: string, data: Buffer): Uint8Array {
  const head = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
  const at = Buffer.byteLength(head, "latin1");
  const body = `${head}3 0 obj\n${stream(`/Type /XRef /Size 4 /W [1 4 2] /Root 1 0 R ${filter}`, data)}\nendobj\n`;
  return new Uint8Array(Buffer.from(`${body}startxref\n${at}\n%%EOF\n`, "latin1"));
}

/** Truncated, bit-flipped, block-damaged and xref-broken copies of one COA. */
export function damaged(name: string, bytes: Uint8Array, count: number, seed: number): Variant[] {
  const next = random(seed);
  const variants: Variant[] = [];
  const text = Buffer.from(bytes).toString("latin1");
  for (let i = 0; i < count; i++) {
    const copy = new Uint8Array(bytes);
    const pick = (i + seed) % 6;
    if (pick === 0) {
      const cut = Math.max(8, Math.floor(next() * bytes.length));
      variants.push({
        name: `${name} cut at ${cut}`,
        kind: "truncated",
        bytes: bytes.slice(0, cut),
      });
    } else if (pick === 1 || pick === 2) {
      const flips = [1, 10, 100, 1000][Math.floor(next() * 4)] ?? 1;
      for (let f = 0; f < flips; f++) {
        const at = 8 + Math.floor(next() * (copy.length - 8));
        copy[at] = (copy[at] ?? 0) ^ (1 << Math.floor(next() * 8));
      }
      variants.push({ name: `${name} ${flips} bit flips`, kind: "bit-flip", bytes: copy });
    } else if (pick === 3) {
      const from = Math.floor(next() * copy.length);
      const length = Math.floor(next() * 4096);
      copy.fill(next() < 0.5 ? 0 : 0xff, from, from + length);
      variants.push({ name: `${name} ${length} bytes blanked`, kind: "block", bytes: copy });
    } else if (pick === 4) {
      const broken = text
        .replace(/startxref\s+\d+/g, `startxref\n${Math.floor(next() * bytes.length * 2)}`)
        .replace(/(\d{10}) (\d{5}) n/g, (m, offset: string, gen: string) =>
          next() < 0.3 ? `${String(Math.floor(next() * 1e10)).padStart(10, "0")} ${gen} n` : m,
        );
      variants.push({
        name: `${name} broken xref`,
        kind: "broken-xref",
        bytes: new Uint8Array(Buffer.from(broken, "latin1")),
      });
    } else {
      // A stretch of the file copied over another: objects cut mid-stream, lengths that lie.
      const from = Math.floor(next() * copy.length);
      const to = Math.floor(next() * copy.length);
      const length = Math.floor(next() * 65536);
      copy.set(bytes.subarray(from, from + length).subarray(0, copy.length - to), to);
      variants.push({ name: `${name} ${length} bytes moved`, kind: "spliced", bytes: copy });
    }
  }
  return variants;
}

/** Documents built to be hostile from scratch, and a few corpus-based structural ones. */
export function structural(corpus: Uint8Array, encrypted: Uint8Array): Variant[] {
  const variants: Variant[] = [];
  const add = (name: string, kind: string, bytes: Uint8Array) =>
    variants.push({ name, kind, bytes });
  add(
    "page count 1,000,000 claimed",
    "pages",
    buildPdf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>",
      `<< ${PAGE} >>`,
    ]),
  );
  for (const count of [41, 2_000, 50_000]) {
    const kids = Array.from({ length: count }, (_, i) => `${3 + i} 0 R`).join(" ");
    const objects = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`,
    ];
    for (let i = 0; i < count; i++) objects.push(`<< ${PAGE} >>`);
    add(`${count} real pages`, "pages", buildPdf(objects));
  }
  add(
    "page tree loop",
    "nested",
    buildPdf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
      `<< ${PAGE} >>`,
    ]),
  );
  for (const depth of [1_000, 10_000, 100_000]) {
    add(
      `arrays nested ${depth} deep`,
      "nested",
      buildPdf([
        `<< /Type /Catalog /Pages 2 0 R /Deep ${"[".repeat(depth)}${"]".repeat(depth)} >>`,
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        `<< ${PAGE} >>`,
      ]),
    );
    add(
      `dictionaries nested ${depth} deep`,
      "nested",
      buildPdf([
        `<< /Type /Catalog /Pages 2 0 R /Deep ${"<< /A ".repeat(depth)}1${" >>".repeat(depth)} >>`,
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        `<< ${PAGE} >>`,
      ]),
    );
  }
  add(
    "form drawing itself",
    "nested",
    buildPdf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< ${PAGE} /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>`,
      stream("", Buffer.from("/X Do")),
      stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>",
        Buffer.from("/X Do /X Do"),
      ),
    ]),
  );
  add(
    "corpus COA attached to a PDF",
    "nested",
    buildPdf([
      "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(coa.pdf) 4 0 R] >> >> >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< ${PAGE} >>`,
      "<< /Type /Filespec /F (coa.pdf) /EF << /F 5 0 R >> >>",
      stream("/Type /EmbeddedFile", Buffer.from(corpus)),
    ]),
  );
  add(
    "JavaScript on open",
    "javascript",
    textPdf([["Total THC 20.1 %"]], "/OpenAction << /S /JavaScript /JS (while\\(true\\){}) >>"),
  );
  add(
    "JavaScript in page actions",
    "javascript",
    buildPdf([
      "<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (app.alert\\(1\\)) >>] >> >> >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< ${PAGE} /AA << /O << /S /JavaScript /JS (this.print\\(\\)) >> >> /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
      stream("", Buffer.from(TEXT)),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]),
  );
  add("user-password encrypted", "encrypted", encrypted);
  add(
    "encryption dictionary, no key",
    "encrypted",
    new Uint8Array(
      Buffer.from(
        Buffer.from(textPdf([["Total THC 20.1 %"]]))
          .toString("latin1")
          .replace(
            "/Root 1 0 R",
            "/Root 1 0 R /Encrypt << /Filter /Standard /V 5 /R 6 /O <00> /U <00> /P -4 >>",
          ),
        "latin1",
      ),
    ),
  );
  add(
    "image only",
    "image-only",
    buildPdf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< ${PAGE} /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>`,
      stream("", Buffer.from("q 612 0 0 792 0 0 cm /Im1 Do Q")),
      stream(
        "/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8",
        Buffer.alloc(64 * 64, 200),
      ),
    ]),
  );
  add(
    "image only, declared 60000 x 60000",
    "image-only",
    buildPdf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< ${PAGE} /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>`,
      stream("", Buffer.from("q 612 0 0 792 0 0 cm /Im1 Do Q")),
      stream(
        "/Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceRGB /BitsPerComponent 8",
        Buffer.alloc(1024, 7),
      ),
    ]),
  );
  add(
    "page 20 metres wide",
    "pages",
    buildPdf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /UserUnit 75000 /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
      stream("", Buffer.from(TEXT)),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]),
  );
  for (const [pages, runs, columns] of [
    [4, 20_000, 100],
    [40, 20_000, 100],
    [12, 5_000, 5],
    [2, 20_000, 20_000],
  ] as const) {
    add(
      `dense ${pages} pages x ${runs} runs (${columns} a row)`,
      "dense",
      densePdf(pages, runs, columns),
    );
  }
  add("one text run of 5 MB", "dense", textPdf([["x".repeat(5_000_000)]]));
  add(
    "garbage after the header",
    "broken-xref",
    new Uint8Array(Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(1_000_000, 0x41)])),
  );
  add("header only", "truncated", new TextEncoder().encode("%PDF-"));
  return variants;
}
