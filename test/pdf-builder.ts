/**
 * Writes small PDFs by hand (objects + a correct xref table), so tests can make hostile inputs:
 * many pages, JavaScript actions, deep nesting, pages without text.
 */

export function buildPdf(objects: string[], rootRef = 1): Uint8Array {
  let body = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((content, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${content}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${rootRef} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, "latin1"));
}

function stream(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`;
}

/** A document whose pages each print the given lines of text in Helvetica. */
export function textPdf(pages: string[][], extraCatalog = ""): Uint8Array {
  const objects: string[] = [];
  const pageCount = pages.length;
  // 1 catalog, 2 pages, 3 font, then page + content pairs.
  const kids = pages.map((_, i) => `${4 + i * 2} 0 R`).join(" ");
  objects.push(`<< /Type /Catalog /Pages 2 0 R ${extraCatalog} >>`);
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pageCount} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  pages.forEach((lines, i) => {
    const text = lines
      .map(
        (line, j) =>
          `BT /F1 10 Tf 40 ${760 - j * 14} Td (${line.replace(/[()\\]/g, "\\$&")}) Tj ET`,
      )
      .join("\n");
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
    );
    objects.push(stream(text));
  });
  return buildPdf(objects);
}

/**
 * Pages crowded with tiny text runs, each placed on its own (a table of `columns` runs a row): the
 * shape of a document built to make layout reading slow. Cells alternate names, numbers and
 * legend-like symbols.
 */
export function densePdf(pageCount: number, runsPerPage: number, columns = 100): Uint8Array {
  const words = ["Pesticides", "12.5", "ND", "Pass", "*", "Moisture", "<LOQ", "Heavy Metals"];
  const pages = Array.from({ length: pageCount }, (_, p) => {
    const runs: string[] = [];
    const rows = Math.ceil(runsPerPage / columns);
    const step = Math.min(3, 770 / rows);
    const size = (step * 0.8).toFixed(2);
    for (let i = 0; i < runsPerPage; i++) {
      const x = 10 + (i % columns) * Math.min(6, 590 / columns);
      const y = (780 - Math.floor(i / columns) * step).toFixed(2);
      runs.push(`BT /F1 ${size} Tf ${x} ${y} Td (${words[(i + p) % words.length]}) Tj ET`);
    }
    return runs.join("\n");
  });
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${4 + i * 2} 0 R`).join(" ")}] /Count ${pageCount} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  pages.forEach((content, i) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
    );
    objects.push(stream(content));
  });
  return buildPdf(objects);
}
