import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@prisma/client";
import { WalSqlite } from "./sqlite-connection.server";

/** What model functions take: the client, or a transaction's client so callers can compose. */
export type Db = PrismaClient | Prisma.TransactionClient;

export const defaultDatabaseUrl = "file:./prisma/dev.sqlite";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * A client on Prisma's driver adapters (no Rust engine): PostgreSQL for a postgres:// URL, else an
 * SQLite file (relative paths resolve from the working directory). The generated client must match
 * the provider: `prisma generate` with the same DATABASE_URL (docs/decisions/003).
 */
export function createPrismaClient(url: string): PrismaClient {
  const adapter = isPostgresUrl(url)
    ? new PrismaPg({
        connectionString: url,
        max: postgresPoolSize(),
        options: `-c synchronous_commit=${postgresSynchronousCommit()}`,
      })
    : new WalSqlite({ url });
  return new PrismaClient({ adapter });
}

/**
 * Connections to PostgreSQL each process keeps at most (DATABASE_POOL_SIZE, default 30). A
 * webhook's delivery is a transaction that waits for its commit to reach the disk; with node-postgres'
 * default of 10, 500 deliveries a second queued for a connection (p50 162 ms on two cores). Keep
 * instances × pool size below the server's `max_connections` (100 by default).
 */
export const DEFAULT_POSTGRES_POOL_SIZE = 30;
export function postgresPoolSize(raw = process.env.DATABASE_POOL_SIZE): number {
  const size = Number(raw);
  return Number.isInteger(size) && size > 0 ? size : DEFAULT_POSTGRES_POOL_SIZE;
}

/**
 * Whether a PostgreSQL commit waits for its log to reach the disk (DATABASE_SYNCHRONOUS_COMMIT, on
 * or off; default off). Off gives PostgreSQL the durability the app's SQLite has (WAL with
 * synchronous NORMAL): a crash of the app loses nothing and the database is never corrupted, but a
 * crash of the database server or the machine can lose the commits of its last moments (at most
 * three times `wal_writer_delay`, 0.6 s by default). Waiting for the disk on every commit put the
 * webhooks' p99 at 1.8 s on a shared disk, against 29 ms without (docs/decisions/022). Set it on
 * where that last half second must survive a crash of the database's machine.
 */
export function postgresSynchronousCommit(
  raw = process.env.DATABASE_SYNCHRONOUS_COMMIT,
): "on" | "off" {
  const value = (raw ?? "").trim().toLowerCase();
  if (value === "" || value === "off") return "off";
  if (value === "on") return "on";
  throw new Error(`DATABASE_SYNCHRONOUS_COMMIT must be on or off, not ${JSON.stringify(raw)}`);
}

declare global {
  // Survives Vite's module reloads in development, so edits do not leak connections.
  var __headyPrisma: PrismaClient | undefined;
}

let client: PrismaClient | undefined;

function sharedClient(): PrismaClient {
  if (client) return client;
  const url = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  if (process.env.NODE_ENV === "development") {
    globalThis.__headyPrisma ??= createPrismaClient(url);
    client = globalThis.__headyPrisma;
  } else {
    client = createPrismaClient(url);
  }
  return client;
}

/**
 * The app's client, created on first use rather than at import, so the environment (DATABASE_URL)
 * is read when the app first queries — tests and scripts can set it after importing modules.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const real = sharedClient();
    const value: unknown = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});

/** One round trip to the database (for /readyz): resolves when it answers, rejects otherwise. */
export async function pingDatabase(client: PrismaClient = db): Promise<void> {
  await client.$queryRaw`SELECT 1`;
}
