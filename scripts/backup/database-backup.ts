import { spawn } from "node:child_process";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { isPostgresUrl } from "~/db.server";

/**
 * Backups of the app's database, whichever it is:
 * - SQLite: SQLite's online backup API (through better-sqlite3), a consistent copy even while the
 *   app writes; restored with the same API into the database file (stop the app first).
 * - PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --single-transaction`
 *   (Debian's postgresql-client, the server's major version or newer). The password travels in
 *   PGPASSWORD, never on the command line, where any user's `ps` would show it.
 */

export interface BackupResult {
  file: string;
  kind: "sqlite" | "postgres";
  bytes: number;
}

export class BackupError extends Error {
  override readonly name = "BackupError";
}

/** `file:./prisma/dev.sqlite` → an absolute path (relative paths resolve from the working directory). */
export function sqlitePath(url: string): string {
  const file = url.replace(/^file:/, "").split("?")[0] ?? "";
  if (!file) throw new BackupError(`Not an SQLite URL: ${url}`);
  return path.resolve(file);
}

export function defaultBackupFile(url: string, at: Date, dir = "backups"): string {
  const stamp = at.toISOString().replace(/[:.]/g, "-");
  return path.resolve(dir, `heady-${stamp}.${isPostgresUrl(url) ? "dump" : "sqlite"}`);
}

export async function backupDatabase(url: string, file: string): Promise<BackupResult> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  // Written under a temporary name, renamed when complete: a half-written backup never has the name.
  const partial = `${file}.partial`;
  try {
    if (isPostgresUrl(url)) {
      const { connection, schema, env } = postgresConnection(url);
      await run(
        "pg_dump",
        [
          "--format=custom",
          "--no-owner",
          "--no-privileges",
          ...(schema ? [`--schema=${schema}`] : []),
          `--file=${partial}`,
          `--dbname=${connection}`,
        ],
        env,
      );
    } else {
      const source = new Database(sqlitePath(url), { readonly: true, fileMustExist: true });
      try {
        await source.backup(partial);
      } finally {
        source.close();
      }
      assertSqliteIntact(partial);
    }
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const { size } = await stat(file);
  return { file, kind: isPostgresUrl(url) ? "postgres" : "sqlite", bytes: size };
}

/** Replaces the database's contents with the backup's. Stop the app first. */
export async function restoreDatabase(url: string, file: string): Promise<void> {
  if (isPostgresUrl(url)) {
    const { connection, env } = postgresConnection(url);
    await run(
      "pg_restore",
      [
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        `--dbname=${connection}`,
        file,
      ],
      env,
    );
    return;
  }
  assertSqliteIntact(file);
  const backup = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // The backup API copies every page into the target, replacing what was there.
    await backup.backup(sqlitePath(url));
  } finally {
    backup.close();
  }
}

function assertSqliteIntact(file: string): void {
  const check = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = check.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new BackupError(`${file} is damaged: ${String(result)}`);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not an SQLite database: ${(error as Error).message}`);
  } finally {
    check.close();
  }
}

/**
 * The URL libpq understands: without the password (moved to PGPASSWORD) and without Prisma's own
 * `schema` parameter (given to pg_dump as --schema).
 */
export function postgresConnection(url: string): {
  connection: string;
  schema: string | null;
  env: Record<string, string>;
} {
  const parsed = new URL(url);
  const env: Record<string, string> = {};
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  parsed.password = "";
  const schema = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  return { connection: parsed.toString(), schema, env };
}

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          error.code === "ENOENT"
            ? `${command} is not installed: apt-get install postgresql-client-15 (or the server's major version)`
            : error.message,
        ),
      ),
    );
    child.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new BackupError(`${command} exited with ${code}: ${stderr.trim().slice(-2000)}`)),
    );
  });
}
