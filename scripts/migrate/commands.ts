import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { migrationAdapterFactory } from "./adapters";
import { noFilters, openSchemaEngine } from "./engine";
import { lockfileContent, migrationNames, readMigrationsList } from "./migrations-list";
import {
  migrationsDir,
  providerOf,
  providers,
  readModels,
  renderSchema,
  schemaPath,
  type Provider,
} from "./schemas";

export type MigrateTarget = {
  url: string;
  provider: Provider;
  /** Where this provider's migrations live; tests may point elsewhere. */
  migrationsDir: string;
};

export function targetFor(url: string): MigrateTarget {
  const provider = providerOf(url);
  return { url, provider, migrationsDir: migrationsDir(provider) };
}

async function withEngine<T>(
  target: MigrateTarget,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const provider = target.provider;
  // Built from models.prisma directly, so a stale generated schema cannot mislead a command.
  const schema = { path: schemaPath(provider), content: renderSchema(provider, readModels()) };
  const factory = migrationAdapterFactory(target.url);
  const engine = await openSchemaEngine(schema, factory);
  try {
    return await run(engine);
  } finally {
    engine.free();
    await factory.close();
  }
}

/** Applies pending migrations; returns the names applied now. */
export async function deployMigrations(target: MigrateTarget): Promise<string[]> {
  const migrationsList = readMigrationsList(target.migrationsDir, target.provider);
  return withEngine(target, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return result.appliedMigrationNames;
  });
}

export type MigrationStatus = {
  migrations: string[];
  pending: string[];
  failed: string[];
  edited: string[];
  /** In the database but not in the migrations folder. */
  unknown: string[];
};

// The engine's errors carry Prisma's error code (P1014, P3006, …) as `code`.
function errorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    return String(error.code);
  }
  return undefined;
}

export async function migrationStatus(target: MigrateTarget): Promise<MigrationStatus> {
  const migrationsList = readMigrationsList(target.migrationsDir, target.provider);
  const migrations = migrationNames(target.migrationsDir);
  return withEngine(target, async (engine) => {
    try {
      const diagnosis = await engine.diagnoseMigrationHistory({
        migrationsList,
        optInToShadowDatabase: false,
        filters: noFilters,
      });
      const history = diagnosis.history;
      const pending =
        history && "unappliedMigrationNames" in history ? history.unappliedMigrationNames : [];
      const unknown =
        history && "unpersistedMigrationNames" in history ? history.unpersistedMigrationNames : [];
      return {
        migrations,
        pending,
        failed: diagnosis.failedMigrationNames,
        edited: diagnosis.editedMigrationNames,
        unknown,
      };
    } catch (error) {
      // P1014: no _prisma_migrations table yet, i.e. a fresh database: everything is pending.
      if (errorCode(error) !== "P1014") throw error;
      return { migrations, pending: migrations, failed: [], edited: [], unknown: [] };
    }
  });
}

/** The SQL that would bring the migration history up to the models; empty when none is needed. */
export async function unmigratedChanges(target: MigrateTarget): Promise<string> {
  const migrationsList = readMigrationsList(target.migrationsDir, target.provider);
  const schema = {
    path: schemaPath(target.provider),
    content: renderSchema(target.provider, readModels()),
  };
  return withEngine(target, async (engine) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    // exitCode 2 = the diff is not empty (the CLI's --exit-code contract).
    return result.exitCode === 2 ? (result.stdout ?? "") : "";
  });
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, "").slice(0, 14);
}

// Both providers keep the same migration names so their histories line up: when the other
// provider already has `<ts>_<name>` that this one lacks, reuse its timestamp.
function migrationDirName(target: MigrateTarget, name: string, now: Date): string {
  const own = new Set(migrationNames(target.migrationsDir));
  for (const other of providers) {
    if (other === target.provider) continue;
    const match = migrationNames(migrationsDir(other)).find(
      (dir) => dir.endsWith(`_${name}`) && !own.has(dir),
    );
    if (match) return match;
  }
  return `${timestamp(now)}_${name}`;
}

export type CreateResult = { created: false } | { created: true; directory: string; sql: string };

export async function createMigration(
  target: MigrateTarget,
  name: string,
  now = new Date(),
): Promise<CreateResult> {
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`Migration names are snake_case ([a-z0-9_]+), got "${name}"`);
  }
  const sql = await unmigratedChanges(target);
  if (sql.trim() === "") return { created: false };
  const directory = path.join(target.migrationsDir, migrationDirName(target, name, now));
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, "migration.sql"), sql);
  const lockPath = path.join(target.migrationsDir, "migration_lock.toml");
  if (!existsSync(lockPath)) writeFileSync(lockPath, lockfileContent(target.provider));
  return { created: true, directory, sql };
}
