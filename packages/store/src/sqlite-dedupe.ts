import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import { dedupeHashOf } from './dedupe-bloom.ts';
import { dedupeKey } from './log-append.ts';
import { expandRow, MAX_RUN_EVENTS, type StoredRow } from './log-runs.ts';
import {
  abortMerge,
  adoptRuns,
  type DedupeDay,
  dedupeDay,
  dropDaysBefore,
  hasKey,
  isLoggedAs,
  type KeyRun,
  mergeDue,
  mergeStep,
  openRun,
  pruneRuns,
  recoverRuns,
} from './sqlite-dedupe-runs.ts';

/**
 * Write-behind dedupe for SQLite. Writing each new messageId into a B-tree inside the append
 * transaction costs more than the append itself, so the keys of committed events wait in memory
 * and are written as one hash-sorted run per day (sqlite-dedupe-runs.ts) at each flush;
 * `dedupe_flush.seq` records that every event up to that seq has its key on disk, so a restart
 * re-reads only the log tail past it. Nothing acknowledged depends on the buffer: losing it can only
 * let a client's retry of an already-stored event through as a duplicate, never drop an event.
 *
 * Lookups: the buffer, then each day of the window (its Bloom filter first, the disk only on a
 * "maybe", and a hash match only counts when the log row at its seq is that very event), then the
 * pre-0.x text-keyed `dedupe` table while it still holds keys inside the window.
 *
 * One buffer per SQLite connection in a process (the store shares one connection per file).
 */
export interface SqliteDedupeBuffer {
  /** Whether the event (`h` = `dedupeHashOf(sourceId, messageId)`) was committed and first seen at or after `cutoffMs`. */
  has(h: number, sourceId: string, messageId: string, cutoffMs: number, days: readonly DedupeDay[]): boolean;
  /** The new events of a committed batch (parallel arrays: `dedupeHashOf` hash, ids, seq), seen at `seenMs`. */
  add(hashes: readonly number[], sourceIds: readonly string[], messageIds: readonly string[], seqs: readonly number[], seenMs: number): void;
  /**
   * The days with runs on disk in the window ending at `nowMs` (resolve once per batch), and
   * remembers the window: days before it are dropped at the next flush.
   */
  window(nowMs: number, windowMs: number): DedupeDay[];
  readonly size: number;
}

interface Entry {
  seq: number;
  seen: number;
  sourceId: string;
  messageId: string;
}

interface State extends SqliteDedupeBuffer {
  /** By 53-bit hash; an entry counts only when its ids match (a colliding key overwrites: a duplicate could pass, no event is lost). */
  pending: Map<number, Entry>;
  lastSeq: number;
  oldestDay: string | undefined;
  mark: Statement<[number]>;
}

const buffers = new WeakMap<SqliteFile, State>();

/** Flush threshold: pending keys beyond this are written at the end of the append that crossed it. */
export const DEDUPE_FLUSH_AT = 50_000;

const DAY_MS = 86_400_000;

