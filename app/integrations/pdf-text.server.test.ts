import { readdirSync, readFileSync } from "node:fs";
import { getPriority } from "node:os";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createPdfTextReader, readPdfText, type PdfJobCost } from "./pdf-text.server";
import { buildPdf, textPdf } from "../../test/pdf-builder";

/** This process's children, from /proc (Linux). */
function childPids(): number[] {
  try {
    const tasks = readdirSync(`/proc/${process.pid}/task`);
    return tasks.flatMap((task) =>
      readFileSync(`/proc/${process.pid}/task/${task}/children`, "latin1")
        .split(" ")
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url)));

async function errorCode(bytes: Uint8Array, options?: Parameters<typeof readPdfText>[1]) {
  const result = await readPdfText(bytes, options);
  return result.ok ? "ok" : result.error.code;
}

describe("readPdfText", () => {
  it("keeps each text run with its position on the page", async () => {
    const result = await readPdfText(textPdf([["Total THC 20.1 %", "Batch: A-1"]]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const items = result.document.pages[0]?.items ?? [];
    const thc = items.find((i) => i.str.includes("Total THC"));
    const batch = items.find((i) => i.str.includes("Batch"));
    expect(thc && batch && batch.y > thc.y).toBe(true);
    expect(thc?.x).toBeCloseTo(40, 0);
  });

  it("names each run's font, the same for runs in the same font", async () => {
    const result = await readPdfText(textPdf([["Total THC 20.1 %", "Batch: A-1"]]));
    const fonts = result.ok ? (result.document.pages[0]?.items ?? []).map((i) => i.font) : [];
    expect(fonts).toHaveLength(2);
    expect(fonts[0]).toMatch(/\S/);
    expect(fonts[1]).toBe(fonts[0]);
  });

  it("reads copy-protected (owner-password) COAs", async () => {
    const result = await readPdfText(fixture("coa/01_sc-labs_cherry-punch.pdf"));
    expect(result.ok && result.document.pageCount).toBe(4);
  });

  it("refuses a file that is not a PDF by its bytes, whatever its name", async () => {
    expect(await errorCode(new TextEncoder().encode("<html>not a pdf</html>"))).toBe("not-a-pdf");
    expect(await errorCode(new Uint8Array())).toBe("not-a-pdf");
  });

  it("says a user-password PDF is password-protected", async () => {
    const result = await readPdfText(fixture("user-password-encrypted.pdf"));
    expect(result.ok ? null : result.error).toMatchObject({
      code: "encrypted-pdf",
      message: expect.stringMatching(/password-protected/),
    });
  });

  it("gives a typed error, never a crash, for truncated and bit-flipped PDFs", async () => {
    const good = fixture("coa/15_cdx-analytics_dosidos-22.pdf");
    for (const cut of [20, 1000, Math.floor(good.length / 2)]) {
      const code = await errorCode(good.slice(0, cut));
      expect(["corrupt-pdf", "ok", "empty-pdf"]).toContain(code);
    }
    let seed = 7;
    for (let round = 0; round < 5; round++) {
      const flipped = new Uint8Array(good);
      for (let i = 0; i < 200; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const at = 8 + (seed % (flipped.length - 8));
        flipped[at] = (flipped[at] ?? 0) ^ 0xff;
      }
      expect(["corrupt-pdf", "ok", "empty-pdf"]).toContain(await errorCode(flipped));
    }
  });

  it("refuses a document over the page limit before reading its pages", async () => {
    const many = textPdf(Array.from({ length: 45 }, (_, i) => [`page ${i + 1}`]));
    expect(await errorCode(many)).toBe("too-many-pages");
    expect(await errorCode(many, { maxPages: 50 })).toBe("ok");
  });

  it("reports a PDF with zero pages as empty", async () => {
    const empty = buildPdf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [] /Count 0 >>",
    ]);
    expect(["empty-pdf", "corrupt-pdf"]).toContain(await errorCode(empty));
  });

  it("reads the text of a PDF with JavaScript without running it", async () => {
    const js = textPdf(
      [["Total THC 20.1 %"]],
      "/OpenAction << /S /JavaScript /JS (app.alert\\('hi'\\)) >>",
    );
    const result = await readPdfText(js);
    expect(result.ok && result.document.pages[0]?.items[0]?.str).toBe("Total THC 20.1 %");
  });

  it("survives deeply nested objects", async () => {
    const nested = "[".repeat(5000) + "]".repeat(5000);
    const pdf = buildPdf([
      `<< /Type /Catalog /Pages 2 0 R /Deep ${nested} >>`,
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]);
    expect(["ok", "corrupt-pdf"]).toContain(await errorCode(pdf));
  });

  it("stops at the time budget", async () => {
    expect(await errorCode(fixture("coa/19_kca-labs_cbd-isolate-hemp.pdf"), { timeoutMs: 1 })).toBe(
      "timeout",
    );
  });

  it("ends a document that stalls mid-page at the budget, and keeps reading the next ones", async () => {
    const reader = createPdfTextReader({
      threads: 1,
      workerUrl: new URL("./pdf-text-stalling-worker.test-double.ts", import.meta.url),
    });
    try {
      const stalled = new TextEncoder().encode("%PDF-1.7 STALL");
      const result = await reader.read(stalled, { timeoutMs: 300 });
      expect(result.ok ? "ok" : result.error.code).toBe("timeout");
      const next = await reader.read(new TextEncoder().encode("%PDF-1.7 fine"));
      expect(next.ok && next.document.pageCount).toBe(1);
      // Ended by the CPU it burns, long before the clock's deadline.
      const burnt = await reader.read(stalled, { timeoutMs: 3_600_000, cpuLimitMs: 300 });
      expect(burnt.ok ? null : burnt.error).toMatchObject({
        code: "timeout",
        message: expect.stringContaining("over 0.3 s of CPU"),
      });
      const after = await reader.read(new TextEncoder().encode("%PDF-1.7 fine"));
      expect(after.ok && after.document.pageCount).toBe(1);
    } finally {
      await reader.close();
    }
  });

  it("refuses a document that exhausts its child's heap or memory with a typed error, and keeps reading", async () => {
    const costs: PdfJobCost[] = [];
    const reader = createPdfTextReader({
      threads: 1,
      heapLimitMb: 64,
      memoryLimitMb: 300,
      workerUrl: new URL("./pdf-text-stalling-worker.test-double.ts", import.meta.url),
      onCost: (cost) => costs.push(cost),
    });
    try {
      for (const hostile of ["%PDF-1.7 BLOAT", "%PDF-1.7 BOMB"]) {
        const result = await reader.read(new TextEncoder().encode(hostile));
        expect(result.ok ? "ok" : result.error.code).toBe("too-complex");
        const next = await reader.read(new TextEncoder().encode("%PDF-1.7 fine"));
        expect(next.ok && next.document.pageCount).toBe(1);
      }
      expect(costs.map((c) => c.outcome)).toEqual(["too-complex", "ok", "too-complex", "ok"]);
    } finally {
      await reader.close();
    }
  });

  it("gives a typed error when its child crashes, and starts another for the next document", async () => {
    const reader = createPdfTextReader({
      threads: 1,
      workerUrl: new URL("./pdf-text-stalling-worker.test-double.ts", import.meta.url),
    });
    try {
      const crashed = await reader.read(new TextEncoder().encode("%PDF-1.7 CRASH"));
      expect(crashed.ok ? null : crashed.error).toMatchObject({
        code: "corrupt-pdf",
        message: expect.stringMatching(/the reader stopped \(SIGABRT\)/),
      });
      const next = await reader.read(new TextEncoder().encode("%PDF-1.7 fine"));
      expect(next.ok && next.document.pageCount).toBe(1);
    } finally {
      await reader.close();
    }
  });

  it("gives the child none of the server's environment, its secrets included", async () => {
    vi.stubEnv("HEADY_TEST_SECRET", "not for the PDF reader");
    const reader = createPdfTextReader({
      threads: 1,
      workerUrl: new URL("./pdf-text-stalling-worker.test-double.ts", import.meta.url),
    });
    try {
      const result = await reader.read(new TextEncoder().encode("%PDF-1.7 ENV"));
      const names = result.ok ? result.document.links : [];
      expect(names).toContain("PATH");
      expect(names).not.toContain("HEADY_TEST_SECRET");
    } finally {
      vi.unstubAllEnvs();
      await reader.close();
    }
  });

  it("reads documents at a lower CPU priority than the server's, so requests come first", async () => {
    const niceness = async (options: Parameters<typeof createPdfTextReader>[0]) => {
      const reader = createPdfTextReader({
        threads: 1,
        workerUrl: new URL("./pdf-text-stalling-worker.test-double.ts", import.meta.url),
        ...options,
      });
      try {
        const result = await reader.read(new TextEncoder().encode("%PDF-1.7 NICE"));
        return result.ok ? result.document.links : [];
      } finally {
        await reader.close();
      }
    };
    const own = getPriority();
    expect(await niceness({})).toEqual([`niceness ${Math.min(19, own + 10)}`]);
    expect(await niceness({ niceness: 0 })).toEqual([`niceness ${own}`]);
  });

  it("reads documents in child processes, never in the server's own", async () => {
    const costs: PdfJobCost[] = [];
    const reader = createPdfTextReader({ threads: 1, onCost: (cost) => costs.push(cost) });
    try {
      const pids = new Set<number>();
      const watchChildren = setInterval(() => {
        for (const pid of childPids()) pids.add(pid);
      }, 5);
      const result = await reader.read(fixture("coa/15_cdx-analytics_dosidos-22.pdf"));
      clearInterval(watchChildren);
      expect(result.ok && result.document.pageCount).toBe(6);
      expect(pids.size).toBeGreaterThan(0);
      expect(costs).toEqual([
        expect.objectContaining({ kind: "text", outcome: "ok", peakRssBytes: expect.any(Number) }),
      ]);
    } finally {
      await reader.close();
    }
  });

  it("reads several documents at once and leaves the caller's bytes intact", async () => {
    const bytes = fixture("coa/15_cdx-analytics_dosidos-22.pdf");
    const before = bytes.length;
    const results = await Promise.all([readPdfText(bytes), readPdfText(bytes), readPdfText(bytes)]);
    expect(results.map((r) => r.ok && r.document.pageCount)).toEqual([6, 6, 6]);
    expect(bytes.length).toBe(before);
  });

  it("leaves a Node Buffer intact, and the Buffers sharing its memory pool", async () => {
    // A small Buffer lives in a pool shared with other Buffers: the reader must copy, not move it.
    const pdf = Buffer.from(textPdf([["Total THC 20.1 %"]]));
    const neighbour = Buffer.from("another upload's bytes");
    const before = Buffer.from(pdf);
    const result = await readPdfText(pdf);
    expect(result.ok).toBe(true);
    expect(pdf.equals(before)).toBe(true);
    expect(neighbour.toString()).toBe("another upload's bytes");
  });
});

