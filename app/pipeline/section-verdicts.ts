import type { PanelStatus } from "./lab-report";
import { knownPanel, parseStatus } from "./panel-names";
import type { Cell, Row } from "./text-layout";

/**
 * A panel's section that prints no verdict beside its heading but judges its rows in a Pass/Fail
 * column ("Potency Test Result" over "Target Analyte … Pass/Fail", every row "N/A" but the
 * total-THC line's "Pass"). The section passes when its column holds a pass and no fail; one fail
 * fails it. Rows the lab did not judge ("N/A") say nothing either way.
 */

const PASS_FAIL_HEADER = /^pass\s*\/\s*fail$/i;
/** How far below its heading a section's column headers may sit. */
const HEADER_REACH = 4;
/** A section's table ends within this many rows even when nothing marks its end. */
const TABLE_REACH = 60;

export function sectionVerdicts(rows: Row[]): [string, PanelStatus][] {
  const found: [string, PanelStatus][] = [];
  rows.forEach((row, rowIndex) => {
    const heading = row.cells[0];
    const key = heading ? knownPanel(heading.text) : null;
    if (!heading || !key) return;
    for (let i = rowIndex + 1; i <= rowIndex + HEADER_REACH; i++) {
      const header = rows[i];
      if (!header || header.page !== row.page) return;
      const left = header.cells[0];
      const column = header.cells.find((c) => PASS_FAIL_HEADER.test(c.text));
      if (!left || !column || Math.abs(left.x - heading.x) > 10) continue;
      const verdict = columnVerdict(rows, i, left, column);
      if (verdict) found.push([key, verdict]);
      return;
    }
  });
  return found;
}

function columnVerdict(
  rows: Row[],
  headerIndex: number,
  left: Cell,
  column: Cell,
): PanelStatus | null {
  const page = rows[headerIndex]?.page;
  const verdicts: PanelStatus[] = [];
  for (let i = headerIndex + 1; i < rows.length && i <= headerIndex + TABLE_REACH; i++) {
    const row = rows[i];
    if (!row || row.page !== page) break;
    const first = row.cells.find((c) => Math.abs(c.x - left.x) < 10);
    // A footnote or the next section's heading ends the table.
    if (first && (first.text.length > 60 || knownPanel(first.text))) break;
    if (first && PASS_FAIL_HEADER.test(row.cells.find((c) => c !== first)?.text ?? "")) break;
    const cell = row.cells.find((c) => c.x < column.xEnd + 10 && c.xEnd > column.x - 10);
    if (!cell || /^n\s*\/?\s*a$/i.test(cell.text)) continue;
    const value = parseStatus(cell.text);
    if (value !== "pass" && value !== "fail") return null; // Something else in the column: unsure.
    verdicts.push(value);
  }
  if (verdicts.includes("fail")) return "fail";
  return verdicts.length > 0 ? "pass" : null;
}
