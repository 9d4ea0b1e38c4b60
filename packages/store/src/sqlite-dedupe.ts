import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import { dedupeHashOf } from './dedupe-bloom.ts';
import { dedupeKey } from './log-append.ts';
import { expandRow, MAX_RUN_EVENTS, type StoredRow } from './log-runs.ts';
import { type DayTable, UPSERT_CHUNK, dayOfMs, dayTable, forgetDayTable, isLoggedAs, listDedupeDays } from './sqlite-dedupe-tables.ts';

/**
 * Write-behind dedupe for SQLite. Writing each new messageId into a B-tree inside the append
 * transaction costs more than the append itself, so the keys of committed events wait in memory
 * and are written in hash-sorted batches into the day tables of sqlite-dedupe-tables.ts;
 * `dedupe_flush.seq` records that every event up to that seq has its key on disk, so a restart
 * re-reads only the log tail past it. Nothing acknowledged depends on the buffer: losing it can only
 * let a client's retry of an already-stored event through as a duplicate, never drop an event.
 *
 * Lookups: the buffer, then each day table of the window (its Bloom filter first, the disk only on a
 * "maybe", and a hash match only counts when the log row at its seq is that very event), then the
 * pre-0.x text-keyed `dedupe` table while it still holds keys inside the window.
 *
 * One buffer per SQLite connection in a process (the store shares one connection per file).
 */
