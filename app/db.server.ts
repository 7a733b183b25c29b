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
    ? new PrismaPg({ connectionString: url, max: postgresPoolSize() })
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
