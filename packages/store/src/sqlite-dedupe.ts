import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import { BLOCK_KEYS, type HashOrderScratch, hashOrder, hashOrderScratch, type KeyColumns, keyColumns } from './dedupe-block.ts';
import { PendingKeys } from './dedupe-pending.ts';
import { dedupeHashOf, type GrowingBloom } from './dedupe-bloom.ts';
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
  deleteRun,
  mergeDue,
  mergeStep,
  openRun,
  type RunWriter,
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
  /** The new events of a committed batch (parallel arrays: `dedupeHashOf` hash, seq), seen at `seenMs`. */
  add(hashes: readonly number[], seqs: readonly number[], seenMs: number): void;
  /**
   * The days with runs on disk in the window ending at `nowMs` (resolve once per batch), and
   * remembers the window: days before it are dropped at the next flush.
   */
  window(nowMs: number, windowMs: number): DedupeDay[];
  readonly size: number;
}

interface State extends SqliteDedupeBuffer {
  /** By 53-bit hash; a hit counts only when the log row at its seq is that event (a colliding key overwrites: a duplicate could pass, no event is lost). */
  pending: PendingKeys;
  /** The keys of the flush under way (taken out of `pending` whole when it began; emptied when it ends). */
  flushing: PendingKeys | undefined;
  /** The table of the last flush, emptied: the next flush's `pending`. */
  spare: PendingKeys | undefined;
  lastSeq: number;
  oldestDay: string | undefined;
  mark: Statement<[number]>;
  /** Arrays a flush's snapshot is taken into, kept from one flush to the next (see snapshotScratch). */
  scratch?: { cols: KeyColumns; sort: HashOrderScratch } | undefined;
}

const buffers = new WeakMap<SqliteFile, State>();

/** Flush threshold: pending keys beyond this are written at the end of the append that crossed it. */
export const DEDUPE_FLUSH_AT = 50_000;

/** Keys per flush step of the writer thread: a few milliseconds between two appends. */
const FLUSH_STEP_KEYS = 8192;

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

/** When `keys` holds `h` for this very event (checked against the log row at its seq): its first sight, else -1. */
function heldAs(file: SqliteFile, keys: PendingKeys, h: number, sourceId: string, messageId: string): number {
  const slot = keys.find(h);
  if (slot < 0 || !isLoggedAs(file, keys.seqAt(slot), sourceId, messageId)) return -1;
  return keys.seenAt(slot);
}

/**
 * The connection's buffer, created on its first use — by the connection that appends (one per
 * file), which from then on owns the runs: creating the buffer removes what a crash left of
 * unfinished runs, converts pre-runs day tables and writes the keys of the log tail past
 * `dedupe_flush.seq` (see {@link recoverDedupe}). Connections that only read or deliver never
 * create one, so they never touch runs under construction. (creating `dedupe_flush` when missing).
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
  const newest = file.prepare('SELECT max(seen_at) AS at FROM dedupe').get() as { at: string | null };
  const legacy = newest.at ? { stmt: file.prepare('SELECT 1 FROM dedupe WHERE key = ? AND seen_at >= ?') as Statement<[string, string]>, untilMs: Date.parse(newest.at) } : undefined;
  const s: State = {
    pending: new PendingKeys(),
    flushing: undefined,
    spare: undefined,
    lastSeq: 0,
    oldestDay: undefined,
    mark: file.prepare('UPDATE dedupe_flush SET seq = max(seq, ?) WHERE id = 1'),
    has(h, sourceId, messageId, cutoffMs, days) {
      let seen = heldAs(file, s.pending, h, sourceId, messageId);
      if (seen < 0 && s.flushing) seen = heldAs(file, s.flushing, h, sourceId, messageId);
      if (seen >= 0) return seen >= cutoffMs;
      return onDisk(file, legacy, h, sourceId, messageId, cutoffMs, days);
    },
    add(hashes, seqs, seenMs) {
      // Seqs are not in arrival order (runs group a batch by partition): track the highest.
      let last = s.lastSeq;
      const pending = s.pending;
      for (let i = 0; i < seqs.length; i++) {
        const seq = seqs[i]!;
        pending.set(hashes[i]!, seq, seenMs);
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
      return s.pending.size + (s.flushing?.size ?? 0);
    },
  };
  buffers.set(file, s);
  recoverTail(file, s);
  return s;
}

/** Output blocks (of 1024 keys) per merge step: a few milliseconds between two appends. */
const MERGE_STEP_BLOCKS = 8;

