import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cacheStatements } from "./sqlite-statement-cache.server";

/** As Prisma's better-sqlite3 adapter calls it: prepare(sql).bind(args), then run or raw().all(). */
type AdapterView = {
  prepare(sql: string): {
    bind(args: unknown[]): {
      reader: boolean;
      columns(): { name: string }[];
      raw(): { all(): unknown[][] };
      run(): { changes: number };
    };
  };
};

describe("cacheStatements", () => {
  const open: Database.Database[] = [];
  afterEach(() => open.splice(0).forEach((db) => db.close()));

  function database(limit?: number) {
    const db = new Database(":memory:");
    open.push(db);
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    const prepare = vi.spyOn(db, "prepare");
    cacheStatements(db, limit);
    return { db, view: db as unknown as AdapterView, prepare };
  }

  it("prepares each SQL text once and gives every call its own arguments", () => {
    const { view, prepare } = database();
    const insert = "INSERT INTO t (id, name) VALUES (?, ?)";
    expect(view.prepare(insert).bind([1, "one"]).run().changes).toBe(1);
    expect(view.prepare(insert).bind([2, "two"]).run().changes).toBe(1);
    const select = "SELECT id, name FROM t WHERE id = ?";
    const first = view.prepare(select).bind([1]);
    expect(first.reader).toBe(true);
    expect(first.columns().map((c) => c.name)).toEqual(["id", "name"]);
    expect(first.raw().all()).toEqual([[1, "one"]]);
    expect(view.prepare(select).bind([2]).raw().all()).toEqual([[2, "two"]]);
    // The first binding did not stick to the kept statement.
    expect(first.raw().all()).toEqual([[1, "one"]]);
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it("keeps the most recently used statements up to its limit", () => {
    const { view, prepare } = database(2);
    const a = "SELECT 1";
    const b = "SELECT 2";
    const c = "SELECT 3";
    view.prepare(a).bind([]).raw().all();
    view.prepare(b).bind([]).raw().all();
    view.prepare(a).bind([]).raw().all(); // a is now the most recent
    view.prepare(c).bind([]).raw().all(); // drops b
    view.prepare(a).bind([]).raw().all();
    expect(prepare).toHaveBeenCalledTimes(3);
    view.prepare(b).bind([]).raw().all();
    expect(prepare).toHaveBeenCalledTimes(4);
  });

  it("a kept statement still works after the schema changes under it", () => {
    const { db, view } = database();
    const select = "SELECT name FROM t WHERE id = ?";
    view.prepare("INSERT INTO t (id, name) VALUES (?, ?)").bind([1, "one"]).run();
    expect(view.prepare(select).bind([1]).raw().all()).toEqual([["one"]]);
    db.exec("ALTER TABLE t ADD COLUMN extra TEXT");
    expect(view.prepare(select).bind([1]).raw().all()).toEqual([["one"]]);
  });

  it("an error in a statement reaches the caller and leaves the statement usable", () => {
    const { view } = database();
    const insert = "INSERT INTO t (id, name) VALUES (?, ?)";
    view.prepare(insert).bind([1, "one"]).run();
    expect(() => view.prepare(insert).bind([1, "again"]).run()).toThrow(/UNIQUE/);
    expect(view.prepare(insert).bind([2, "two"]).run().changes).toBe(1);
  });
});