/** The width and height a PNG file declares in its header chunk (IHDR). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("PdfTextReader.render", () => {
  const reader = createPdfTextReader({ threads: 1 });
  afterAll(() => reader.close());

  it("paints a page to a PNG of the page's size times the scale", async () => {
    const result = await reader.render(textPdf([["Total THC 20.1 %"]]), { pages: [1], scale: 2 });
    const images = result.ok ? result.images : [];
    expect(
      images.map(({ pageNumber, width, height, scale }) => [pageNumber, width, height, scale]),
    ).toEqual([[1, 1224, 1584, 2]]);
    const png = images[0]?.png ?? new Uint8Array();
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 1224, height: 1584 });
  });

  it("skips pages the document does not have, and rounds a fractional size up", async () => {
    const pdf = textPdf([["page one"], ["page two"]]);
    const result = await reader.render(pdf, { pages: [0, 2, 3, 2], scale: 1.25 });
    const images = result.ok ? result.images : [];
    // 612 x 792 points at 1.25 pixels a point: 765 x 990 pixels exactly.
    expect(images.map((i) => [i.pageNumber, i.width, i.height])).toEqual([[2, 765, 990]]);
    const odd = await reader.render(pdf, { pages: [1], scale: 1.0005 });
    expect(odd.ok && [odd.images[0]?.width, odd.images[0]?.height]).toEqual([613, 793]);
  });

  it("gives the reader's typed errors", async () => {
    const notPdf = await reader.render(new TextEncoder().encode("<html>"), {
      pages: [1],
      scale: 2,
    });
    expect(notPdf.ok ? "ok" : notPdf.error.code).toBe("not-a-pdf");
    const junk = new TextEncoder().encode("%PDF-1.7 nothing else");
    const corrupt = await reader.render(junk, { pages: [1], scale: 2 });
    expect(corrupt.ok ? "ok" : corrupt.error.code).toBe("corrupt-pdf");
    const slow = fixture("coa/19_kca-labs_cbd-isolate-hemp.pdf");
    const late = await reader.render(slow, { pages: [1], scale: 2, timeoutMs: 1 });
    expect(late.ok ? "ok" : late.error.code).toBe("timeout");
    await expect(reader.render(slow, { pages: [1], scale: 0 })).rejects.toThrow(RangeError);
  });

  it("leaves the caller's bytes intact and reads text on the same threads afterwards", async () => {
    const bytes = textPdf([["Total THC 20.1 %"]]);
    const before = [...bytes];
    const [painted, read] = await Promise.all([
      reader.render(bytes, { pages: [1], scale: 1 }),
      reader.read(bytes),
    ]);
    expect(painted.ok && painted.images.length).toBe(1);
    expect(read.ok && read.document.pages[0]?.items[0]?.str).toBe("Total THC 20.1 %");
    expect([...bytes]).toEqual(before);
  });
});
