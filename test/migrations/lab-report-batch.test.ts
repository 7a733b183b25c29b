import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { deployMigrations } from "../../scripts/migrate/commands";

const SQLITE_MIGRATIONS = new URL("../../prisma/sqlite/migrations/", import.meta.url).pathname;
const MIGRATION = "20261204172449_lab_report_batch";

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database migrated up to (not including) `MIGRATION`, and a way to apply the rest. */
async function databaseBefore() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "heady-backfill-"));
  scratch.push(dir);
  const migrationsDir = path.join(dir, "migrations");
  const all = readdirSync(SQLITE_MIGRATIONS).sort();
  for (const entry of all) {
    if (entry >= MIGRATION && entry !== "migration_lock.toml") continue;
    cpSync(path.join(SQLITE_MIGRATIONS, entry), path.join(migrationsDir, entry), {
      recursive: true,
    });
  }
  const target = {
    url: `file:${path.join(dir, "db.sqlite")}`,
    provider: "sqlite" as const,
    migrationsDir,
  };
  await deployMigrations(target);
  return {
    file: path.join(dir, "db.sqlite"),
    async migrateRest() {
      for (const entry of all.filter((e) => e >= MIGRATION && e !== "migration_lock.toml")) {
        cpSync(path.join(SQLITE_MIGRATIONS, entry), path.join(migrationsDir, entry), {
          recursive: true,
        });
      }
      await deployMigrations(target);
    },
  };
}

describe("the lab_report_batch migration", () => {
  it("gives reports extracted before it their batch and lookup key from the stored report", async () => {
    const database = await databaseBefore();
    const sqlite = new Database(database.file);
    sqlite
      .prepare(`INSERT INTO "Shop" (id, domain, updatedAt) VALUES ('s', 'a.myshopify.com', 0)`)
      .run();
    const insert = sqlite.prepare(
      `INSERT INTO "LabReport" (id, shop, fileName, sha256, sizeBytes, report, updatedAt)
       VALUES (?, 'a.myshopify.com', 'coa.pdf', 'x', 1, ?, 0)`,
    );
    insert.run("printed", JSON.stringify({ sample: { batch: "  CP-0425-B " } }));
    insert.run("none", JSON.stringify({ sample: { batch: null } }));
    insert.run("blank", JSON.stringify({ sample: { batch: "   " } }));
    insert.run("queued", null);
    insert.run("broken", "{not json");
    sqlite.close();

    await database.migrateRest();

    const migrated = new Database(database.file);
    const rows = migrated.prepare(`SELECT id, batch, batchKey FROM "LabReport" ORDER BY id`).all();
    migrated.close();
    expect(rows).toEqual([
      { id: "blank", batch: null, batchKey: null },
      { id: "broken", batch: null, batchKey: null },
      { id: "none", batch: null, batchKey: null },
      { id: "printed", batch: "CP-0425-B", batchKey: "cp-0425-b" },
      { id: "queued", batch: null, batchKey: null },
    ]);
  });
});
