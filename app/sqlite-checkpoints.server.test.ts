import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteFile, startWalCheckpoints } from "./sqlite-checkpoints.server";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function walDatabase() {
  const dir = mkdtempSync(path.join(tmpdir(), "heady-wal-"));
  dirs.push(dir);
  const file = path.join(dir, "app.sqlite");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE delivery (id INTEGER PRIMARY KEY, body TEXT)");
  return { file, db };
}

describe("write-ahead log checkpoints on their own thread", () => {
  it("copies what the app's connection committed into the database file, without that connection's help", async () => {
    const { file, db } = walDatabase();
    const insert = db.prepare("INSERT INTO delivery (body) VALUES (?)");
    for (let i = 0; i < 500; i++) insert.run("x".repeat(1_000));
    const before = statSync(file).size;
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(400_000);

    const checkpoints = await startWalCheckpoints(file, 20);
    await expect
      .poll(() => statSync(file).size, { timeout: 5_000 })
      .toBeGreaterThan(before + 400_000);
    await checkpoints.stop();
    expect(db.prepare("SELECT count(*) AS n FROM delivery").get()).toEqual({ n: 500 });
    db.close();
  });

  it("refuses to start where the database cannot be opened, so the connection keeps its own checkpoints", async () => {
    await expect(startWalCheckpoints("/nonexistent-dir/for/sure/app.sqlite")).rejects.toThrow();
  });

  it("knows a database file from a file: URL, and that memory has no log", () => {
    expect(sqliteFile("file:./prisma/dev.sqlite")).toBe(path.resolve("prisma/dev.sqlite"));
    expect(sqliteFile("file::memory:")).toBeNull();
  });
});
