import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import type { Backend } from './backend.ts';
import { dedupeHashOf } from './dedupe-bloom.ts';
import { type AppendJob, type BatchPlan, planBatch, type WriteBatchOptions } from './log-append.ts';
import { type SegmentName, segmentDdl, segmentName } from './log-segments.ts';
import type { EventLogTable } from './schema.ts';
import { DEDUPE_FLUSH_AT, dedupeBuffer, flushDedupe } from './sqlite-dedupe.ts';
import { dayKey } from './time.ts';
import type { AppendResult } from './types.ts';

/** Rows per multi-row INSERT (10 parameters each; far below SQLite's parameter limit). */
const CHUNK = 32;
const WIDTH = 10;
const COLUMNS = '(seq, last_seq, workspace_id, source_id, partition, message_id, type, received_at, payload, events)';

interface Prepared {
  lockHead: Statement<[], { seq: number }>;
  register: Statement<[string, string, number, number, string, number], { min_seq: number }>;
  setHead: Statement<[number]>;
  inserts: Map<SegmentName, { one: Statement; chunk: Statement }>;
}

const cache = new WeakMap<SqliteFile, Prepared>();

function prepared(file: SqliteFile): Prepared {
  let p = cache.get(file);
  if (!p) {
    p = {
      lockHead: file.prepare('UPDATE log_head SET seq = seq WHERE id = 1 RETURNING seq'),
      register: file.prepare(
        'INSERT INTO log_segments (name, day, min_seq, max_seq, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET max_seq = ? RETURNING min_seq',
      ),
      setHead: file.prepare('UPDATE log_head SET seq = ? WHERE id = 1'),
      inserts: new Map(),
    };
    cache.set(file, p);
  }
  return p;
}

function inserts(file: SqliteFile, st: Prepared, name: SegmentName) {
  let s = st.inserts.get(name);
  if (!s) {
    const row = `(${Array(WIDTH).fill('?').join(', ')})`;
    s = {
      one: file.prepare(`INSERT INTO "${name}" ${COLUMNS} VALUES ${row}`),
      chunk: file.prepare(`INSERT INTO "${name}" ${COLUMNS} VALUES ${Array(CHUNK).fill(row).join(', ')}`),
    };
    st.inserts.set(name, s);
  }
  return s;
}

function put(params: unknown[], o: number, r: EventLogTable): void {
  params[o] = r.seq;
  params[o + 1] = r.last_seq;
  params[o + 2] = r.workspace_id;
  params[o + 3] = r.source_id;
  params[o + 4] = r.partition;
  params[o + 5] = r.message_id;
  params[o + 6] = r.type;
  params[o + 7] = r.received_at;
  params[o + 8] = r.payload;
  params[o + 9] = r.events;
}

/** What one synchronous batch commit needs besides the jobs. */
export interface SqliteCommitOptions {
  /** Append time (epoch ms), taken by the caller (the clock may live in another thread). */
  nowMs: number;
  dedupeWindowMs: number;
  /** DDL creating a segment table and its index. */
  ddl: (name: SegmentName) => CompiledQuery[];
  /**
   * Flush the dedupe buffer in this call once it holds DEDUPE_FLUSH_AT keys (default true). The
   * writer thread passes false and writes the buffer in steps between batches instead.
   */
  flushDedupe?: boolean;
}

/**
 * Commits one group-commit batch on a raw connection, synchronously: one IMMEDIATE transaction
 * (head lock, duplicate check, multi-row inserts of CHUNK rows, head update), then the fresh dedupe
 * keys join the write-behind buffer (sqlite-dedupe.ts). Used inline and by the writer thread.
 *
 * @example
 * const results = commitSqliteBatch(file, jobs, { nowMs: Date.now(), dedupeWindowMs: 86_400_000, ddl });
 */
export function commitSqliteBatch(file: SqliteFile, jobs: AppendJob[], opts: SqliteCommitOptions): AppendResult[][] {
  const st = prepared(file);
  const buffer = dedupeBuffer(file);
  let fresh: { plan: BatchPlan; hashes: number[] } | undefined;
  const run = file.transaction(() => {
    const head = st.lockHead.get()!.seq;
    const now = new Date(opts.nowMs).toISOString();
    const cutoffMs = opts.nowMs - opts.dedupeWindowMs;
    const tables = buffer.window(opts.nowMs, opts.dedupeWindowMs);
    // Keys of this batch by 53-bit hash (ids compared on a hit, so a collision never drops an event).
    const batch = new Map<number, { sourceId: string; messageId: string }>();
    const hashes: number[] = []; // of the new events, in planBatch's fresh order
    const isDuplicate = (sourceId: string, messageId: string): boolean => {
      const h = dedupeHashOf(sourceId, messageId);
      const earlier = batch.get(h);
      if (earlier !== undefined && earlier.messageId === messageId && earlier.sourceId === sourceId) return true;
      if (buffer.has(h, sourceId, messageId, cutoffMs, tables)) return true;
      if (earlier === undefined) batch.set(h, { sourceId, messageId });
      hashes.push(h);
      return false;
    };
    const plan = planBatch(jobs, head, isDuplicate, now);
    if (plan.rows.length === 0) return plan.results;
    const day = dayKey(now);
    const name = segmentName(day);
    const reg = st.register.get(name, day, head + 1, plan.head, now, plan.head)!;
    if (reg.min_seq === head + 1) {
      for (const q of opts.ddl(name)) file.exec(q.sql);
    }
    const insert = inserts(file, st, name);
    const { rows } = plan;
    let i = 0;
    const params: unknown[] = new Array(CHUNK * WIDTH);
    for (; i + CHUNK <= rows.length; i += CHUNK) {
      for (let k = 0; k < CHUNK; k++) put(params, k * WIDTH, rows[i + k]!);
      insert.chunk.run(params);
    }
    const one: unknown[] = new Array(WIDTH);
    for (; i < rows.length; i++) {
      put(one, 0, rows[i]!);
      insert.one.run(one);
    }
    st.setHead.run(plan.head);
    fresh = { plan, hashes };
    return plan.results;
  });
  const results = run.immediate();
  // Committed: the keys join the write-behind buffer (see sqlite-dedupe.ts).
  if (fresh) buffer.add(fresh.hashes, fresh.plan.freshSeqs, opts.nowMs);
  if (opts.flushDedupe !== false && buffer.size >= DEDUPE_FLUSH_AT) flushDedupe(file);
  return results;
}

/**
 * The SQLite batch write: on the file's writer thread in 'thread' mode (started by the first append),
 * else inline on the store's connection (same steps as the PostgreSQL path; SQLite has one writer).
 *
 * @example
 * await writeBatchSqlite(backend, jobs, { dedupeWindowMs: 86_400_000, clock: Date.now });
 */
export function writeBatchSqlite(backend: Backend, jobs: AppendJob[], opts: WriteBatchOptions): Promise<AppendResult[][]> {
  const writer = backend.sqliteWriter?.(true);
  if (writer) return writer.then((w) => w.write(jobs, opts.clock(), opts.dedupeWindowMs));
  return backend.withSqliteFile!((file) =>
    commitSqliteBatch(file, jobs, { nowMs: opts.clock(), dedupeWindowMs: opts.dedupeWindowMs, ddl: (name) => segmentDdl(backend, name) }),
  );
}
