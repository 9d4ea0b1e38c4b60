import type SqliteDatabase from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  SqliteDialect,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely's SQLite dialect, except that a write never waits for the file's write lock inside
 * SQLite's busy handler. better-sqlite3 is synchronous, so that wait (up to `busy_timeout`) would
 * block the whole event loop while another connection, such as the append writer thread, holds
 * the lock: under a steady ingest load, a 5-second metrics flush stalled every request for 130–340 ms.
 *
 * Instead, a transaction starts with BEGIN IMMEDIATE retried asynchronously (`beginImmediate`),
 * and a single write statement outside a transaction runs in one of its own. Reads go straight
 * through: in WAL mode they do not wait for writers.
 *
 * @example
 * const db = new Kysely<Database>({ dialect: new AsyncLockSqliteDialect(file, 5000) });
 * await db.insertInto('workspaces').values(row).execute(); // the event loop runs while it waits
 */
export class AsyncLockSqliteDialect extends SqliteDialect {
  readonly #file: SqliteDatabase.Database;
  readonly #busyTimeoutMs: number;

  constructor(file: SqliteDatabase.Database, busyTimeoutMs: number) {
    super({ database: file });
    this.#file = file;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  override createDriver(): Driver {
    return new AsyncLockDriver(super.createDriver(), this.#file, this.#busyTimeoutMs);
  }
}

/** Statements that must not be wrapped in a transaction of ours (or manage one themselves). */
const UNWRAPPED = /^\s*(pragma|vacuum|begin|commit|end|rollback|savepoint|release|attach|detach)\b/i;

class AsyncLockDriver implements Driver {
  /** Whether a statement text writes, per text (Kysely reuses a few hundred texts). */
  readonly #writes = new Map<string, boolean>();

  readonly inner: Driver;
  readonly file: SqliteDatabase.Database;
  readonly busyTimeoutMs: number;

  constructor(inner: Driver, file: SqliteDatabase.Database, busyTimeoutMs: number) {
    this.inner = inner;
    this.file = file;
    this.busyTimeoutMs = busyTimeoutMs;
  }

  init() {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    return {
      executeQuery: <R>(query: CompiledQuery) => this.#execute<R>(connection, query),
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => connection.streamQuery<R>(query, chunkSize),
    };
  }

  async beginTransaction(_connection: DatabaseConnection, _settings: TransactionSettings) {
    await beginImmediate(this.file, this.busyTimeoutMs);
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.savepoint!(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.rollbackToSavepoint!(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.releaseSavepoint!(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(connection);
  }

  destroy() {
    return this.inner.destroy();
  }

  async #execute<R>(connection: DatabaseConnection, query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.file.inTransaction || !this.#isWrite(query.sql)) return connection.executeQuery<R>(query);
    return inImmediateTransaction(this.file, this.busyTimeoutMs, () => connection.executeQuery<R>(query));
  }

  #isWrite(sql: string): boolean {
    let writes = this.#writes.get(sql);
    if (writes === undefined) {
      writes = !UNWRAPPED.test(sql) && !this.file.prepare(sql).readonly;
      if (this.#writes.size >= 1000) this.#writes.clear();
      this.#writes.set(sql, writes);
    }
    return writes;
  }
}

/**
 * BEGIN IMMEDIATE, retried asynchronously while another connection holds the write lock, until
 * `timeoutMs` has passed (then SQLITE_BUSY is thrown). better-sqlite3's own busy wait would block
 * the event loop, and with it a lock holder in this very process.
 *
 * @example
 * await beginImmediate(file, 5000);
 * try { file.prepare('INSERT …').run(); file.exec('COMMIT'); } catch (e) { file.exec('ROLLBACK'); throw e; }
 */
export async function beginImmediate(file: SqliteDatabase.Database, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  file.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        file.exec('BEGIN IMMEDIATE');
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
      }
    }
  } finally {
    file.pragma(`busy_timeout = ${timeoutMs}`);
  }
}

/**
 * Runs `fn` in a transaction begun with {@link beginImmediate}: COMMIT when it resolves, ROLLBACK
 * when it throws.
 *
 * @example
 * await inImmediateTransaction(file, 5000, async () => file.prepare('INSERT …').run());
 */
export async function inImmediateTransaction<T>(file: SqliteDatabase.Database, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  await beginImmediate(file, timeoutMs);
  try {
    const result = await fn();
    file.exec('COMMIT');
    return result;
  } catch (err) {
    if (file.inTransaction) file.exec('ROLLBACK');
    throw err;
  }
}
