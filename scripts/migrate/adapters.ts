import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { createScratchDatabase } from "./postgres-scratch";
import { providerOf } from "./schemas";

/** Replaces some of an adapter's methods, keeping the rest bound to the original. */
function overriding(adapter: SqlDriverAdapter, overrides: Partial<SqlDriverAdapter>) {
  return new Proxy(adapter, {
    get(target, property, _receiver) {
      if (Object.hasOwn(overrides, property)) {
        return overrides[property as keyof SqlDriverAdapter];
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// The engine replays each migration file into the shadow database with a single executeRaw.
// better-sqlite3 prepares one statement at a time, so a multi-statement file fails (P3006).
// Parameterless SQL goes through executeScript, which runs every statement.
function runScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return overriding(adapter, {
    executeRaw: async (query: SqlQuery) => {
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    },
  });
}

function sqliteFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSqlite3({ url });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    // In-memory shadow database (the adapter's default).
    connectToShadowDb: async () => runScriptsWhole(await factory.connectToShadowDb()),
  };
}

// @prisma/adapter-pg cannot type the catalog's `"char"` columns (OID 18, e.g. pg_class.relkind),
// so every schema description the engine makes fails. Reported as text (OID 25) they read fine.
// Only the migration code uses this client; the app's queries never meet "char".
const charOid = 18;
const textOid = 25;
type Fields = { fields?: { dataTypeID: number }[] };
function charAsText<T>(result: T): T {
  for (const part of Array.isArray(result) ? (result as Fields[]) : [result as Fields]) {
    for (const field of part?.fields ?? []) {
      if (field.dataTypeID === charOid) field.dataTypeID = textOid;
    }
  }
  return result;
}

class CatalogClient extends pg.Client {}
const baseQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
Object.defineProperty(CatalogClient.prototype, "query", {
  value(this: pg.Client, ...args: unknown[]): unknown {
    const callbackAt = args.findIndex((arg) => typeof arg === "function");
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (error: unknown, result: unknown) => void;
      args[callbackAt] = (error: unknown, result: unknown) =>
        callback(error, error ? result : charAsText(result));
      return baseQuery.apply(this, args);
    }
    const pending = baseQuery.apply(this, args);
    return pending instanceof Promise ? pending.then(charAsText) : pending;
  },
});

function postgresFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const factoryFor = (connectionString: string) =>
    new PrismaPg({ connectionString, Client: CatalogClient } as pg.PoolConfig);
  const factory = factoryFor(url);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    // PrismaPg's own shadow database connects back to the main database when given a URL, so
    // create and drop a scratch database here instead (the role needs CREATEDB).
    connectToShadowDb: async () => {
      const scratch = await createScratchDatabase(url, "heady_shadow");
      const adapter = await factoryFor(scratch.url).connect();
      return overriding(adapter, {
        dispose: async () => {
          await adapter.dispose();
          await scratch.drop();
        },
      });
    },
  };
}

export type ClosableAdapterFactory = SqlMigrationAwareDriverAdapterFactory & {
  /** Disposes every connection handed to the engine that the engine did not dispose itself. */
  close(): Promise<void>;
};

// Freeing the wasm engine does not dispose the connections it opened. Left open, a PostgreSQL
// connection keeps the engine's advisory lock and the next command waits 10 s for it.
function closable(factory: SqlMigrationAwareDriverAdapterFactory): ClosableAdapterFactory {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const tracked = overriding(adapter, {
      dispose: async () => {
        if (!open.delete(tracked)) return;
        await adapter.dispose();
      },
    });
    open.add(tracked);
    return tracked;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
    close: async () => {
      for (const adapter of [...open]) await adapter.dispose();
    },
  };
}

export function migrationAdapterFactory(url: string): ClosableAdapterFactory {
  return closable(providerOf(url) === "postgres" ? postgresFactory(url) : sqliteFactory(url));
}