export interface SqliteDedupeBuffer {
  /** Whether the event (`h` = `dedupeHashOf(sourceId, messageId)`) was committed and first seen at or after `cutoffMs`. */
  has(h: number, sourceId: string, messageId: string, cutoffMs: number, tables: readonly DayTable[]): boolean;
  /** The new events of a committed batch (parallel arrays: `dedupeHashOf` hash, ids, seq), seen at `seenMs`. */
  add(hashes: readonly number[], sourceIds: readonly string[], messageIds: readonly string[], seqs: readonly number[], seenMs: number): void;
  /**
   * The existing day tables of the window ending at `nowMs` (resolve once per batch), and remembers
   * the window: day tables before it are dropped at the next flush.
   */
  window(nowMs: number, windowMs: number): DayTable[];
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

/** Whether the sorted `list` has two equal hashes in [from, from + n) (one statement cannot upsert a row twice). */
function hasEqualHashes(list: ReadonlyArray<readonly [number, ...unknown[]]>, from: number, n: number): boolean {
  for (let k = from + 1; k < from + n; k++) if (list[k]![0] === list[k - 1]![0]) return true;
  return false;
}

function ensureTable(file: SqliteFile): void {
  file.exec('CREATE TABLE IF NOT EXISTS dedupe_flush (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL)');
  file.exec('INSERT INTO dedupe_flush (id, seq) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
}

/** Whether an error says a table is gone (dropped by a prune on another connection). */
function isMissingTable(err: unknown): boolean {
  return /no such table/i.test(String((err as Error)?.message));
}

/** Looks `sourceId/messageId` up in the day tables `days` and the legacy table. */
function onDisk(file: SqliteFile, legacy: { stmt: Statement<[string, string]>; untilMs: number } | undefined, h: number, sourceId: string, messageId: string, cutoffMs: number, tables: readonly DayTable[]): boolean {
  for (const table of tables) {
    if (!table.bloom().mayHave(h)) continue;
    let row: { seq: number; seen: number } | undefined;
    try {
      row = table.lookup.get(h);
    } catch (err) {
      if (!isMissingTable(err)) throw err;
      forgetDayTable(file, table.day);
      continue;
    }
    if (row && row.seen >= cutoffMs && isLoggedAs(file, row.seq, sourceId, messageId)) return true;
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
 * if (!buffer.has(sourceId, messageId, Date.now() - 86_400_000, days)) …
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
    has(h, sourceId, messageId, cutoffMs, tables) {
      const hit = pending.get(h);
      if (hit !== undefined && hit.messageId === messageId && hit.sourceId === sourceId) return hit.seen >= cutoffMs;
      return onDisk(file, legacy, h, sourceId, messageId, cutoffMs, tables);
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
      const tables: DayTable[] = [];
      for (const day of days) {
        const table = dayTable(file, day, false);
        if (table) tables.push(table);
      }
      return tables;
    },
    get size() {
      return pending.size;
    },
  };
  buffers.set(file, s);
  return s;
}

/** Keys per transaction of an incremental flush step (see {@link flushDedupeStep}). */
export const DEDUPE_STEP_KEYS = 4096;

interface FlushRun {
  /** Hash-sorted slices, each [h, entry] rows of one day. */
  slices: Array<{ day: string; rows: Array<[number, Entry]> }>;
  next: number;
  lastSeq: number;
}

const runs = new WeakMap<SqliteFile, FlushRun>();

function startRun(state: State, maxKeys: number): FlushRun {
  const byDay = new Map<string, Array<[number, Entry]>>();
  for (const [h, entry] of state.pending) {
    const day = dayOfMs(entry.seen);
    let list = byDay.get(day);
    if (!list) {
      list = [];
      byDay.set(day, list);
    }
    list.push([h, entry]);
  }
  const slices: FlushRun['slices'] = [];
  for (const [day, list] of byDay) {
    list.sort((x, y) => x[0] - y[0]);
    for (let i = 0; i < list.length; i += maxKeys) slices.push({ day, rows: list.slice(i, i + maxKeys) });
  }
  return { slices, next: 0, lastSeq: state.lastSeq };
}

function writeSlice(file: SqliteFile, state: State, day: string, rows: ReadonlyArray<[number, Entry]>, lastSeq: number | undefined): void {
  const write = () => {
    const table = dayTable(file, day, true)!;
    // Equal hashes (a collision, or one key seen again) keep the last, as one-by-one upserts would.
    const params: number[] = new Array(UPSERT_CHUNK * 3);
    let i = 0;
    for (; i + UPSERT_CHUNK <= rows.length && !hasEqualHashes(rows, i, UPSERT_CHUNK); i += UPSERT_CHUNK) {
      for (let k = 0; k < UPSERT_CHUNK; k++) {
        const [h, e] = rows[i + k]!;
        params[k * 3] = h;
        params[k * 3 + 1] = e.seq;
        params[k * 3 + 2] = e.seen;
      }
      table.upsertMany.run(params);
    }
    for (; i < rows.length; i++) table.upsert.run(rows[i]![0], rows[i]![1].seq, rows[i]![1].seen);
    if (lastSeq !== undefined) state.mark.run(lastSeq);
    return table;
  };
  let table: ReturnType<typeof write>;
  try {
    table = file.transaction(write).immediate();
  } catch (err) {
    if (!isMissingTable(err)) throw err;
    forgetDayTable(file, day);
    table = file.transaction(write).immediate();
  }
  const bloom = table.built;
  if (bloom) for (const [h] of rows) bloom.add(h);
  for (const [h, entry] of rows) if (state.pending.get(h) === entry) state.pending.delete(h);
}

/**
 * Writes the next slice (at most `maxKeys` keys, one transaction) of the pending keys: the first
 * step takes a hash-sorted snapshot of the buffer, the last one records `dedupe_flush.seq` and drops
 * day tables that left the window. Sorted slices are contiguous key ranges, so writing a snapshot in
 * slices dirties about the same pages as one big transaction, while appends can commit between them
 * (the writer thread interleaves the steps with the batches). Returns the keys written and whether
 * the snapshot is done.
 *
 * @example
 * while (!flushDedupeStep(file, 4096).done) {}
 */
export function flushDedupeStep(file: SqliteFile, maxKeys: number = DEDUPE_STEP_KEYS): { written: number; done: boolean } {
  const state = buffers.get(file);
  if (!state) return { written: 0, done: true };
  let run = runs.get(file);
  if (!run) {
    if (state.pending.size === 0) return { written: 0, done: true };
    run = startRun(state, maxKeys);
    runs.set(file, run);
  }
  const slice = run.slices[run.next];
  const last = run.next === run.slices.length - 1;
  try {
    if (slice) writeSlice(file, state, slice.day, slice.rows, last ? run.lastSeq : undefined);
  } catch (err) {
    runs.delete(file); // the keys are still pending: the next step starts over
    throw err;
  }
  run.next++;
  if (!last && slice) return { written: slice.rows.length, done: false };
  runs.delete(file);
  if (state.oldestDay) dropDaysBefore(file, state.oldestDay);
  return { written: slice?.rows.length ?? 0, done: true };
}

/**
 * Writes every pending key (finishing a snapshot in progress, then the rest), hash-sorted per day
 * table, then drops day tables older than the latest append's window. Synchronous; call it through
 * the connection that owns the buffer. Returns how many keys were written.
 *
 * @example
 * flushDedupe(file);
 */
export function flushDedupe(file: SqliteFile): number {
  // Finishes a snapshot in progress (its slices), then writes whatever it did not cover.
  let written = 0;
  for (let step = flushDedupeStep(file, Number.MAX_SAFE_INTEGER); ; step = flushDedupeStep(file, Number.MAX_SAFE_INTEGER)) {
    written += step.written;
    if (step.done && (step.written === 0 || (buffers.get(file)?.pending.size ?? 0) === 0)) return written;
  }
}

/**
 * Drops the day tables of days before `day` (`yyyymmdd`); returns how many keys they held.
 *
 * @example
 * dropDaysBefore(file, '20250130');
 */
export function dropDaysBefore(file: SqliteFile, day: string): number {
  let count = 0;
  for (const old of listDedupeDays(file)) {
    if (old >= day) break;
    count += (file.prepare(`SELECT count(*) AS n FROM "dedupe_hashes_${old}"`).get() as { n: number }).n;
    file.exec(`DROP TABLE IF EXISTS "dedupe_hashes_${old}"`);
    forgetDayTable(file, old);
  }
  return count;
}

/**
 * Forgets keys first seen before `cutoffMs`: drops whole day tables before it, deletes the older
 * rows of the day it falls in, and empties the legacy table up to it. Returns how many keys went.
 *
 * @example
 * pruneSqliteDedupe(file, Date.now() - 86_400_000);
 */
export function pruneSqliteDedupe(file: SqliteFile, cutoffMs: number): number {
  const day = dayOfMs(cutoffMs);
  return file
    .transaction(() => {
      let count = dropDaysBefore(file, day);
      if (listDedupeDays(file).includes(day)) count += file.prepare(`DELETE FROM "dedupe_hashes_${day}" WHERE seen < ?`).run(cutoffMs).changes;
      count += file.prepare('DELETE FROM dedupe WHERE seen_at < ?').run(new Date(cutoffMs).toISOString()).changes;
      return count;
    })
    .immediate();
}

/**
 * After a restart: puts the keys of events appended after the last flush into their day tables.
 *
 * @example
 * recoverDedupe(file); // at open, after migrations
 */
export function recoverDedupe(file: SqliteFile): number {
  ensureTable(file);
  const { seq: flushed } = file.prepare('SELECT seq FROM dedupe_flush WHERE id = 1').get() as { seq: number };
  const segments = file.prepare('SELECT name FROM log_segments WHERE max_seq > ? ORDER BY min_seq').all(flushed) as Array<{ name: string }>;
  let count = 0;
  file
    .transaction(() => {
      let last = flushed;
      for (const { name } of segments) {
        const rows = file
          .prepare(`SELECT * FROM "${name.replace(/"/g, '')}" WHERE seq > ? AND coalesce(last_seq, seq) > ? ORDER BY seq`)
          .all(flushed - MAX_RUN_EVENTS, flushed) as StoredRow[];
        for (const row of rows) {
          for (const e of expandRow(row, flushed, Number.MAX_SAFE_INTEGER)) {
            const seen = Date.parse(e.receivedAt);
            const table = dayTable(file, dayOfMs(seen), true)!;
            const h = dedupeHashOf(e.sourceId, e.messageId);
            table.upsert.run(h, e.seq, seen);
            table.built?.add(h);
            if (e.seq > last) last = e.seq;
            count++;
          }
        }
      }
      file.prepare('UPDATE dedupe_flush SET seq = max(seq, ?) WHERE id = 1').run(last);
    })
    .immediate();
  return count;
}
