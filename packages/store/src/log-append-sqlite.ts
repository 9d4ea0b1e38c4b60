import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import type { Backend } from './backend.ts';
import { type AppendJob, dedupeKey, planBatch, type WriteBatchOptions } from './log-append.ts';
import { type SegmentName, segmentDdl, segmentName } from './log-segments.ts';
import { dayKey } from './time.ts';
import { DEDUPE_FLUSH_AT, dedupeBuffer, flushDedupe } from './sqlite-dedupe.ts';
import type { AppendResult } from './types.ts';

interface Prepared {
  lockHead: Statement<[], { seq: number }>;
  seen: Statement<[string, string], { key: string }>;
  register: Statement<[string, string, number, number, string, number], { min_seq: number }>;
  setHead: Statement<[number]>;
  inserts: Map<SegmentName, Statement>;
}

const cache = new WeakMap<SqliteFile, Prepared>();

function prepared(file: SqliteFile): Prepared {
  let p = cache.get(file);
  if (!p) {
    p = {
      lockHead: file.prepare('UPDATE log_head SET seq = seq WHERE id = 1 RETURNING seq'),
      seen: file.prepare('SELECT key FROM dedupe WHERE key = ? AND seen_at >= ?'),
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

/**
 * The SQLite batch write: one synchronous IMMEDIATE transaction of cached prepared statements on
 * the store's connection (the same steps as the PostgreSQL path; SQLite has one writer anyway).
 * Dedupe keys are written behind, in sorted batches (sqlite-dedupe.ts).
 *
 * @example
 * await writeBatchSqlite(backend, jobs, { dedupeWindowMs: 86_400_000, clock: Date.now });
 */
export function writeBatchSqlite(backend: Backend, jobs: AppendJob[], opts: WriteBatchOptions): Promise<AppendResult[][]> {
  return backend.withSqliteFile!((file) => {
    const st = prepared(file);
    const buffer = dedupeBuffer(file);
    let fresh: { keys: string[]; now: string; head: number } | undefined;
    const run = file.transaction(() => {
      const head = st.lockHead.get()!.seq;
      const nowMs = opts.clock();
      const now = new Date(nowMs).toISOString();
      const cutoff = new Date(nowMs - opts.dedupeWindowMs).toISOString();
      const seen = new Set<string>();
      for (const j of jobs) {
        for (const e of j.events) {
          const key = dedupeKey(j.sourceId, e.messageId);
          if (buffer.has(key, cutoff) || st.seen.get(key, cutoff)) seen.add(key);
        }
      }
      const plan = planBatch(jobs, head, seen, now);
      if (plan.rows.length === 0) return plan.results;
      const day = dayKey(now);
      const name = segmentName(day);
      const reg = st.register.get(name, day, plan.rows[0]!.seq, plan.head, now, plan.head)!;
      if (reg.min_seq === plan.rows[0]!.seq) {
        for (const q of segmentDdl(backend, name)) file.exec(q.sql);
      }
      let insert = st.inserts.get(name);
      if (!insert) {
        insert = file.prepare(
          `INSERT INTO "${name}" (seq, workspace_id, source_id, partition, message_id, type, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        st.inserts.set(name, insert);
      }
      for (const r of plan.rows) insert.run(r.seq, r.workspace_id, r.source_id, r.partition, r.message_id, r.type, r.received_at, r.payload);
      st.setHead.run(plan.head);
      fresh = { keys: plan.fresh, now, head: plan.head };
      return plan.results;
    });
    const results = run.immediate();
    // Committed: the keys join the write-behind buffer (see sqlite-dedupe.ts).
    if (fresh) buffer.add(fresh.keys, fresh.now, fresh.head);
    if (buffer.size >= DEDUPE_FLUSH_AT) flushDedupe(file);
    return results;
  });
}
