import type { Hit, HitMatch } from "./analyte-tables";
import { AUX, isAuxiliaryHeader, unitFromHeader, type Candidate } from "./table-columns";
import type { Row } from "./text-layout";
import { parseValue } from "./value-parse";

/**
 * Tables laid out across the page: one header row naming an analyte per column, then one row per
 * unit ("%", "mg/unit", "LOD"), its unit printed in the row's first cell. Each column becomes a
 * hit whose values already carry their row's unit; limit rows are never results.
 */

/** A header row names at least this many analytes side by side. */
const MIN_COLUMNS = 3;
/** How many rows under the header may belong to the table. */
const MAX_VALUE_ROWS = 6;

export function readAcrossTables(rows: Row[], match: (text: string) => HitMatch | null): Hit[] {
  const hits: Hit[] = [];
  rows.forEach((row, rowIndex) => {
    const columns = row.cells.flatMap((cell) => {
      const m = match(cell.text);
      return m && m.kind !== "total" ? [{ cell, match: m }] : [];
    });
    if (columns.length < MIN_COLUMNS) return;
    if (row.cells.some((c) => parseValue(c.text)?.value != null)) return;
    const firstX = Math.min(...columns.map((c) => c.cell.x));
    const valueRows = rows
      .slice(rowIndex + 1, rowIndex + 1 + MAX_VALUE_ROWS)
      .filter((r) => r.page === row.page && r.y - row.y < 60);
    const byColumn = columns.map(() => [] as Candidate[]);
    let found = false;
    for (const valueRow of valueRows) {
      const rowLabel = valueRow.cells.find((c) => c.xEnd < firstX - 2)?.text ?? "";
      if (rowLabel === "") continue;
      const unit = unitFromHeader(rowLabel);
      const limit = isAuxiliaryHeader(rowLabel);
      if (!unit && !limit) continue;
      columns.forEach((column, i) => {
        const centre = (column.cell.x + column.cell.xEnd) / 2;
        const cell = valueRow.cells.find((c) => c.x <= centre + 4 && c.xEnd >= column.cell.x - 4);
        const parsed = cell ? parseValue(cell.text) : null;
        if (!cell || !parsed) return;
        found = found || !limit;
        byColumn[i]?.push({
          parsed: limit ? AUX : { ...parsed, unit: parsed.unit ?? unit },
          x: cell.x,
          xEnd: cell.xEnd,
        });
      });
    }
    if (!found) return;
    columns.forEach((column, i) => {
      hits.push({
        match: column.match,
        label: column.cell.text,
        labelUnit: null,
        rowIndex,
        labelCell: column.cell,
        candidates: byColumn[i] ?? [],
        across: true,
      });
    });
  });
  return hits;
}
