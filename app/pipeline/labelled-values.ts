import type { Cell, Row } from "./text-layout";

/**
 * Finds the value printed for a label, wherever the lab put it: after the label in the same cell
 * ("Batch #: 123"), in the next cell of the row, or in the cell just below or above (tile layouts
 * print labels and values on different lines).
 */
export interface Labelled {
  text: string;
  rowIndex: number;
}

export function findLabelled(
  rows: Row[],
  label: RegExp,
  accept: (value: string) => boolean,
  options: { below?: boolean; above?: boolean } = {},
): Labelled | null {
  // The label ends where a word does: "Product" is no label of "Production Facility: …".
  const anchored = new RegExp(`^(?:${label.source})(?![a-z])\\s*[:#.]*\\s*(.*)$`, "i");
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    const row = rows[rowIndex];
    if (!row) continue;
    for (let c = 0; c < row.cells.length; c++) {
      const cell = row.cells[c];
      if (!cell) continue;
      const match = anchored.exec(cell.text);
      if (!match) continue;
      const rest = (match[1] ?? "").trim();
      if (rest && accept(rest)) return { text: rest, rowIndex };
      if (rest) continue;
      const next = row.cells[c + 1];
      if (next && next.x - cell.xEnd < 200 && accept(next.text))
        return { text: next.text, rowIndex };
      if (options.below !== false) {
        const below = nearCell(rows, rowIndex, cell, 1);
        if (below && accept(below.text)) return { text: below.text, rowIndex };
      }
      if (options.above) {
        const above = nearCell(rows, rowIndex, cell, -1);
        if (above && accept(above.text)) return { text: above.text, rowIndex };
      }
    }
  }
  return null;
}

/** The cell in the next (direction 1) or previous (-1) rows that overlaps `cell` horizontally. */
export function nearCell(
  rows: Row[],
  rowIndex: number,
  cell: Cell,
  direction: 1 | -1,
): Cell | null {
  const row = rows[rowIndex];
  if (!row) return null;
  for (let step = 1; step <= 3; step++) {
    const other = rows[rowIndex + step * direction];
    if (!other || other.page !== row.page || Math.abs(other.y - row.y) > row.height * 3.5) break;
    const center = (cell.x + cell.xEnd) / 2;
    const found = other.cells
      .filter((c) => c.x < cell.xEnd + 8 && c.xEnd > cell.x - 8)
      .sort(
        (a, b) => Math.abs((a.x + a.xEnd) / 2 - center) - Math.abs((b.x + b.xEnd) / 2 - center),
      )[0];
    if (found) return found;
  }
  return null;
}
