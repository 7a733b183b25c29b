import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, rename, rm, stat } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll } from "vitest";
import { createPrismaClient, isPostgresUrl } from "~/db.server";
import { deployMigrations, targetFor } from "../scripts/migrate/commands";
import { migrationNames } from "../scripts/migrate/migrations-list";
import { createScratchDatabase } from "../scripts/migrate/postgres-scratch";
import { migrationsDir, type Provider } from "../scripts/migrate/schemas";

export type TestDatabase = {
  prisma: PrismaClient;
  url: string;
  provider: Provider;
  /** Disconnects and deletes the database. */
  cleanup: () => Promise<void>;
};

/**
 * A fresh, migrated, empty database for one test file (or one test).
 * SQLite by default: a copy of a migrated template file, cached per migration history.
 * With TEST_DATABASE_URL=postgres://…: a scratch database on that server, migrated, dropped at
 * cleanup. The generated client must be the PostgreSQL build then: scripts/test-postgres.sh.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl && isPostgresUrl(serverUrl)) return createPostgresDatabase(serverUrl);
  return createSqliteDatabase();
}

function generatedProvider(): string | undefined {
  const require = createRequire(import.meta.url);
  const schema = readFileSync(require.resolve(".prisma/client/schema.prisma"), "utf8");
  return /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(schema)?.[1];
}

function assertClientFor(provider: Provider): void {
  const generated = generatedProvider();
  const wanted = provider === "postgres" ? "postgresql" : "sqlite";
  if (generated !== wanted) {
    throw new Error(
      `The generated Prisma client is for ${generated}, these tests need ${wanted}. ` +
        (provider === "postgres"
          ? "Run the PostgreSQL pass with `npm run test:postgres`."
          : "Run `npm run db:generate` (without a postgres DATABASE_URL)."),
    );
  }
}

async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  assertClientFor("postgres");
  const scratch = await createScratchDatabase(serverUrl, "heady_test");
  try {
    await deployMigrations(targetFor(scratch.url));
  } catch (error) {
    await scratch.drop();
    throw error;
  }
  const prisma = createPrismaClient(scratch.url);
  return {
    prisma,
    url: scratch.url,
    provider: "postgres",
    cleanup: async () => {
      await prisma.$disconnect();
      await scratch.drop();
    },
  };
}

// Migrating costs ~1 s; copying a file costs ~1 ms. The template's name is a hash of the
// migration history, so a new migration makes a new template.
async function sqliteTemplate(): Promise<string> {
  const dir = migrationsDir("sqlite");
  const hash = createHash("sha256");
  for (const name of migrationNames(dir)) {
    hash.update(name).update(readFileSync(path.join(dir, name, "migration.sql")));
  }
  const templates = path.join(os.tmpdir(), "heady-lab-results-test-templates");
  const template = path.join(templates, `${hash.digest("hex").slice(0, 16)}.sqlite`);
  try {
    await stat(template);
    return template;
  } catch {
    await mkdir(templates, { recursive: true });
    // Build under a private name and rename: parallel test workers never see a half-built file.
    const building = `${template}.${process.pid}.${Date.now()}`;
    await deployMigrations(targetFor(`file:${building}`));
    await rename(building, template);
    return template;
  }
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  assertClientFor("sqlite");
  const template = await sqliteTemplate();
  const dir = await mkdtemp(path.join(os.tmpdir(), "heady-test-db-"));
  const file = path.join(dir, "test.sqlite");
  await copyFile(template, file);
  const url = `file:${file}`;
  const prisma = createPrismaClient(url);
  return {
    prisma,
    url,
    provider: "sqlite",
    cleanup: async () => {
      await prisma.$disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One database per test file: `const db = useTestDatabase();` then `db().prisma` inside tests.
 * Tests in a file share it, so each uses its own shop domain.
 */
export function useTestDatabase(): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.cleanup();
  });
  return () => {
    if (!database) throw new Error("useTestDatabase(): the database is created in beforeAll");
    return database;
  };
}
