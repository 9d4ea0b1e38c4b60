import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import { dedupeKey } from './log-append.ts';

/**
 * Write-behind dedupe for SQLite. Inserting each new messageId into the dedupe B-tree inside the
 * append transaction costs more than the append itself (random keys dirty a page each). Instead the
 * keys of committed events wait in memory and are written in sorted batches; `dedupe_flush.seq`
 * records that every event up to that seq has its key in the table, so a restart re-reads only the
 * log tail past it. Nothing acknowledged depends on the buffer: losing it can only let a client's
 * retry of an already-stored event through as a duplicate, never drop an event.
 *
 * One buffer per SQLite file in a process (the store shares one connection per file).
 */
export interface SqliteDedupeBuffer {
  /** Whether `key` was committed and seen at or after `cutoff` (ISO-8601). */
  has(key: string, cutoff: string): boolean;
  /** Keys of a committed batch, with the batch's last seq. */
  add(keys: readonly string[], seenAt: string, lastSeq: number): void;
  readonly size: number;
}

interface State extends SqliteDedupeBuffer {
  pending: Map<string, string>;
  lastSeq: number;
  remember: Statement<[string, string]>;
  mark: Statement<[number]>;
}

const buffers = new WeakMap<SqliteFile, State>();

/** Flush threshold: pending keys beyond this are written at the end of the append that crossed it. */
export const DEDUPE_FLUSH_AT = 50_000;

function ensureTable(file: SqliteFile): void {
  file.exec('CREATE TABLE IF NOT EXISTS dedupe_flush (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL)');
  file.exec('INSERT INTO dedupe_flush (id, seq) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
}

/**
 * The file's buffer, created on first use (creating `dedupe_flush` when missing).
 *
 * @example
 * const buffer = dedupeBuffer(file);
 * if (!buffer.has(key)) …
 */
export function dedupeBuffer(file: SqliteFile): SqliteDedupeBuffer {
  let state = buffers.get(file);
  if (!state) {
    ensureTable(file);
    const pending = new Map<string, string>();
    const s: State = {
      pending,
      lastSeq: 0,
      remember: file.prepare('INSERT INTO dedupe (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET seen_at = excluded.seen_at'),
      mark: file.prepare('UPDATE dedupe_flush SET seq = max(seq, ?) WHERE id = 1'),
      has(key, cutoff) {
        const seenAt = pending.get(key);
        return seenAt !== undefined && seenAt >= cutoff;
      },
      add(keys, seenAt, lastSeq) {
        for (const key of keys) pending.set(key, seenAt);
        if (lastSeq > s.lastSeq) s.lastSeq = lastSeq;
      },
      get size() {
        return pending.size;
      },
    };
    state = s;
    buffers.set(file, state);
  }
  return state;
}

/**
 * Writes every pending key in one transaction, sorted (neighbouring keys share B-tree pages).
 * Synchronous; call it through the store's connection.
 *
 * @example
 * flushDedupe(file);
 */
export function flushDedupe(file: SqliteFile): number {
  const state = buffers.get(file);
  if (!state || state.pending.size === 0) return 0;
  const entries = [...state.pending].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const lastSeq = state.lastSeq;
  file
    .transaction(() => {
      for (const [key, seenAt] of entries) state.remember.run(key, seenAt);
      state.mark.run(lastSeq);
    })
    .immediate();
  for (const [key, seenAt] of entries) if (state.pending.get(key) === seenAt) state.pending.delete(key);
  return entries.length;
}

/**
 * After a restart: puts the keys of events appended after the last flush back into the dedupe table.
 *
 * @example
 * recoverDedupe(file); // at open, after migrations
 */
export function recoverDedupe(file: SqliteFile): number {
  ensureTable(file);
  const { seq: flushed } = file.prepare('SELECT seq FROM dedupe_flush WHERE id = 1').get() as { seq: number };
  const segments = file
    .prepare('SELECT name FROM log_segments WHERE max_seq > ? ORDER BY min_seq')
    .all(flushed) as Array<{ name: string }>;
  let count = 0;
  file
    .transaction(() => {
      const remember = file.prepare('INSERT INTO dedupe (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET seen_at = excluded.seen_at');
      let last = flushed;
      for (const { name } of segments) {
        const rows = file
          .prepare(`SELECT seq, source_id, message_id, received_at FROM "${name.replace(/"/g, '')}" WHERE seq > ? ORDER BY seq`)
          .all(flushed) as Array<{ seq: number; source_id: string; message_id: string; received_at: string }>;
        for (const row of rows) {
          remember.run(dedupeKey(row.source_id, row.message_id), row.received_at);
          if (row.seq > last) last = row.seq;
          count++;
        }
      }
      file.prepare('UPDATE dedupe_flush SET seq = max(seq, ?) WHERE id = 1').run(last);
    })
    .immediate();
  return count;
}