/** A flush under way: the keys of `flushing`, hash-sorted per day, written a slice per step. */
interface Snapshot {
  /** The keys, unsorted (as taken out of the buffer). */
  keys: { h: Float64Array; seq: Float64Array; seen: Float64Array };
  /**
   * Per day: indexes into `keys` in hash order. `fed`: the day's Bloom filter when its first slice
   * was written, which then learns each slice's keys.
   */
  days: Array<{ day: string; order: ArrayLike<number>; fed?: GrowingBloom | undefined }>;
  /** Next day and key to write. */
  d: number;
  i: number;
  /** The run of day `d` being written. */
  writer: RunWriter | undefined;
  /** Every key of an event up to this seq is in the snapshot or already on disk. */
  lastSeq: number;
}

const snapshots = new WeakMap<SqliteFile, Snapshot>();

/** Snapshot sizes whose arrays are kept for the next flush (about 2.8 MB at 65,536 keys). */
const SCRATCH_KEYS = [65_536, 131_072];

/**
 * The arrays to take a snapshot of `n` keys into: reused from flush to flush, since new memory costs
 * a page fault per 4 KiB on first use (2.2 MB a flush; on a VM measured here, 13 µs a page). A
 * backlog past the largest kept size (recovery, failing flushes) gets arrays of its own.
 */
function snapshotScratch(state: State, n: number): { cols: KeyColumns; sort: HashOrderScratch } | undefined {
  if (state.scratch && state.scratch.sort.lo.length >= n) return state.scratch;
  const capacity = SCRATCH_KEYS.find((c) => c >= n);
  if (capacity === undefined) return undefined;
  state.scratch = { cols: keyColumns(capacity), sort: hashOrderScratch(capacity) };
  return state.scratch;
}

/**
 * Takes the pending keys out of the buffer (they stay findable in `flushing`) and sorts them by
 * hash. The snapshot lives in the state's scratch arrays until its flush is done; the next one
 * starts only then.
 */
function takeSnapshot(state: State): Snapshot {
  const scratch = snapshotScratch(state, state.pending.size);
  const cols = state.pending.columns(scratch?.cols);
  state.flushing = state.pending;
  state.pending = state.spare ?? new PendingKeys();
  state.spare = undefined;
  const { n } = cols;
  let minSeen = Number.POSITIVE_INFINITY;
  let maxSeen = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const seen = cols.seen[i]!;
    if (seen < minSeen) minSeen = seen;
    if (seen > maxSeen) maxSeen = seen;
  }
  const order = hashOrder(cols.h, n, scratch?.sort);
  // One day almost always; a flush spanning midnight splits by the (UTC) day each key was first seen.
  const byDay = new Map<number, ArrayLike<number>>();
  if (Math.floor(minSeen / DAY_MS) === Math.floor(maxSeen / DAY_MS)) byDay.set(Math.floor(minSeen / DAY_MS), order);
  else {
    for (let i = 0; i < n; i++) {
      const idx = order[i]!;
      const day = Math.floor(cols.seen[idx]! / DAY_MS);
      let list = byDay.get(day) as number[] | undefined;
      if (!list) {
        list = [];
        byDay.set(day, list);
      }
      list.push(idx);
    }
  }
  const days: Snapshot['days'] = [];
  for (const [dayNumber, list] of byDay) days.push({ day: dayOfMs(dayNumber * DAY_MS), order: list });
  return { keys: cols, days, d: 0, i: 0, writer: undefined, lastSeq: state.lastSeq };
}

