import { escapeHtml } from "~/storefront/lookup-page";

/**
 * A printable sheet of label-sized QR codes: 1.5 in square labels, 4 across and 6 down on US Letter
 * (the common 24-up square label stock), each with the batch under its code. The code itself is
 * 1.1 in wide — comfortably above the 0.8 in a phone camera reads at arm's length. Self-contained:
 * the SVGs are inline, so the page prints offline.
 */
export type SheetLabel = {
  batch: string;
  productTitle: string | null;
  url: string;
  /** The QR code as an SVG document from qrCodeSvg. */
  svg: string;
};

const CSS = `
@page{size:letter;margin:0.5in 0.75in}
*{box-sizing:border-box}
body{margin:0;font:10pt/1.2 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#000}
.intro{margin:0 0 .25in}
.intro p{margin:.25em 0}
.sheet{display:grid;grid-template-columns:repeat(4,1.5in);grid-auto-rows:1.5in;gap:0.125in}
.label{margin:0;border:1px dashed #bbb;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:0.05in;break-inside:avoid;overflow:hidden}
.label svg{width:1.1in;height:1.1in;display:block}
.batch{font-weight:700;font-size:8pt;text-align:center;max-width:100%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.product{font-size:6.5pt;text-align:center;max-width:100%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
@media print{.intro{display:none}.label{border-color:transparent}}
`.replace(/\n/g, "");

export function renderLabelSheet(labels: SheetLabel[]): string {
  const cells = labels
    .map(
      (l) => `<figure class="label" title="${escapeHtml(l.url)}">
${l.svg.replace("<svg ", `<svg role="img" aria-label="QR code for batch ${escapeHtml(l.batch)}" `)}
<figcaption><div class="batch">Batch ${escapeHtml(l.batch)}</div>${
        l.productTitle ? `<div class="product">${escapeHtml(l.productTitle)}</div>` : ""
      }</figcaption>
</figure>`,
    )
    .join("\n");
  const intro =
    labels.length === 0
      ? `<p>No published batch yet: publish a lab report with a batch number first.</p>`
      : `<p><strong>${labels.length} QR label${labels.length === 1 ? "" : "s"}</strong> — each opens its batch's lab results on your store. Print at 100 % (no "fit to page") on 1.5 in square labels, 24 per US Letter sheet.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>QR labels — lab results by batch</title>
<style>${CSS}</style>
</head>
<body>
<div class="intro"><h1>QR labels</h1>${intro}</div>
<main class="sheet">
${cells}
</main>
</body>
</html>
`;
}
