import { stringify } from "csv-stringify/sync";

/**
 * CSV for the operator's reports. Cells that a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return at the start — OWASP "CSV injection") are prefixed with an apostrophe: shop
 * owners choose product titles and file names, and those end up in these files.
 */
export function toCsv(header: string[], rows: (string | number | Date | null)[][]): string {
  return stringify([header, ...rows.map((row) => row.map(cell))]);
}

function cell(value: string | number | Date | null): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvResponse(fileName: string, body: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