/**
 * Writes up to `maxKeys` keys of the flush under way, starting one from the pending keys when none
 * is (and `start` allows). A flush writes one hash-sorted run per day of first sight, whatever the
 * number of steps; its last step records `dedupe_flush.seq` and only then are its keys dropped from
 * the buffer (lookups find them there meanwhile). Returns the keys written and whether no flush is
 * left under way.
 */
function flushStep(file: SqliteFile, state: State, maxKeys: number, start: boolean, deadline = Number.POSITIVE_INFINITY): { written: number; done: boolean } {
  let snap = snapshots.get(file);
  if (!snap) {
    if (!start || state.pending.size === 0) return { written: 0, done: true };
    snap = takeSnapshot(state);
    snapshots.set(file, snap);
  }
  const s = snap;
  const finished: KeyRun[] = [];
  let written = 0;
  try {
    file
      .transaction(() => {
        // Past the deadline, the step ends at a block's worth of keys (after one at least).
        while (s.d < s.days.length && written < maxKeys && (written === 0 || performance.now() < deadline)) {
          const snapDay = s.days[s.d]!;
          const { day, order } = snapDay;
          const { h, seq, seen } = s.keys;
          if (!s.writer) {
            s.writer = openRun(file, day);
            snapDay.fed = dedupeDay(file, day)?.built;
          }
          const end = Math.min(order.length, s.i + Math.min(maxKeys - written, BLOCK_KEYS));
          for (let i = s.i; i < end; i++) {
            const k = order[i]!;
            s.writer.push(h[k]!, seq[k]!, seen[k]!);
          }
          // The filter learns the keys slice by slice (a "maybe" before they are on disk is harmless).
          if (snapDay.fed) for (let i = s.i; i < end; i++) snapDay.fed.add(h[order[i]!]!);
          written += end - s.i;
          s.i = end;
          if (end === order.length) {
            finished.push(s.writer.finish());
            s.writer = undefined;
            s.d++;
            s.i = 0;
          }
        }
        if (s.d === s.days.length) state.mark.run(s.lastSeq);
      })
      .immediate();
  } catch (err) {
    // Start over (the keys go back to the buffer, newer entries winning): drop the runs this step
    // was writing (the rollback undid their finish, not the blocks of earlier steps).
    snapshots.delete(file);
    const back = state.flushing!;
    state.flushing = undefined;
    const newer = state.pending.columns();
    for (let i = 0; i < newer.n; i++) back.set(newer.h[i]!, newer.seq[i]!, newer.seen[i]!);
    state.pending = back;
    const partial = [...finished.map((r) => r.id), ...(s.writer ? [s.writer.id] : [])];
    try {
      file.transaction(() => {
        for (const id of partial) deleteRun(file, id);
      })();
    } catch {
      // Left as level −1 runs: the next open of an appending connection removes them.
    }
    throw err;
  }
  adoptRuns(file, finished, []);
  for (const run of finished) {
    // A filter built from disk after the first slice lacks this run's keys: it learns them all now.
    const bloom = dedupeDay(file, run.day)?.built;
    const day = s.days.find((x) => x.day === run.day)!;
    if (bloom && bloom !== day.fed) for (let i = 0; i < day.order.length; i++) bloom.add(s.keys.h[day.order[i]!]!);
  }
  if (s.d < s.days.length) return { written, done: false };
  snapshots.delete(file);
  // Kept for the next flush unless a backlog (recovery, failing flushes) grew it far past a flush's size.
  if (state.flushing!.capacity <= 8 * DEDUPE_FLUSH_AT) {
    state.flushing!.clear();
    state.spare = state.flushing;
  }
  state.flushing = undefined;
  if (state.oldestDay) dropDaysBefore(file, state.oldestDay);
  return { written, done: true };
}

/**
 * Writes every pending key (finishing a flush under way first) as hash-sorted runs, records
 * `dedupe_flush.seq`, then drops the days older than the latest append's window. Synchronous;
 * call it through the connection that owns the buffer. Returns how many keys were written.
 *
 * @example
 * flushDedupe(file);
 */