function ensureTable(file: SqliteFile): void {
  file.exec('CREATE TABLE IF NOT EXISTS dedupe_flush (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL)');
  file.exec('INSERT INTO dedupe_flush (id, seq) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
}

/** Looks `sourceId/messageId` up in the runs of `days` and the legacy table. */
function onDisk(file: SqliteFile, legacy: { stmt: Statement<[string, string]>; untilMs: number } | undefined, h: number, sourceId: string, messageId: string, cutoffMs: number, days: readonly DedupeDay[]): boolean {
  for (const day of days) {
    if (day.bloom().mayHave(h) && hasKey(file, day, h, cutoffMs, (seq) => isLoggedAs(file, seq, sourceId, messageId))) return true;
  }
  if (legacy && cutoffMs <= legacy.untilMs) return legacy.stmt.get(dedupeKey(sourceId, messageId), new Date(cutoffMs).toISOString()) !== undefined;
  return false;
}

/**
 * The connection's buffer, created on first use (creating `dedupe_flush` when missing).
 *
 * @example
 * const buffer = dedupeBuffer(file);
 * const days = buffer.window(Date.now(), 86_400_000);
 * if (!buffer.has(dedupeHashOf(sourceId, messageId), sourceId, messageId, Date.now() - 86_400_000, days)) …
 */
export function dedupeBuffer(file: SqliteFile): SqliteDedupeBuffer {
  const known = buffers.get(file);
  if (known) return known;
  ensureTable(file);
  const pending = new Map<number, Entry>();
  const newest = file.prepare('SELECT max(seen_at) AS at FROM dedupe').get() as { at: string | null };
  const legacy = newest.at ? { stmt: file.prepare('SELECT 1 FROM dedupe WHERE key = ? AND seen_at >= ?') as Statement<[string, string]>, untilMs: Date.parse(newest.at) } : undefined;
  const s: State = {
    pending,
    lastSeq: 0,
    oldestDay: undefined,
    mark: file.prepare('UPDATE dedupe_flush SET seq = max(seq, ?) WHERE id = 1'),
    has(h, sourceId, messageId, cutoffMs, days) {
      const hit = pending.get(h);
      if (hit !== undefined && hit.messageId === messageId && hit.sourceId === sourceId) return hit.seen >= cutoffMs;
      return onDisk(file, legacy, h, sourceId, messageId, cutoffMs, days);
    },
    add(hashes, sourceIds, messageIds, seqs, seenMs) {
      // Seqs are not in arrival order (runs group a batch by partition): track the highest.
      let last = s.lastSeq;
      for (let i = 0; i < seqs.length; i++) {
        const seq = seqs[i]!;
        const sourceId = sourceIds[i]!;
        const messageId = messageIds[i]!;
        pending.set(hashes[i]!, { seq, seen: seenMs, sourceId, messageId });
        if (seq > last) last = seq;
      }
      s.lastSeq = last;
    },
    window(nowMs, windowMs) {
      const days: string[] = [];
      for (let t = nowMs - windowMs; ; t += DAY_MS) {
        const day = dayOfMs(Math.min(t, nowMs));
        if (days[days.length - 1] !== day) days.push(day);
        if (t >= nowMs) break;
      }
      s.oldestDay = days[0];
      const found: DedupeDay[] = [];
      for (const day of days) {
        const d = dedupeDay(file, day);
        if (d) found.push(d);
      }
      return found;
    },
    get size() {
      return pending.size;
    },
  };
  buffers.set(file, s);
  return s;
}

/** Output blocks (of 1024 keys) per merge step: a few milliseconds between two appends. */
export const MERGE_STEP_BLOCKS = 16;

/**
 * Writes every pending key, as one hash-sorted run per day of first sight, in one transaction
 * that also records `dedupe_flush.seq`; then drops the days older than the latest append's window.
 * Synchronous; call it through the connection that owns the buffer. Returns how many keys were written.
 *
 * @example
 * flushDedupe(file);
 */
export function flushDedupe(file: SqliteFile): number {
  const state = buffers.get(file);
  if (!state) return 0;
  const written = state.pending.size;
  if (written > 0) {
    const byDay = new Map<string, number[]>();
    for (const [h, entry] of state.pending) {
      const day = dayOfMs(entry.seen);
      let list = byDay.get(day);
      if (!list) {
        list = [];
        byDay.set(day, list);
      }
      list.push(h);
    }
    const sorted = [...byDay].map(([day, list]) => [day, Float64Array.from(list).sort()] as const);
    const runs = file
      .transaction((): KeyRun[] => {
        const out: KeyRun[] = [];
        for (const [day, hashes] of sorted) {
          const w = openRun(file, day);
          for (let i = 0; i < hashes.length; i++) {
            const e = state.pending.get(hashes[i]!)!;
            w.push(hashes[i]!, e.seq, e.seen);
          }
          out.push(w.finish());
        }
        state.mark.run(state.lastSeq);
        return out;
      })
      .immediate();
    adoptRuns(file, runs, []);
    for (const [day, hashes] of sorted) {
      const bloom = dedupeDay(file, day)?.built;
      if (bloom) for (let i = 0; i < hashes.length; i++) bloom.add(hashes[i]!);
    }
    state.pending.clear();
  }
  if (state.oldestDay) dropDaysBefore(file, state.oldestDay);
  return written;
}

/**
 * One step of the dedupe write-behind work: the pending keys when there are any (see
 * {@link flushDedupe}), else a slice of the run merge due (at most `maxBlocks` output blocks). The
 * writer thread runs the steps between batches, so an append never waits for a whole merge.
 * Returns the keys written and whether nothing is left to do.
 *
 * @example
 * while (!dedupeStep(file).done) {}
 */
export function dedupeStep(file: SqliteFile, maxBlocks: number = MERGE_STEP_BLOCKS): { written: number; done: boolean } {
  if ((buffers.get(file)?.pending.size ?? 0) > 0) {
    const written = flushDedupe(file);
    return { written, done: !mergeDue(file) };
  }
  return mergeStep(file, maxBlocks);
}

/**
 * Runs merge steps for about `budgetMs` (the inline writer's timer: the event loop must not stall).
 *
 * @example
 * mergeDedupeFor(file, 20);
 */
export function mergeDedupeFor(file: SqliteFile, budgetMs: number): void {
  const until = performance.now() + budgetMs;
  while (performance.now() < until && !mergeStep(file, MERGE_STEP_BLOCKS).done) {}
}

/**
 * Before closing a connection: the pending keys are written and a merge under way is dropped
 * (its inputs stay; the next process merges them again).
 *
 * @example
 * closeDedupe(file); file.close();
 */
export function closeDedupe(file: SqliteFile): number {
  abortMerge(file);
  return flushDedupe(file);
}

/**
 * Forgets keys first seen before `cutoffMs`: drops whole days before it and every run whose newest
 * key is older, and empties the legacy table up to it. Returns how many keys went.
 *
 * @example
 * pruneSqliteDedupe(file, Date.now() - 86_400_000);
 */
export function pruneSqliteDedupe(file: SqliteFile, cutoffMs: number): number {
  let count = dropDaysBefore(file, dayOfMs(cutoffMs));
  count += pruneRuns(file, cutoffMs);
  count += file.prepare('DELETE FROM dedupe WHERE seen_at < ?').run(new Date(cutoffMs).toISOString()).changes;
  return count;
}

/**
 * At open: removes what a crash left of a merge, turns pre-runs day tables into runs, then writes
 * the keys of events appended after the last flush (the log tail past `dedupe_flush.seq`). Returns
 * how many tail keys it wrote.
 *
 * @example
 * recoverDedupe(file); // at open, after migrations
 */
export function recoverDedupe(file: SqliteFile): number {
  ensureTable(file);
  recoverRuns(file);
  const { seq: flushed } = file.prepare('SELECT seq FROM dedupe_flush WHERE id = 1').get() as { seq: number };
  const segments = file.prepare('SELECT name FROM log_segments WHERE max_seq > ? ORDER BY min_seq').all(flushed) as Array<{ name: string }>;
  const state = dedupeBuffer(file) as State;
  let count = 0;
  for (const { name } of segments) {
    const rows = file
      .prepare(`SELECT * FROM "${name.replace(/"/g, '')}" WHERE seq > ? AND coalesce(last_seq, seq) > ? ORDER BY seq`)
      .all(flushed - MAX_RUN_EVENTS, flushed) as StoredRow[];
    for (const row of rows) {
      for (const e of expandRow(row, flushed, Number.MAX_SAFE_INTEGER)) {
        state.pending.set(dedupeHashOf(e.sourceId, e.messageId), { seq: e.seq, seen: Date.parse(e.receivedAt), sourceId: e.sourceId, messageId: e.messageId });
        if (e.seq > state.lastSeq) state.lastSeq = e.seq;
        count++;
      }
    }
  }
  flushDedupe(file);
  return count;
}

let lastMs = Number.NaN;
let lastDay = '';
/**
 * `yyyymmdd` of an epoch-ms instant (UTC); remembers the last answer (a batch shares one instant).
 *
 * @example
 * dayOfMs(Date.parse('2025-03-04T05:06:07Z')); // '20250304'
 */
export function dayOfMs(ms: number): string {
  if (ms !== lastMs) {
    lastDay = new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
    lastMs = ms;
  }
  return lastDay;
}
