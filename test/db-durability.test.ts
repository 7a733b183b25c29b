import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, isPostgresUrl } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "./db";

/**
 * The app's connections keep one durability on both databases: a commit never waits for the disk
 * (SQLite: WAL with synchronous NORMAL; PostgreSQL: synchronous_commit off), unless the operator
 * asks PostgreSQL to wait (DATABASE_SYNCHRONOUS_COMMIT=on). Checked on the connection the app opens,
 * against the database this pass runs on.
 */

let database: TestDatabase;
const saved = process.env.DATABASE_SYNCHRONOUS_COMMIT;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  if (saved === undefined) delete process.env.DATABASE_SYNCHRONOUS_COMMIT;
  else process.env.DATABASE_SYNCHRONOUS_COMMIT = saved;
  await database?.cleanup();
});

async function commitSetting(): Promise<string> {
  const client = createPrismaClient(database.url);
  try {
    if (isPostgresUrl(database.url)) {
      const rows =
        await client.$queryRawUnsafe<{ synchronous_commit: string }[]>("SHOW synchronous_commit");
      return rows[0]!.synchronous_commit;
    }
    const [journal] =
      await client.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [sync] =
      await client.$queryRawUnsafe<{ synchronous: number | bigint }[]>("PRAGMA synchronous");
    return `${journal!.journal_mode} ${Number(sync!.synchronous)}`;
  } finally {
    await client.$disconnect();
  }
}

describe("commit durability of the app's connections", () => {
  it("does not wait for the disk on each commit by default", async () => {
    delete process.env.DATABASE_SYNCHRONOUS_COMMIT;
    // SQLite's synchronous NORMAL is 1.
    expect(await commitSetting()).toBe(isPostgresUrl(database.url) ? "off" : "wal 1");
  });

  it("waits for the disk on PostgreSQL when the operator asks", async () => {
    process.env.DATABASE_SYNCHRONOUS_COMMIT = "on";
    expect(await commitSetting()).toBe(isPostgresUrl(database.url) ? "on" : "wal 1");
  });
});
