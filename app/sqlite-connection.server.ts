import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { Database } from "better-sqlite3";
import { cacheStatements } from "./sqlite-statement-cache.server";
import { sqliteFile, startWalCheckpoints, type WalCheckpoints } from "./sqlite-checkpoints.server";

type Connection = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;
type Transaction = Awaited<ReturnType<Connection["startTransaction"]>>;

/**
 * The app's SQLite connection: write-ahead log, and one statement stream at a time.
 *
 * WAL with `synchronous = NORMAL` (sqlite.org/wal.html): a commit appends to the log instead of
 * creating, syncing and deleting a rollback journal, and readers never wait for a writer. A commit
 * can be lost on a power cut (never on a process crash), and the database is never corrupted. The
 * mode stays with the file; `synchronous` is per connection. Checkpoints are made by a thread of
 * their own (sqlite-checkpoints.server.ts), not by the commit that fills the log. Prepared
 * statements are kept and reused (sqlite-statement-cache.server.ts).
 *
 * Turns: Prisma's better-sqlite3 adapter has one connection and queues interactive transactions
 * behind each other, but not the queries made outside them meanwhile. Those ran on the same
 * connection, inside the open transaction: a webhook's delivery, recorded and answered 200 while an
 * upload's allowance transaction was open, was rolled back with it if that transaction failed, and
 * a read saw the transaction's uncommitted rows. Here a transaction holds the connection from its
 * BEGIN to its end, and every other statement waits its turn. (PostgreSQL gives each transaction a
 * connection of its own and needs none of this.)
 */
export class WalSqlite extends PrismaBetterSqlite3 {
  readonly #file: string | null;

  constructor(config: ConstructorParameters<typeof PrismaBetterSqlite3>[0] & { url: string }) {
    super(config);
    this.#file = sqliteFile(config.url);
  }

  override async connect(): Promise<Connection> {
    const connection = await super.connect();
    // The adapter's better-sqlite3 handle (a public field of its connection, untyped).
    const client = (connection as unknown as { client?: Database }).client;
    if (client && typeof client.prepare === "function") cacheStatements(client);
    await connection.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    // Checkpoints off the main thread (sqlite-checkpoints.server.ts); where that thread cannot
    // start, the connection keeps checkpointing as SQLite does by default.
    const checkpoints = this.#file ? await startWalCheckpoints(this.#file).catch(() => null) : null;
    if (checkpoints) await connection.executeScript("PRAGMA wal_autocheckpoint = 0;");
    return oneAtATime(connection, checkpoints);
  }
}

/** A FIFO lock: `acquire()` resolves with the function that releases it. */
function fifoLock() {
  let tail: Promise<void> = Promise.resolve();
  return {
    acquire(): Promise<() => void> {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const turn = tail.then(() => release);
      tail = tail.then(() => released);
      return turn;
    },
  };
}

export function oneAtATime(
  connection: Connection,
  checkpoints: WalCheckpoints | null = null,
): Connection {
  const lock = fifoLock();
  async function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const release = await lock.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
  async function startTransaction(
    ...args: Parameters<Connection["startTransaction"]>
  ): Promise<Transaction> {
    const release = await lock.acquire();
    let transaction: Transaction;
    try {
      transaction = await connection.startTransaction(...args);
    } catch (error) {
      release();
      throw error;
    }
    let ended = false;
    const end = async (finish: () => Promise<void>) => {
      try {
        await finish();
      } finally {
        if (!ended) {
          ended = true;
          release();
        }
      }
    };
    return Object.assign(Object.create(transaction) as Transaction, {
      commit: () => end(() => transaction.commit()),
      rollback: () => end(() => transaction.rollback()),
    });
  }
  return Object.assign(Object.create(connection) as Connection, {
    queryRaw: (query: Parameters<Connection["queryRaw"]>[0]) =>
      inTurn(() => connection.queryRaw(query)),
    executeRaw: (query: Parameters<Connection["executeRaw"]>[0]) =>
      inTurn(() => connection.executeRaw(query)),
    executeScript: (script: string) => inTurn(() => connection.executeScript(script)),
    startTransaction,
    dispose: async () => {
      await checkpoints?.stop();
      return connection.dispose();
    },
  });
}
