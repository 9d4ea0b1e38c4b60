import { commitLanes } from './delivery-commit.ts';
import { deliveryDb } from './delivery-schema.ts';
import { closeDedupe, flushDedupe, mergeDedupeFor, pruneSqliteDedupe } from './sqlite-dedupe.ts';
import { type Backend, openPostgresBackend, openSqliteBackend, type SqliteSynchronous } from './backend.ts';
import { destinationRepo } from './destinations.ts';
import { InvalidInputError } from './errors.ts';
import { createGroupCommitter, type GroupCommitOptions } from './group-commit.ts';
import { type AppendJob, type PreparedEvent, writeBatch } from './log-append.ts';
import { readLog } from './log-read.ts';
import { dropSegmentsBefore, listSegments } from './log-segments.ts';
import { runMigrations } from './migrations.ts';
import { DEFAULT_PARTITIONS, partitionOf } from './partition.ts';
import { createSourceCache } from './source-cache.ts';
import { sourceRepo } from './sources.ts';
import type { SqliteWriterMode } from './sqlite-writer.ts';
import type { Store } from './store.ts';
import type { AppendEvent, AppendResult } from './types.ts';
import { workspaceRepo } from './workspaces.ts';
import { writeKeyRepo } from './write-keys.ts';

/** Options shared by both backends. */
export interface CommonStoreOptions {
  /** Event-log partitions. Default 16; must never change once a log exists. */
  partitions?: number;
  /** Dedupe window by (source, messageId) in ms. Default 24 h. */
  dedupeWindowMs?: number;
  /** Group commit tuning: delay (default 2 ms) and max events per transaction (default 1000). */
  groupCommit?: GroupCommitOptions;
  /** TTL of the write-key/source cache in ms. Default 5000; 0 disables caching. */
  sourceCacheTtlMs?: number;
  /** Time source in epoch ms for append times, segments and dedupe. Default Date.now (tests move it). */
  clock?: () => number;
}

/**
 * Options of {@link openStore}: `dataDir` → SQLite, `databaseUrl` → PostgreSQL.
 *
 * @example
 * const opts: StoreOptions = { databaseUrl: 'postgres://postgres@127.0.0.1/junction', groupCommit: { delayMs: 2 } };
 */
export type StoreOptions =
  | (CommonStoreOptions & {
      dataDir: string;
      sqliteSynchronous?: SqliteSynchronous;
      busyTimeoutMs?: number;
      /**
       * Where appends run: 'thread' (default) commits each group-commit batch on a dedicated worker
       * thread with its own connection, off the event loop; 'inline' on the event loop. Default from
       * `JUNCTION_SQLITE_WRITER` when set. Durability is the same: appendEvents resolves after COMMIT.
       */
      sqliteWriter?: SqliteWriterMode;
    })
  | (CommonStoreOptions & { databaseUrl: string; schema?: string; poolSize?: number });

const MAX_MESSAGE_ID = 255;
const DEFAULT_SQLITE_WRITER: SqliteWriterMode = 'thread';

function sqliteWriterMode(mode: SqliteWriterMode | undefined): SqliteWriterMode {
  const m = mode ?? (process.env.JUNCTION_SQLITE_WRITER || DEFAULT_SQLITE_WRITER);
  if (m !== 'thread' && m !== 'inline') {
    throw new InvalidInputError(`sqliteWriter must be 'thread' or 'inline', got ${JSON.stringify(m)}${mode === undefined ? ' (from JUNCTION_SQLITE_WRITER)' : ''}`);
  }
  return m;
}

/** `events[i]`, for error messages (a module function: no closure per event on the append path). */
function at(i: number): string {
  return `events[${i}]`;
}

/** An unpaired UTF-16 surrogate (with the `u` flag, a pair is one code point and does not match). */
const LONE_SURROGATE = /\p{Cs}/u;

