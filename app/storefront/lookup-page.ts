import type { LabReport } from "~/pipeline/lab-report";
import { summarizeLabReport, type LabResultsSummary } from "~/pipeline/publish-plan";

/**
 * The shopper's lookup page, as one self-contained HTML document: no script, no web font, no image,
 * inline CSS of about 2 kB, so a phone on a store's weak signal shows it in one round trip. It shows
 * the same summary the product page's block reads (what the shop published), never more. Every value
 * comes from a lab's PDF and is escaped.
 */

export type LookupLinks = {
  /** Where the proxy is mounted on the shop's domain, e.g. "/apps/lab". */
  pathPrefix: string;
};

export type BatchView = {
  batch: string;
  productTitle: string | null;
  publishedAt: Date;
  report: LabReport;
};

const STATUS_TEXT: Record<string, string> = {
  pass: "Passed",
  fail: "Failed",
  "not-tested": "Not tested",
  tested: "Tested",
};

const VERDICT_TEXT: Record<string, string> = {
  pass: "Passed all safety tests reported",
  fail: "Failed a safety test",
  "not-tested": "Safety tests not performed",
  tested: "Safety tests reported",
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function batchPath(links: LookupLinks, batch: string): string {
  return `${links.pathPrefix}/${encodeURIComponent(batch)}`;
}

function formatDate(iso: string | null): string | null {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return null;
  return date.toLocaleDateString("en-US", {
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  });
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f6f4}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 .25rem}
h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
.batch{margin:0;color:#4a4a4a}
.card{background:#fff;border:1px solid #d9d9d4;border-radius:.75rem;padding:1rem;margin:1rem 0}
.verdict{display:inline-block;margin:.75rem 0 0;padding:.25rem .75rem;border-radius:1rem;font-weight:600}
.verdict--pass{background:#d6f5de;color:#0b5b22}.verdict--fail{background:#fde2e0;color:#8e1b12}
.verdict--not-tested,.verdict--tested{background:#ececea;color:#333}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(8rem,1fr));gap:.75rem;margin:0}
.totals div{background:#f6f6f4;border-radius:.5rem;padding:.5rem .75rem}
dt{font-size:.875rem;color:#4a4a4a}dd{margin:0;font-weight:600;font-size:1.125rem}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:.375rem 0;border-bottom:1px solid #ececea}td{text-align:right}
ul{list-style:none;margin:0;padding:0}
li{display:flex;justify-content:space-between;padding:.375rem 0;border-bottom:1px solid #ececea}
.s-pass{color:#0b5b22}.s-fail{color:#8e1b12;font-weight:600}
.facts{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}
.facts dd{font-size:1rem;font-weight:500}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
.button{display:inline-block;padding:.75rem 1rem;border-radius:.5rem;background:#1a1a1a;color:#fff;text-decoration:none;font-weight:600;min-height:44px}
.button--plain{background:#fff;color:#1a1a1a;border:1px solid #1a1a1a}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
label{display:block;font-weight:600;width:100%}
input{flex:1 1 12rem;font:inherit;padding:.625rem .75rem;border:1px solid #8a8a85;border-radius:.5rem;min-height:44px}
button{font:inherit;font-weight:600;padding:.625rem 1rem;border:0;border-radius:.5rem;background:#1a1a1a;color:#fff;min-height:44px}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #2c6ecb;outline-offset:2px}
.note{font-size:.875rem;color:#4a4a4a}
small{font-weight:400;color:#4a4a4a}
`.replace(/\n/g, "");

function documentHtml(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function searchForm(links: LookupLinks, value = ""): string {
  return `<section class="card" aria-labelledby="search-heading">
<h2 id="search-heading">Look up another batch</h2>
<form action="${escapeHtml(links.pathPrefix)}" method="get" role="search">
<label for="batch">Batch number <small>(printed on the package)</small></label>
<input id="batch" name="batch" value="${escapeHtml(value)}" autocomplete="off" autocapitalize="characters" spellcheck="false" required maxlength="100">
<button type="submit">Look up</button>
</form>
</section>`;
}

function measureCell(m: LabResultsSummary["totals"]["thc"]): string {
  if (!m || !m.display) return "";
  const computed = m.computed ? ` <small>(calculated)</small>` : "";
  return `${escapeHtml(m.display)}${computed}`;
}

function totalsSection(summary: LabResultsSummary): string {
  const items = (
    [
      ["Total THC", summary.totals.thc],
      ["Total CBD", summary.totals.cbd],
      ["Total cannabinoids", summary.totals.cannabinoids],
      ["Total terpenes", summary.totals.terpenes],
    ] as const
  )
    .filter(([, m]) => m && m.display)
    .map(([label, m]) => `<div><dt>${label}</dt><dd>${measureCell(m)}</dd></div>`);
  if (items.length === 0) return "";
  return `<h2>Potency</h2><dl class="totals">${items.join("")}</dl>`;
}

function analyteTable(caption: string, rows: LabResultsSummary["cannabinoids"]): string {
  const shown = rows.filter((a) => a.display);
  if (shown.length === 0) return "";
  const body = shown
    .map((a) => `<tr><th scope="row">${escapeHtml(a.label)}</th><td>${measureCell(a)}</td></tr>`)
    .join("");
  return `<h2>${caption}</h2><table><tbody>${body}</tbody></table>`;
}

function panelsSection(summary: LabResultsSummary): string {
  if (summary.panels.length === 0) return "";
  const items = summary.panels
    .map((p) => {
      const status = STATUS_TEXT[p.status] ?? p.status;
      return `<li><span>${escapeHtml(p.label)}</span><span class="s-${escapeHtml(p.status)}">${escapeHtml(status)}</span></li>`;
    })
    .join("");
  return `<section class="card" aria-labelledby="safety-heading"><h2 id="safety-heading">Safety tests</h2><ul>${items}</ul></section>`;
}

function factsSection(view: BatchView, summary: LabResultsSummary): string {
  const facts: [string, string | null][] = [
    ["Batch", view.batch],
    ["Strain", summary.sample.strain],
    ["Lab", summary.lab.name],
    ["Lab license", summary.lab.license],
    ["Tested", formatDate(summary.sample.dateTested)],
    ["Certificate issued", formatDate(view.report.sample.dateIssued)],
  ];
  const rows = facts
    .filter((f): f is [string, string] => f[1] !== null && f[1].trim() !== "")
    .map(([term, value]) => `<dt>${term}</dt><dd>${escapeHtml(value)}</dd>`)
    .join("");
  return `<section class="card" aria-labelledby="facts-heading"><h2 id="facts-heading">About this test</h2><dl class="facts">${rows}</dl></section>`;
}

export function renderBatchPage(links: LookupLinks, view: BatchView): string {
  const summary = summarizeLabReport(view.report);
  const name = view.productTitle ?? summary.sample.productName ?? "Lab results";
  const verdict = summary.verdict
    ? `<p class="verdict verdict--${escapeHtml(summary.verdict)}">${escapeHtml(VERDICT_TEXT[summary.verdict] ?? summary.verdict)}</p>`
    : "";
  const coaHref = `${batchPath(links, view.batch)}/coa.pdf`;
  const verify = summary.verificationUrl
    ? `<a class="button button--plain" href="${escapeHtml(summary.verificationUrl)}" rel="noopener nofollow noreferrer">Verify with the lab</a>`
    : "";
  const potency = [
    totalsSection(summary),
    analyteTable("Cannabinoids", summary.cannabinoids),
    analyteTable("Terpenes", summary.terpenes),
  ].join("");
  const body = `<header>
<h1>${escapeHtml(name)}</h1>
<p class="batch">Batch <strong>${escapeHtml(view.batch)}</strong></p>
${verdict}
</header>
<div class="actions">
<a class="button" href="${escapeHtml(coaHref)}" type="application/pdf">View the lab's certificate (PDF)</a>
${verify}
</div>
${potency ? `<section class="card" aria-label="Potency">${potency}</section>` : ""}
${panelsSection(summary)}
${factsSection(view, summary)}
<p class="note">Figures as printed on the lab's certificate of analysis${summary.basis ? ` (${escapeHtml(summary.basis.replace(/-/g, " "))} basis)` : ""}. “Calculated” totals are computed from the printed values.</p>
${searchForm(links)}`;
  return documentHtml(`${name} — batch ${view.batch} lab results`, body);
}

export function renderSearchPage(links: LookupLinks): string {
  const body = `<header><h1>Lab results</h1>
<p>Enter the batch number from your package to see its certificate of analysis.</p></header>
${searchForm(links)}`;
  return documentHtml("Lab results — look up a batch", body);
}

export function renderNotFoundPage(links: LookupLinks, batch: string): string {
  const body = `<header><h1>We couldn't find that batch</h1>
<p>No published lab results match batch <strong>${escapeHtml(batch)}</strong>. Check the number printed on the package (letters and digits, often after “Batch” or “Lot”) and try again.</p></header>
${searchForm(links, batch)}`;
  return documentHtml("Batch not found — lab results", body);
}
