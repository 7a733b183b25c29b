import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createMigration,
  deployMigrations,
  migrationStatus,
  unmigratedChanges,
  type MigrateTarget,
} from "./commands";

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function emptySqliteTarget(): MigrateTarget {
  const dir = mkdtempSync(path.join(os.tmpdir(), "heady-migrate-"));
  scratch.push(dir);
  return {
    url: `file:${path.join(dir, "db.sqlite")}`,
    provider: "sqlite",
    migrationsDir: path.join(dir, "migrations"),
  };
}

describe("migrate commands (SQLite, offline)", () => {
  it("creates a first migration from the models, applies it, and then has nothing left to do", async () => {
    const target = emptySqliteTarget();
    expect(await migrationStatus(target)).toMatchObject({ migrations: [], pending: [] });

    const created = await createMigration(target, "start", new Date("2026-01-02T03:04:05Z"));
    if (!created.created) throw new Error("expected a migration");
    expect(created.sql).toContain('CREATE TABLE "LabReport"');
    expect(readFileSync(path.join(target.migrationsDir, "migration_lock.toml"), "utf8")).toContain(
      'provider = "sqlite"',
    );

    const name = path.basename(created.directory);
    expect((await migrationStatus(target)).pending).toEqual([name]);
    expect(await deployMigrations(target)).toEqual([name]);
    expect(await deployMigrations(target)).toEqual([]);
    expect(await migrationStatus(target)).toMatchObject({ pending: [], failed: [], edited: [] });

    expect(await unmigratedChanges(target)).toBe("");
    expect(await createMigration(target, "again")).toEqual({ created: false });
  });

  it("notices a migration edited after it was applied", async () => {
    const target = emptySqliteTarget();
    const created = await createMigration(target, "start");
    if (!created.created) throw new Error("expected a migration");
    await deployMigrations(target);
    const file = path.join(created.directory, "migration.sql");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n-- edited\n`);
    expect((await migrationStatus(target)).edited).toEqual([path.basename(created.directory)]);
  });

  it("rejects migration names that are not snake_case", async () => {
    const target = emptySqliteTarget();
    await expect(createMigration(target, "Add Things")).rejects.toThrow(/snake_case/);
    expect(existsSync(target.migrationsDir)).toBe(false);
  });
});
