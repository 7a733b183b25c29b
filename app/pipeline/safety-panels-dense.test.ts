import { describe, expect, it } from "vitest";
import { legendStatus, readSafety } from "./safety-panels";
import type { Cell, Row } from "./text-layout";

/**
 * Safety panels on pages built to be dense: the work per cell must not grow with the page. Work is
 * counted (cells read out of rows, rows looked at for a legend), never timed.
 */

function row(page: number, y: number, texts: string[]): Row {
  const cells: Cell[] = texts.map((text, i) => ({ text, x: 10 + i * 30, xEnd: 10 + i * 30 + 25 }));
  return { page, y, height: 8, cells, text: texts.join("  ") };
}

/** Rows whose `cells` arrays count every cell read out of them. */
function counted(rows: Row[]): { rows: Row[]; reads: () => number } {
  let reads = 0;
  const wrapped = rows.map((r) => ({
    ...r,
    cells: new Proxy(r.cells, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }),
  }));
  return { rows: wrapped, reads: () => reads };
}

/** A page of `rowCount` rows, each `width` cells of panel names and values with no verdict. */
function densePage(rowCount: number, width: number): Row[] {
  const words = ["Pesticides", "12.5", "Heavy Metals", "ND", "Moisture", "<LOQ"];
  return Array.from({ length: rowCount }, (_, r) =>
    row(
      1,
      40 + r * 10,
      Array.from({ length: width }, (_, c) => words[(r + c) % words.length] ?? ""),
    ),
  );
}

describe("safety panels on a dense page", () => {
  it("reads each cell a bounded number of times, however wide the rows", () => {
    const narrow = counted(densePage(40, 200));
    const wide = counted(densePage(40, 400));
    readSafety(narrow.rows);
    readSafety(wide.rows);
    // Twice the cells: about twice the reads (a walk of the row for each cell would be four times).
    expect(wide.reads() / narrow.reads()).toBeLessThan(2.5);
    expect(wide.reads()).toBeLessThan(40 * 400 * 60);
  });

  it("reads each cell a bounded number of times, however many rows", () => {
    const short = counted(densePage(500, 20));
    const long = counted(densePage(1000, 20));
    readSafety(short.rows);
    readSafety(long.rows);
    expect(long.reads() / short.reads()).toBeLessThan(2.5);
  });

  it("looks for a symbol's legend only in the rows within reach", () => {
    // Two pages of 1,000 rows, each with its legend in its first row.
    const rows = Array.from({ length: 2_000 }, (_, r) =>
      row(1 + Math.floor(r / 1_000), 40 + (r % 1_000) * 10, [
        "Pesticides",
        "-",
        ...(r % 1_000 === 0 ? ["- = Not Tested"] : []),
      ]),
    );
    const counter = { rowsLookedAt: 0 };
    const status = legendStatus(rows, counter);
    const found = rows.map((_, r) => status("-", r));
    expect(found.filter((value) => value === "not-tested")).toHaveLength(2 * 16);
    expect(found[15]).toBe("not-tested");
    expect(found[16]).toBeNull();
    expect(counter.rowsLookedAt).toBeLessThanOrEqual(rows.length * 31);
  });

  it("takes a legend's symbol from a legend within reach on the same page only", () => {
    const rows = [
      row(1, 40, ['"*" = Pass']),
      ...Array.from({ length: 20 }, (_, r) => row(1, 50 + r * 10, ["Moisture", "*"])),
      row(2, 40, ["Microbials", "*"]),
    ];
    const status = legendStatus(rows);
    expect(status("*", 1)).toBe("pass");
    expect(status("*", 15)).toBe("pass");
    expect(status("*", 16)).toBeNull();
    expect(status("*", 21)).toBeNull();
    expect(status("Pass", 21)).toBe("pass");
  });
});
