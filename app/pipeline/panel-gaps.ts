import type { PanelStatus } from "./lab-report";
import { knownPanel, parseStatus } from "./panel-names";
import type { Row } from "./text-layout";

/**
 * Panels a report shows as not performed without saying "Not Tested": a summary row whose
 * verdict cell is empty, or a section printed with column headers and no rows.
 */

/** A summary table's panel with its verdict cell left empty was not tested ("Solvents  —"). */
export function blankSummaryCells(
  rows: Row[],
  panels: Map<string, PanelStatus>,
): [string, PanelStatus][] {
  const found: [string, PanelStatus][] = [];
  rows.forEach((row, rowIndex) => {
    if (row.cells.length === 0) return;
    const last = row.cells[row.cells.length - 1];
    const key = last ? knownPanel(last.text) : null;
    if (!last || !key || panels.has(key)) return;
    for (let step = 1; step <= 3; step++) {
      const above = rows[rowIndex - step];
      if (!above || above.page !== row.page) return;
      const nameIndex = above.cells.findIndex(
        (o) => Math.abs(o.x - last.x) < 3 && knownPanel(o.text),
      );
      const verdict = above.cells[nameIndex + 1];
      if (nameIndex >= 0 && verdict && parseStatus(verdict.text)) {
        found.push([key, "not-tested"]);
        return;
      }
    }
  });
  return found;
}

/**
 * A panel's section heading followed only by its column headers and the method note: the lab
 * printed an empty table, so the panel was not performed.
 */
export function emptySections(rows: Row[]): string[] {
  const keys: string[] = [];
  rows.forEach((row, rowIndex) => {
    const heading = row.cells[0];
    if (row.cells.length !== 1 || !heading || row.height < 10) return;
    const key = knownPanel(heading.text);
    if (!key) return;
    let sawHeader = false;
    for (let i = rowIndex + 1; i < rows.length; i++) {
      const next = rows[i];
      if (!next || next.page !== row.page) return;
      const texts = next.cells.map((c) => c.text);
      if (
        texts.every((t) =>
          /^(?:category \d|loq|lod|limit|status|result|units?|analyte|mycotoxins)$/i.test(t),
        )
      ) {
        sawHeader = true;
        for (const t of texts) {
          const other = knownPanel(t);
          if (other) keys.push(other);
        }
        continue;
      }
      if (sawHeader && (texts.some((t) => t.length > 80) || next.height >= 10)) {
        keys.push(key);
      }
      return;
    }
  });
  return keys;
}

/**
 * A summary row that gives a panel "NA" as its verdict ("Moisture Content  NA"): measured for
 * information with no limit to judge it by, so no verdict was made. Only when "NA" comes straight
 * after the name and ends the row: in an analyte table "N/A" fills a limit or action-level column.
 */
export function unjudgedSummaryRows(rows: Row[]): string[] {
  const found: string[] = [];
  for (const row of rows) {
    const last = row.cells[row.cells.length - 1];
    const name = row.cells[row.cells.length - 2];
    if (!last || !name || !/^n\/?a$/i.test(last.text.trim())) continue;
    const key = knownPanel(name.text);
    if (key) found.push(key);
  }
  return found;
}
