import type { Database, Statement } from "better-sqlite3";

/**
 * Prepared statements kept and reused. Prisma's better-sqlite3 adapter prepares every query afresh
 * (`client.prepare(sql).bind(args)`): SQLite parses and plans the same few statements again for each
 * request, a fifth of a webhook's CPU time. Here `prepare` returns the statement made the first
 * time for the same SQL (the most recent `limit` kept), behind a stand-in whose `bind(args)` hands
 * the arguments to each run instead of binding them for good, so one statement serves every call.
 * SQLite prepares a kept statement again by itself when the schema changes under it.
 */
export const STATEMENT_CACHE_LIMIT = 256;

type Args = unknown[];

/** What the adapter does with `prepare(sql).bind(args)`: reader, columns(), raw().all(), run(). */
export interface BoundStatement {
  readonly reader: boolean;
  columns(): ReturnType<Statement["columns"]>;
  raw(): { all(): unknown[] };
  run(): ReturnType<Statement["run"]>;
}

export function cacheStatements(database: Database, limit = STATEMENT_CACHE_LIMIT): void {
  const prepare = database.prepare.bind(database);
  const kept = new Map<string, Statement<Args>>();
  const statementFor = (sql: string): Statement<Args> => {
    const found = kept.get(sql);
    if (found) {
      // Most recently used last, so the first entry is the one to drop.
      kept.delete(sql);
      kept.set(sql, found);
      return found;
    }
    const made = prepare<Args>(sql);
    kept.set(sql, made);
    if (kept.size > limit) kept.delete(kept.keys().next().value!);
    return made;
  };
  const cached = (sql: string) => {
    const statement = statementFor(sql);
    return {
      bind: (args: Args = []): BoundStatement => ({
        reader: statement.reader,
        columns: () => statement.columns(),
        raw: () => ({ all: () => statement.raw(true).all(args) as unknown[] }),
        run: () => statement.run(args),
      }),
      run: (...args: Args) => statement.run(...args),
    };
  };
  (database as unknown as { prepare: typeof cached }).prepare = cached;
}