function prepare(events: readonly AppendEvent[], partitions: number): PreparedEvent[] {
  if (!Array.isArray(events)) throw new InvalidInputError('events must be an array');
  // The events of one call usually share one receivedAt: check each distinct value once.
  let checkedAt: string | undefined;
  const out: PreparedEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as AppendEvent;
    if (e === null || typeof e !== 'object') throw new InvalidInputError(`${at(i)} must be an object`);
    if (typeof e.messageId !== 'string' || e.messageId === '' || e.messageId.length > MAX_MESSAGE_ID) {
      throw new InvalidInputError(`${at(i)}.messageId must be a non-empty string of at most ${MAX_MESSAGE_ID} characters`);
    }
    // Refused before the group commit: PostgreSQL text cannot hold U+0000, and one such event
    // would fail every call sharing its transaction; stored as UTF-8, an unpaired surrogate
    // becomes U+FFFD, so two different ids would dedupe as one.
    if (e.messageId.includes('\u0000') || LONE_SURROGATE.test(e.messageId)) {
      throw new InvalidInputError(`${at(i)}.messageId must not contain NUL (U+0000) or unpaired surrogate characters`);
    }
    if (typeof e.type !== 'string' || e.type === '') throw new InvalidInputError(`${at(i)}.type must be a non-empty string`);
    if (e.partitionKey != null && typeof e.partitionKey !== 'string') throw new InvalidInputError(`${at(i)}.partitionKey must be a string or null`);
    if (e.receivedAt !== undefined && e.receivedAt !== checkedAt) {
      if (typeof e.receivedAt !== 'string' || Number.isNaN(Date.parse(e.receivedAt))) throw new InvalidInputError(`${at(i)}.receivedAt must be an ISO-8601 timestamp`);
      checkedAt = e.receivedAt;
    }
    let payload: string;
    if (typeof e.payload === 'string') {
      payload = e.payload;
      // JSON text escapes control characters; PostgreSQL text cannot hold U+0000, and the
      // PostgreSQL append joins payloads with U+0001 (log-append-pg.ts).
      // (`includes` twice: a tenth of a regular expression's cost.)
      if (payload === '' || payload.includes('\u0000') || payload.includes('\u0001')) throw new InvalidInputError(`${at(i)}.payload must be JSON text: empty or holding a raw U+0000 or U+0001 character`);
    } else if (e.payload !== null && typeof e.payload === 'object') payload = JSON.stringify(e.payload);
    else throw new InvalidInputError(`${at(i)}.payload must be an object or JSON text`);
    const partition = partitionOf(e.partitionKey || e.messageId, partitions);
    out[i] = { messageId: e.messageId, type: e.type, partition, payload, receivedAt: e.receivedAt };
  }
  return out;
}

