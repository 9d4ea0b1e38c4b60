import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { InvalidInputError } from './errors.ts';
import type { Database } from './schema.ts';
import { AsyncLockSqliteDialect, inImmediateTransaction } from './sqlite-dialect.ts';
import { type SqliteWriter, type SqliteWriterMode, startSqliteWriter } from './sqlite-writer.ts';

/** Which database a store runs on. */
export type BackendKind = 'sqlite' | 'postgres';

/** SQLite `synchronous` level: FULL fsyncs the WAL on every commit (survives OS crash). */
export type SqliteSynchronous = 'FULL' | 'NORMAL';

/** Options of the embedded SQLite backend. */
export interface SqliteBackendOptions {
  dataDir: string;
  /** Default 'FULL' (see README: acknowledged events survive process and OS crashes). */
  synchronous?: SqliteSynchronous;
  /** busy_timeout in ms when another process holds the write lock. Default 5000. */
  busyTimeoutMs?: number;
  /** Where appends run (see sqlite-writer.ts). Default 'inline'. The first open of a file decides. */
  writer?: SqliteWriterMode;
}

/** Options of the PostgreSQL backend. */
export interface PostgresBackendOptions {
  databaseUrl: string;
  /** Schema to use (sets search_path on every pooled connection). Default: the URL's default. */
  schema?: string;
  /** Pool size. Default 10. */
  poolSize?: number;
}

/** What differs between backends; everything else goes through the one Kysely instance. */
export interface Backend {
  readonly kind: BackendKind;
  readonly db: Kysely<Database>;
  /** Column type of `seq` (SQLite: INTEGER so it aliases the rowid; PostgreSQL: bigint). */
  readonly seqType: 'integer' | 'bigint';
  /**
   * Runs `fn` while holding a cross-process lock: PostgreSQL session advisory lock; SQLite
   * BEGIN IMMEDIATE on the store's one connection (so `fn` runs inside that transaction).
   */
  withExclusiveLock<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * SQLite only: runs `fn` synchronously on the raw connection while holding Kysely's connection
   * mutex (the append hot path uses prepared statements; nothing else interleaves).
   */
  withSqliteFile?<T>(fn: (file: SqliteDatabase.Database) => T): Promise<T>;
  /**
   * SQLite in 'thread' mode: the file's writer thread (one per file per process, shared like the
   * connection), started on first use when `start` is true; undefined in 'inline' mode or when
   * `start` is false and it has not started.
   */
  sqliteWriter?(start: boolean): Promise<SqliteWriter> | undefined;
  /**
   * PostgreSQL only: runs `fn` on a pooled pg client of its own (the append hot path sends
   * multi-statement text, which Kysely's driver cannot return results of). A client whose `fn`
   * failed is discarded, not returned to the pool.
   */
  withPgClient?<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Schema that holds the tables (PostgreSQL), for the migrator. */
  schemaName(): Promise<string | undefined>;
  close(): Promise<void>;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Advisory lock key for migrations ("junction" as ASCII, fits in int8). */
const MIGRATION_LOCK_KEY = 0x6a756e6374696f6en;

/**
 * One better-sqlite3 connection per file per process, shared by every store opened on it: two
 * connections in one process would block each other (better-sqlite3 waits synchronously).
 */
interface OpenFile {
  file: SqliteDatabase.Database;
  db: Kysely<Database>;
  busyTimeoutMs: number;
  synchronous: SqliteSynchronous;
  refs: number;
  mode: SqliteWriterMode;
  writer?: Promise<SqliteWriter>;
  started?: SqliteWriter;
}
const openFiles = new Map<string, OpenFile>();
/** Page cache of a connection, in KiB (negative = KiB for SQLite): 64 MiB instead of 2 MiB. */
const CACHE_KIB = -65536;

/**
 * Page size of a new SQLite file: 16 KiB rather than SQLite's 4 KiB. Every WAL frame is one page
 * written with two syscalls, and syscalls are the bulk of the append path's cost once rows are runs
 * (log-runs.ts): 16 KiB pages cut the writer's CPU per appended event by about a fifth, and left
 * delivery's small lane commits unchanged within noise (bench/ingest README, fifth pass).
 */
export const SQLITE_PAGE_SIZE = 16384;

/**
 * Opens the SQLite backend: `<dataDir>/junction.sqlite`, WAL, synchronous FULL by default. A
 * second open of the same file in one process shares the first connection (and its pragmas).
 *
 * @example
 * const backend = openSqliteBackend({ dataDir: './.data' });
 */
export function openSqliteBackend(opts: SqliteBackendOptions): Backend {
  if (typeof opts.dataDir !== 'string' || opts.dataDir === '') throw new InvalidInputError('dataDir must be a non-empty path');
  const sync = opts.synchronous ?? 'FULL';
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new InvalidInputError(`synchronous must be 'FULL' or 'NORMAL', got ${JSON.stringify(sync)}`);
  const path = resolve(opts.dataDir, 'junction.sqlite');
  let shared = openFiles.get(path);
  if (!shared) {
    mkdirSync(opts.dataDir, { recursive: true });
    const file = new SqliteDatabase(path);
    // Only a new, empty file takes it; an existing file keeps its page size.
    file.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
    file.pragma('journal_mode = WAL');
    file.pragma(`synchronous = ${sync}`);
    const busyTimeoutMs = Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000));
    file.pragma(`busy_timeout = ${busyTimeoutMs}`);
    file.pragma('foreign_keys = ON');
    file.pragma(`cache_size = ${CACHE_KIB}`);
    shared = { file, busyTimeoutMs, synchronous: sync, mode: opts.writer ?? 'inline', db: new Kysely<Database>({ dialect: new AsyncLockSqliteDialect(file, busyTimeoutMs) }), refs: 0 };
    openFiles.set(path, shared);
  }
  shared.refs++;
  const entry = shared;
  const { file, db, busyTimeoutMs } = entry;
  let closed = false;
  return {
    kind: 'sqlite',
    db,
    seqType: 'integer',
    sqliteWriter(start) {
      if (entry.mode !== 'thread') return undefined;
      // A thread that died (its batches were rejected) is replaced by the next append; the new
      // thread recovers the dedupe keys the old one had not flushed yet.
      if (entry.started && !entry.started.alive && entry.writer) entry.writer = entry.started = undefined;
      if (!start && !entry.writer) return undefined;
      if (!entry.writer) {
        const starting = startSqliteWriter({ path, synchronous: entry.synchronous, busyTimeoutMs });
        entry.writer = starting;
        // A failed start is retried by the next append (which gets this error first).
        starting.then(
          (w) => {
            if (entry.writer === starting) entry.started = w;
          },
          () => {
            if (entry.writer === starting) entry.writer = undefined;
          },
        );
      }
      return entry.writer;
    },
    withExclusiveLock(fn) {
      // Hold Kysely's connection mutex for the whole run, so no other statement of this process
      // lands inside our transaction; another process waits for our COMMIT.
      return db.connection().execute((conn) => inImmediateTransaction(file, busyTimeoutMs, () => fn(conn)));
    },
    withSqliteFile: (fn) => db.connection().execute(async () => fn(file)),
    schemaName: async () => undefined,
    async close() {
      if (closed) return;
      closed = true;
      if (--entry.refs === 0) {
        openFiles.delete(path);
        const writer = entry.writer;
        entry.writer = undefined;
        if (writer) await writer.then((w) => w.close(), () => undefined);
        await db.destroy();
      }
    },
  };
}

