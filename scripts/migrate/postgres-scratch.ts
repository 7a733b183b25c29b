import { randomBytes } from "node:crypto";
import pg from "pg";

export type ScratchDatabase = { name: string; url: string; drop: () => Promise<void> };

async function runAdmin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The same server and credentials as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/**
 * Creates an empty database beside the one `url` names (the role needs CREATEDB) and returns its
 * URL and a drop function. Used for the schema engine's shadow database and for test databases.
 */
export async function createScratchDatabase(url: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await runAdmin(url, `CREATE DATABASE "${name}"`);
  return {
    name,
    url: withDatabase(url, name),
    // WITH (FORCE) (PostgreSQL 13+) ends connections a failed run may have left open.
    drop: () => runAdmin(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