export function flushDedupe(file: SqliteFile): number {
  const state = buffers.get(file);
  if (!state) return 0;
  let written = 0;
  for (;;) {
    const step = flushStep(file, state, Number.POSITIVE_INFINITY, true);
    written += step.written;
    if (state.pending.size === 0 || step.written === 0) break;
  }
  if (state.oldestDay) dropDaysBefore(file, state.oldestDay);
  return written;
}

/**
 * One step of the dedupe write-behind work: a slice (`maxKeys` keys) of the flush under way,
 * or of a new one when `flush` asks and keys are pending; else a slice of the run merge due (at most
 * `maxBlocks` output blocks), ending early once `budgetMs` has passed and a block's worth of keys
 * (1,024) was written. The writer thread runs the steps between batches with a 2 ms budget, so an
 * append never waits long for a flush or merge. Returns the keys written and whether nothing is
 * left to do.
 *
 * @example
 * while (!dedupeStep(file, true).done) {}
 * dedupeStep(file, false, undefined, undefined, 2); // a merge step of about 2 ms
 */
export function dedupeStep(file: SqliteFile, flush: boolean, maxBlocks: number = MERGE_STEP_BLOCKS, maxKeys: number = FLUSH_STEP_KEYS, budgetMs = Number.POSITIVE_INFINITY): { written: number; done: boolean } {
  const deadline = performance.now() + budgetMs;
  const state = buffers.get(file);
  if (state && (snapshots.has(file) || (flush && state.pending.size > 0))) {
    const step = flushStep(file, state, maxKeys, flush, deadline);
    return { written: step.written, done: step.done && !mergeDue(file) };
  }
  return mergeStep(file, maxBlocks, deadline);
}

/**
 * Runs merge steps for about `budgetMs` (the inline writer's timer: the event loop must not stall),
 * on the connection that appends only.
 *
 * @example
 * mergeDedupeFor(file, 20);
 */
export function mergeDedupeFor(file: SqliteFile, budgetMs: number): void {
  if (!buffers.has(file)) return; // only the appending connection merges
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
 * Readies `file` to append (the writer thread calls it at start, before the first batch arrives):
 * creates the connection's buffer, which recovers the runs and the log tail. Returns how many
 * keys the buffer holds afterwards (0: the tail is on disk).
 *
 * @example
 * recoverDedupe(file);
 */
export function recoverDedupe(file: SqliteFile): number {
  return dedupeBuffer(file).size;
}

/** Removes crash leftovers, converts old day tables, then writes the keys of events appended after the last flush. */
function recoverTail(file: SqliteFile, state: State): void {
  recoverRuns(file);
  const { seq: flushed } = file.prepare('SELECT seq FROM dedupe_flush WHERE id = 1').get() as { seq: number };
  const segments = file.prepare('SELECT name FROM log_segments WHERE max_seq > ? ORDER BY min_seq').all(flushed) as Array<{ name: string }>;
  for (const { name } of segments) {
    const rows = file
      .prepare(`SELECT * FROM "${name.replace(/"/g, '')}" WHERE seq > ? AND coalesce(last_seq, seq) > ? ORDER BY seq`)
      .all(flushed - MAX_RUN_EVENTS, flushed) as StoredRow[];
    for (const row of rows) {
      for (const e of expandRow(row, flushed, Number.MAX_SAFE_INTEGER)) {
        state.pending.set(dedupeHashOf(e.sourceId, e.messageId), e.seq, Date.parse(e.receivedAt));
        if (e.seq > state.lastSeq) state.lastSeq = e.seq;
      }
    }
  }
  flushDedupe(file);
}

let lastMs = Number.NaN;
let lastDay = '';
/**
 * `yyyymmdd` of an epoch-ms instant (UTC); remembers the last answer (a batch shares one instant).
 *
 * @example
 * dayOfMs(Date.parse('2025-03-04T05:06:07Z')); // '20250304'
 */
function dayOfMs(ms: number): string {
  if (ms !== lastMs) {
    lastDay = new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
    lastMs = ms;
  }
  return lastDay;
}