/**
 * Opens (and migrates) the store. `{ dataDir }` → embedded SQLite file `<dataDir>/junction.sqlite`;
 * `{ databaseUrl }` → PostgreSQL pool. Same `Store` either way.
 *
 * @example
 * const store = await openStore({ dataDir: './.data' });
 * const ws = await store.workspaces.create({ slug: 'acme', name: 'Acme' });
 * await store.close();
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 4096) throw new InvalidInputError(`partitions must be an integer in 1..4096, got ${partitions}`);
  const clock = options.clock ?? Date.now;
  const dedupeWindowMs = options.dedupeWindowMs ?? 24 * 60 * 60 * 1000;
  if (!(dedupeWindowMs >= 0)) throw new InvalidInputError(`dedupeWindowMs must be >= 0, got ${dedupeWindowMs}`);

  const writerMode = 'dataDir' in options ? sqliteWriterMode(options.sqliteWriter) : undefined;
  const backend: Backend =
    'databaseUrl' in options
      ? openPostgresBackend({ databaseUrl: options.databaseUrl, schema: options.schema, poolSize: options.poolSize })
      : openSqliteBackend({ dataDir: options.dataDir, synchronous: options.sqliteSynchronous, busyTimeoutMs: options.busyTimeoutMs, writer: writerMode });
  try {
    await runMigrations(backend);
  } catch (err) {
    await backend.close();
    throw err;
  }
  const { db } = backend;
  // SQLite: dedupe keys are written behind (sqlite-dedupe.ts) by the connection that appends, which
  // recovers them before its first append. The writer thread flushes and merges on its own; inline,
  // this timer flushes every second and merges runs (≤ 20 ms a tick; both no-ops until this store appends).
  let dedupeTimer: NodeJS.Timeout | undefined;
  if (backend.withSqliteFile && writerMode === 'inline') {
    const withFile = backend.withSqliteFile;
    dedupeTimer = setInterval(() => {
      withFile((file) => {
        flushDedupe(file);
        mergeDedupeFor(file, 20);
      }).catch((err: Error) => console.error('store: dedupe flush failed:', err.message));
    }, 1000);
    dedupeTimer.unref();
  }
  const cache = createSourceCache(db, options.sourceCacheTtlMs ?? 5000);
  const counts = { appended: 0, duplicates: 0 };
  const committer = createGroupCommitter<AppendJob, AppendResult[]>({
    // The writer thread queues the next batches while it commits one (no idle gap waiting for the
    // event loop), and takes bigger ones: more events share a commit's fixed cost (the WAL sync).
    ...(writerMode === 'thread' ? { maxInFlight: 3, maxBatchEvents: 4000 } : {}),
    // PostgreSQL: the next batch's call is sent while one commits and waits on the log-head lock
    // in the server, so no round trip through the event loop separates two commits.
    ...(backend.kind === 'postgres' ? { maxInFlight: 2 } : {}),
    ...options.groupCommit,
    size: (job) => job.events.length,
    async flush(jobs) {
      const results = await writeBatch(backend, jobs, { dedupeWindowMs, clock });
      for (const r of results.flat()) {
        if (r.status === 'new') counts.appended++;
        else counts.duplicates++;
      }
      return results;
    },
  });
  const writeKeys = writeKeyRepo(db, cache);

  return {
    backend: backend.kind,
    partitions,
    db,
    workspaces: workspaceRepo(db, cache.clear),
    sources: sourceRepo(db, cache.clear),
    writeKeys,
    destinations: destinationRepo(db),
    findSourceByWriteKey: (key) => writeKeys.findSource(key),
    async appendEvents(sourceId, events) {
      const prepared = prepare(events, partitions);
      const source = await cache.byId(sourceId);
      if (!source) throw new InvalidInputError(`appendEvents: source "${sourceId}" not found`);
      if (prepared.length === 0) return [];
      return committer.submit({ sourceId, workspaceId: source.workspaceId, events: prepared });
    },
    readLog: (opts) => readLog(db, partitions, opts),
    async logHead() {
      const r = await db.selectFrom('log_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
      return Number(r.seq);
    },
    listSegments: () => listSegments(db),
    dropSegmentsBefore: (before) => dropSegmentsBefore(db, before),
    commitLanes(commits) {
      // Only when this process's appends already run the writer thread: a process or thread that
      // only delivers commits on its own connection and never starts a writer thread for it.
      const writer = backend.sqliteWriter?.(false);
      return writer ? writer.then((w) => w.commitLanes(commits)) : commitLanes(deliveryDb(db), commits);
    },
    async pruneDedupe() {
      const cutoffMs = clock() - dedupeWindowMs;
      // The writer thread owns the runs it writes and merges: it prunes them itself.
      const writer = backend.sqliteWriter?.(false);
      if (writer) return (await writer).pruneDedupe(cutoffMs);
      if (backend.withSqliteFile) {
        return backend.withSqliteFile((file) => {
          flushDedupe(file);
          return pruneSqliteDedupe(file, cutoffMs);
        });
      }
      const cutoff = new Date(clock() - dedupeWindowMs).toISOString();
      const r = await db.deleteFrom('dedupe_keys').where('seen_at', '<', cutoff).executeTakeFirst();
      // Keys that hosts of versions before migration 0011 wrote (a rolling upgrade) expire too.
      const legacy = await db.deleteFrom('dedupe').where('seen_at', '<', cutoff).executeTakeFirst();
      return Number(r.numDeletedRows) + Number(legacy.numDeletedRows);
    },
    stats: () => ({ ...committer.stats(), ...counts }),
    async close() {
      await committer.close();
      if (dedupeTimer) clearInterval(dedupeTimer);
      await backend.sqliteWriter?.(false)?.then((w) => w.flushDedupe(), () => 0);
      if (backend.withSqliteFile) await backend.withSqliteFile((file) => closeDedupe(file));
      await backend.close();
    },
  };
}