/** int8 → number (sequence numbers stay far below 2^53), instead of pg's default string. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * Opens the PostgreSQL backend: a pg pool (several hosts may share the database).
 *
 * @example
 * const backend = openPostgresBackend({ databaseUrl: 'postgres://postgres@127.0.0.1/junction' });
 */
export function openPostgresBackend(opts: PostgresBackendOptions): Backend {
  if (typeof opts.databaseUrl !== 'string' || !/^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    throw new InvalidInputError('databaseUrl must be a postgres:// or postgresql:// URL');
  }
  if (opts.schema !== undefined && !IDENT.test(opts.schema)) {
    throw new InvalidInputError(`schema must be a plain SQL identifier, got ${JSON.stringify(opts.schema)}`);
  }
  const clientConfig: pg.ClientConfig = { connectionString: opts.databaseUrl, types: pgTypes };
  // Each new connection first sets its session, whatever the database, the role or the URL's own
  // `options` say (those would replace startup options): the schema, and READ COMMITTED, on which
  // the log append (pg-append-migration.ts) relies to see, after the log-head lock, what committed
  // before it. The pool hands the connection out only after this query answered (`onConnect`); if
  // it fails, the connection is closed and the caller that asked for it gets the error.
  const session = `SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED${opts.schema ? `; SET search_path TO "${opts.schema}"` : ''}`;
  const pool = new pg.Pool({
    ...clientConfig,
    max: opts.poolSize ?? 10,
    onConnect: async (client) => {
      await client.query(session);
    },
  });
  // An idle connection dropped by the server must not crash the host: the next query reconnects
  // (or fails and reports it to its caller).
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    seqType: 'bigint',
    async withExclusiveLock(fn) {
      // A dedicated session outside the pool, so the lock never starves the pool of connections.
      const client = new pg.Client(clientConfig);
      await client.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
        return await fn(db);
      } finally {
        await client.end();
      }
    },
    async withPgClient(fn) {
      const client = await pool.connect();
      try {
        const result = await fn(client);
        client.release();
        return result;
      } catch (err) {
        client.release(err as Error);
        throw err;
      }
    },
    async schemaName() {
      const r = await pool.query<{ s: string }>('SELECT current_schema() AS s');
      return r.rows[0]?.s;
    },
    close: () => db.destroy(),
  };
}
