import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import { BLOCK_KEYS, decodeBlock, encodeBlock, findKey, type KeyColumns, keyColumns } from './dedupe-block.ts';
import { GrowingBloom } from './dedupe-bloom.ts';
import { lastSeqOf, MAX_RUN_EVENTS, messageIdsOf } from './log-runs.ts';
import type { EventLogTable } from './schema.ts';

/**
 * The SQLite dedupe keys on disk, kept as an LSM tree keeps them: immutable sorted **runs**, each
 * stored as blocks of {@link BLOCK_KEYS} keys (dedupe-block.ts), one run per write-behind flush.
 * Runs of one UTC day (of first sight) that reach {@link MERGE_FANOUT} at one size level are merged
 * into one run of the next level, a few blocks per step. Every write is an append of whole
 * blocks, so a flush costs the same on an empty day as on a day of a hundred million keys
 * (random upserts into one B-tree per day dirtied one page per key once the day outgrew the cache).
 *
 * - `dedupe_runs (id, day, level, keys, min_seen, max_seen)`: level -1 marks a merge output still
 *   being written (ignored by lookups, removed at open when a crash left it).
 * - `dedupe_blocks (id, run, first_h, data)`, indexed by `(run, first_h)`: a lookup reads the one
 *   block of a run whose range holds the hash.
 * - Each day has a growing Bloom filter per connection, so a new key (the common case) reads
 *   nothing from disk; a "maybe" reads one block per run of the day, newest first.
 *
 * Days leave whole when they fall out of the window; {@link pruneRuns} drops runs whose newest key
 * is older than a cutoff. Pre-runs files' `dedupe_hashes_<yyyymmdd>` tables are turned into runs at open.
 */

/** One run as a connection knows it. */
export interface KeyRun {
  id: number;
  day: string;
  level: number;
  keys: number;
  minSeen: number;
  maxSeen: number;
}

/** The runs of one UTC day (`yyyymmdd`) of first sight, with the day's Bloom filter. */
export interface DedupeDay {
  day: string;
  /** Oldest first. */
  runs: KeyRun[];
  /** The filter when built (flushes add their keys to it; else the build reads them all). */
  built: GrowingBloom | undefined;
  /** The filter, filled from the day's runs on first call. */
  bloom(): GrowingBloom;
}

/** Runs of one level and day merged at once; also the size ratio between levels. */
export const MERGE_FANOUT = 8;
/** Level 0 holds runs of fewer than LEVEL_BASE × MERGE_FANOUT keys. */
const LEVEL_BASE = 4096;
/** Level of a run under construction. */
const BUILDING = -1;

/**
 * The size level of a run of `keys` keys: 0 below 32 Ki keys, then one level per ×8.
 *
 * @example
 * levelOf(50_000); // 1
 */
export function levelOf(keys: number): number {
  let level = 0;
  for (let cap = LEVEL_BASE * MERGE_FANOUT; keys >= cap; cap *= MERGE_FANOUT) level++;
  return level;
}

interface Statements {
  insertRun: Statement<[string, number, number, number, number]>;
  finishRun: Statement<[number, number, number, number, number]>;
  insertBlock: Statement<[number, number, Buffer]>;
  findBlock: Statement<[number, number], { data: Buffer }>;
  blockIds: Statement<[number], number>;
  blockData: Statement<[number], { data: Buffer }>;
  runBlocks: Statement<[number], { data: Buffer }>;
  deleteRun: Statement<[number]>;
  deleteBlocks: Statement<[number]>;
}

interface RunsState {
  days: Map<string, DedupeDay>;
  st: Statements;
}

const states = new WeakMap<SqliteFile, RunsState>();

/** Creates the run tables when missing. */
function ensureRunTables(file: SqliteFile): void {
  file.exec(
    'CREATE TABLE IF NOT EXISTS dedupe_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT NOT NULL, level INTEGER NOT NULL, keys INTEGER NOT NULL, min_seen INTEGER NOT NULL, max_seen INTEGER NOT NULL)',
  );
  file.exec('CREATE TABLE IF NOT EXISTS dedupe_blocks (id INTEGER PRIMARY KEY, run INTEGER NOT NULL, first_h INTEGER NOT NULL, data BLOB NOT NULL)');
  file.exec('CREATE INDEX IF NOT EXISTS dedupe_blocks_run ON dedupe_blocks (run, first_h)');
}

function runsState(file: SqliteFile): RunsState {
  let s = states.get(file);
  if (s) return s;
  ensureRunTables(file);
  s = {
    days: new Map(),
    st: {
      insertRun: file.prepare('INSERT INTO dedupe_runs (day, level, keys, min_seen, max_seen) VALUES (?, ?, ?, ?, ?)'),
      finishRun: file.prepare('UPDATE dedupe_runs SET level = ?, keys = ?, min_seen = ?, max_seen = ? WHERE id = ?'),
      insertBlock: file.prepare('INSERT INTO dedupe_blocks (run, first_h, data) VALUES (?, ?, ?)'),
      findBlock: file.prepare('SELECT data FROM dedupe_blocks WHERE run = ? AND first_h <= ? ORDER BY first_h DESC LIMIT 1'),
      blockIds: file.prepare('SELECT id FROM dedupe_blocks WHERE run = ? ORDER BY first_h').pluck() as Statement<[number], number>,
      blockData: file.prepare('SELECT data FROM dedupe_blocks WHERE id = ?'),
      runBlocks: file.prepare('SELECT data FROM dedupe_blocks WHERE run = ?'),
      deleteRun: file.prepare('DELETE FROM dedupe_runs WHERE id = ?'),
      deleteBlocks: file.prepare('DELETE FROM dedupe_blocks WHERE run = ?'),
    },
  };
  const rows = file.prepare(`SELECT id, day, level, keys, min_seen, max_seen FROM dedupe_runs WHERE level >= 0 ORDER BY id`).all() as Array<{
    id: number;
    day: string;
    level: number;
    keys: number;
    min_seen: number;
    max_seen: number;
  }>;
  for (const r of rows) addRun(s, { id: r.id, day: r.day, level: r.level, keys: r.keys, minSeen: r.min_seen, maxSeen: r.max_seen });
  states.set(file, s);
  return s;
}

function dayEntry(s: RunsState, day: string): DedupeDay {
  let d = s.days.get(day);
  if (!d) {
    const entry: DedupeDay = {
      day,
      runs: [],
      built: undefined,
      bloom() {
        if (!entry.built) {
          const bloom = new GrowingBloom(entry.runs.reduce((n, r) => n + r.keys, 0));
          for (const run of entry.runs) {
            for (const { data } of s.st.runBlocks.iterate(run.id)) {
              const block = decodeBlock(data);
              for (let i = 0; i < block.n; i++) bloom.add(block.h[i]!);
            }
          }
          entry.built = bloom;
        }
        return entry.built;
      },
    };
    d = entry;
    s.days.set(day, d);
  }
  return d;
}

function addRun(s: RunsState, run: KeyRun): void {
  dayEntry(s, run.day).runs.push(run);
}

function removeRuns(s: RunsState, ids: ReadonlySet<number>): void {
  for (const [day, d] of s.days) {
    d.runs = d.runs.filter((r) => !ids.has(r.id));
    if (d.runs.length === 0 && !d.built) s.days.delete(day);
  }
}

/**
 * The day's runs on this connection, or undefined when it has none.
 *
 * @example
 * const day = dedupeDay(file, '20250304');
 * if (day?.bloom().mayHave(h)) …
 */
export function dedupeDay(file: SqliteFile, day: string): DedupeDay | undefined {
  const d = runsState(file).days.get(day);
  return d && d.runs.length > 0 ? d : undefined;
}

/**
 * Whether some run of `day` holds hash `h` first seen at or after `cutoffMs` for which `confirm`
 * (given the key's seq) says yes; newest runs first.
 *
 * @example
 * hasKey(file, day, h, cutoffMs, (seq) => isLoggedAs(file, seq, sourceId, messageId));
 */
export function hasKey(file: SqliteFile, day: DedupeDay, h: number, cutoffMs: number, confirm: (seq: number) => boolean): boolean {
  const { st } = runsState(file);
  for (let i = day.runs.length - 1; i >= 0; i--) {
    const run = day.runs[i]!;
    if (run.maxSeen < cutoffMs) continue;
    const row = st.findBlock.get(run.id, h);
    if (!row) continue;
    const block = decodeBlock(row.data);
    const k = findKey(block, h);
    if (k >= 0 && block.seen[k]! >= cutoffMs && confirm(block.seq[k]!)) return true;
  }
  return false;
}

/**
 * Writes one run, key by key in ascending hash order: whole blocks as they fill, the run's row
 * (level -1 until {@link RunWriter.finish}) first. Call it inside a write transaction; a merge
 * keeps one open across several.
 */
export interface RunWriter {
  readonly id: number;
  readonly keys: number;
  push(h: number, seq: number, seen: number): void;
  /** Writes the last block and gives the run its level; returns it (adopt it after COMMIT). */
  finish(): KeyRun;
}

/**
 * Starts a run of `day` (inserts its row as under construction).
 *
 * @example
 * const w = openRun(file, '20250304');
 * for (const [h, seq, seen] of sorted) w.push(h, seq, seen);
 * const run = w.finish();
 */
export function openRun(file: SqliteFile, day: string): RunWriter {
  const { st } = runsState(file);
  const id = Number(st.insertRun.run(day, BUILDING, 0, 0, 0).lastInsertRowid);
  const buf: KeyColumns = keyColumns(BLOCK_KEYS);
  let keys = 0;
  let minSeen = Number.POSITIVE_INFINITY;
  let maxSeen = Number.NEGATIVE_INFINITY;
  const writeBlock = () => {
    if (buf.n === 0) return;
    st.insertBlock.run(id, buf.h[0]!, encodeBlock(buf, 0, buf.n));
    buf.n = 0;
  };
  return {
    id,
    get keys() {
      return keys;
    },
    push(h, seq, seen) {
      const n = buf.n;
      buf.h[n] = h;
      buf.seq[n] = seq;
      buf.seen[n] = seen;
      buf.n = n + 1;
      keys++;
      if (seen < minSeen) minSeen = seen;
      if (seen > maxSeen) maxSeen = seen;
      if (buf.n === BLOCK_KEYS) writeBlock();
    },
    finish() {
      writeBlock();
      const run: KeyRun = { id, day, level: levelOf(keys), keys, minSeen: keys ? minSeen : 0, maxSeen: keys ? maxSeen : 0 };
      if (st.finishRun.run(run.level, keys, run.minSeen, run.maxSeen, id).changes !== 1) {
        throw new Error(`dedupe run ${id} vanished while it was written (another connection removed it)`);
      }
      return run;
    },
  };
}

/**
 * Makes committed changes visible to this connection's lookups: `added` runs join their days,
 * `removed` run ids leave.
 *
 * @example
 * const run = file.transaction(() => writer.finish()).immediate();
 * adoptRuns(file, [run], []);
 */
export function adoptRuns(file: SqliteFile, added: readonly KeyRun[], removed: readonly number[]): void {
  const s = runsState(file);
  if (removed.length > 0) removeRuns(s, new Set(removed));
  for (const run of added) addRun(s, run);
}

/**
 * Deletes a run's row and blocks (inside the caller's transaction), e.g. a partial run given up.
 *
 * @example
 * file.transaction(() => deleteRun(file, writer.id)).immediate();
 */
export function deleteRun(file: SqliteFile, id: number): void {
  const { st } = runsState(file);
  st.deleteBlocks.run(id);
  st.deleteRun.run(id);
}

// ---------------------------------------------------------------------------------------------
// Merges

interface Cursor {
  ids: number[];
  next: number;
  block: KeyColumns | undefined;
  i: number;
}

interface Merge {
  day: string;
  inputs: KeyRun[];
  cursors: Cursor[];
  out: RunWriter | undefined;
}

const merges = new WeakMap<SqliteFile, Merge>();

/** An input run of a merge was deleted under it (by a prune on another connection). */
class InputGone extends Error {}

/** The next merge due: the oldest day's lowest level holding MERGE_FANOUT runs, its oldest ones. */
function pickMerge(s: RunsState): Merge | undefined {
  const days = [...s.days.keys()].sort();
  for (const day of days) {
    const byLevel = new Map<number, KeyRun[]>();
    for (const run of s.days.get(day)!.runs) {
      const list = byLevel.get(run.level) ?? [];
      list.push(run);
      byLevel.set(run.level, list);
    }
    for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
      const list = byLevel.get(level)!;
      if (list.length >= MERGE_FANOUT) return { day, inputs: list.slice(0, MERGE_FANOUT), cursors: [], out: undefined };
    }
  }
  return undefined;
}

/** Whether a merge is under way or due on this connection. */
export function mergeDue(file: SqliteFile): boolean {
  return merges.has(file) || pickMerge(runsState(file)) !== undefined;
}

/** Whether the cursor has a key at `i` (loading its next block when needed). */
function ready(st: Statements, c: Cursor): boolean {
  if (c.block && c.i < c.block.n) return true;
  if (c.next >= c.ids.length) return false;
  const row = st.blockData.get(c.ids[c.next++]!);
  if (!row) throw new InputGone('a merge input run was deleted');
  c.block = decodeBlock(row.data);
  c.i = 0;
  return c.block.n > 0 || ready(st, c);
}

/**
 * Drops the merge under way (its partial output is deleted), e.g. before its inputs are pruned.
 *
 * @example
 * abortMerge(file);
 */
export function abortMerge(file: SqliteFile): void {
  const m = merges.get(file);
  if (!m) return;
  merges.delete(file);
  const out = m.out;
  if (out) file.transaction(() => deleteRun(file, out.id)).immediate();
}

/**
 * One step of the merge under way or due: at most `maxBlocks` output blocks in one transaction,
 * fewer when `deadline` (a `performance.now()` time) passes first (one block at least).
 * The step that exhausts the inputs finishes the output run and deletes the inputs in the same
 * transaction, so lookups see either the inputs or the output. Equal hashes keep the newest run's
 * entry. Returns the keys written and whether no merge is left to do.
 *
 * @example
 * while (!mergeStep(file, 64).done) {}
 */
export function mergeStep(file: SqliteFile, maxBlocks: number, deadline = Number.POSITIVE_INFINITY): { written: number; done: boolean } {
  const s = runsState(file);
  const { st } = s;
  let m = merges.get(file);
  if (!m) {
    m = pickMerge(s);
    if (!m) return { written: 0, done: true };
    m.cursors = m.inputs.map((run) => ({ ids: st.blockIds.all(run.id), next: 0, block: undefined, i: 0 }));
    merges.set(file, m);
  }
  const merge = m;
  let written = 0;
  let finished: KeyRun | undefined;
  try {
    file
      .transaction(() => {
        merge.out ??= openRun(file, merge.day);
        const out = merge.out;
        const cursors = merge.cursors;
        const limit = out.keys + maxBlocks * BLOCK_KEYS;
        while (out.keys < limit) {
          let best = -1;
          let bh = Number.POSITIVE_INFINITY;
          let bestSeq = 0;
          // A hash held by several inputs keeps its newest sighting (highest seq), whatever the runs' order.
          for (let c = 0; c < cursors.length; c++) {
            const cur = cursors[c]!;
            if (!ready(st, cur)) continue;
            const v = cur.block!.h[cur.i]!;
            const seq = cur.block!.seq[cur.i]!;
            if (v < bh || (v === bh && seq > bestSeq)) {
              bh = v;
              best = c;
              bestSeq = seq;
            }
          }
          if (best < 0) {
            finished = out.finish();
            for (const run of merge.inputs) deleteRun(file, run.id);
            return;
          }
          const b = cursors[best]!;
          out.push(bh, b.block!.seq[b.i]!, b.block!.seen[b.i]!);
          written++;
          for (const cur of cursors) if (cur.block && cur.i < cur.block.n && cur.block.h[cur.i] === bh) cur.i++;
          // Past the deadline, the step ends where a block was just written (after one at least).
          if (out.keys % BLOCK_KEYS === 0 && performance.now() >= deadline) break;
        }
      })
      .immediate();
  } catch (err) {
    merges.delete(file);
    if (merge.out) file.transaction(() => deleteRun(file, merge.out!.id)).immediate();
    if (err instanceof InputGone) return { written: 0, done: !mergeDue(file) };
    throw err;
  }
  if (finished) {
    merges.delete(file);
    adoptRuns(file, [finished], merge.inputs.map((r) => r.id));
    return { written, done: !mergeDue(file) };
  }
  return { written, done: false };
}

// ---------------------------------------------------------------------------------------------
// Expiry, recovery, migration

/**
 * Deletes the runs of days before `day` (`yyyymmdd`); returns how many keys they held.
 *
 * @example
 * dropDaysBefore(file, '20250130');
 */
export function dropDaysBefore(file: SqliteFile, day: string): number {
  const s = runsState(file);
  const m = merges.get(file);
  if (m && m.day < day) abortMerge(file);
  // Forget the days in memory first (their filters too, even when no run of theirs is left on disk).
  for (const d of [...s.days.keys()]) if (d < day) s.days.delete(d);
  const old = file.prepare('SELECT id, keys FROM dedupe_runs WHERE day < ? AND level >= 0').all(day) as Array<{ id: number; keys: number }>;
  if (old.length === 0) return 0;
  file.transaction(() => {
    for (const r of old) deleteRun(file, r.id);
  })();
  removeRuns(s, new Set(old.map((r) => r.id)));
  return old.reduce((n, r) => n + r.keys, 0);
}

/**
 * Forgets keys first seen before `cutoffMs`: drops the days before it and every run whose newest
 * key is older (keys of a run straddling the cutoff stay until the run goes; lookups ignore them).
 * Returns how many keys went.
 *
 * @example
 * pruneRuns(file, Date.now() - 86_400_000);
 */
export function pruneRuns(file: SqliteFile, cutoffMs: number): number {
  const s = runsState(file);
  const old = file.prepare('SELECT id, keys FROM dedupe_runs WHERE max_seen < ? AND level >= 0').all(cutoffMs) as Array<{ id: number; keys: number }>;
  if (old.length === 0) return 0;
  const ids = new Set(old.map((r) => r.id));
  if (merges.get(file)?.inputs.some((r) => ids.has(r.id))) abortMerge(file);
  file.transaction(() => {
    for (const r of old) deleteRun(file, r.id);
  })();
  removeRuns(s, ids);
  return old.reduce((n, r) => n + r.keys, 0);
}

/**
 * Before a connection's first append (it then owns the runs: one appending connection per file):
 * removes what a crash left of unfinished runs, and turns the day tables of files written before
 * runs (`dedupe_hashes_<yyyymmdd>`, one B-tree per day) into runs. Returns how many keys moved.
 *
 * @example
 * recoverRuns(file);
 */
export function recoverRuns(file: SqliteFile): number {
  ensureRunTables(file);
  file
    .transaction(() => {
      file.exec(`DELETE FROM dedupe_blocks WHERE run IN (SELECT id FROM dedupe_runs WHERE level < 0)`);
      file.exec('DELETE FROM dedupe_runs WHERE level < 0');
      file.exec('DELETE FROM dedupe_blocks WHERE run NOT IN (SELECT id FROM dedupe_runs)');
    })
    .immediate();
  const legacy = file.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'dedupe_hashes_[0-9]*' ORDER BY name").pluck().all() as string[];
  let moved = 0;
  for (const name of legacy) {
    const day = name.slice('dedupe_hashes_'.length);
    const page = file.prepare(`SELECT h, seq, seen FROM "${name}" WHERE h > ? ORDER BY h LIMIT 4096`).raw();
    const run = file
      .transaction(() => {
        const w = openRun(file, day);
        // In pages: the connection cannot write blocks while a statement iterates.
        for (let after = -1; ; ) {
          const rows = page.all(after) as Array<[number, number, number]>;
          for (const r of rows) w.push(r[0], r[1], r[2]);
          if (rows.length < 4096) break;
          after = rows[rows.length - 1]![0];
        }
        file.exec(`DROP TABLE "${name}"`);
        if (w.keys > 0) return w.finish();
        deleteRun(file, w.id);
        return undefined;
      })
      .immediate();
    if (run) {
      adoptRuns(file, [run], []);
      moved += run.keys;
    }
  }
  return moved;
}

interface LogLookup {
  segments: Statement<[number, number], string>;
  rows: Map<string, Statement<[number, number]>>;
  /** The last run row read and its parsed index: a retried batch checks its events one run at a time. */
  last: { name: string; seq: number; lastSeq: number; sourceId: string; ids: string[] } | undefined;
}

const lookups = new WeakMap<SqliteFile, LogLookup>();

/**
 * Whether the log row at `seq` is the event of `sourceId` / `messageId` (the check behind every
 * hash match). False when the row's segment was dropped by retention.
 *
 * @example
 * isLoggedAs(file, 42, 'src', 'msg-1'); // true
 */
export function isLoggedAs(file: SqliteFile, seq: number, sourceId: string, messageId: string): boolean {
  let q = lookups.get(file);
  if (!q) {
    q = { segments: file.prepare('SELECT name FROM log_segments WHERE min_seq <= ? AND max_seq >= ?').pluck() as Statement<[number, number], string>, rows: new Map(), last: undefined };
    lookups.set(file, q);
  }
  for (const name of q.segments.all(seq, seq)) {
    let last = q.last;
    if (!(last && last.name === name && seq >= last.seq && seq <= last.lastSeq)) {
      let stmt = q.rows.get(name);
      if (!stmt) {
        // The row holding seq: a row of its own, or the run starting at most MAX_RUN_EVENTS − 1 before it.
        stmt = file.prepare(`SELECT seq, last_seq, source_id, message_id, events FROM "${name.replace(/"/g, '')}" WHERE seq <= ? AND seq > ? ORDER BY seq DESC LIMIT 1`);
        q.rows.set(name, stmt);
      }
      const row = stmt.get(seq, seq - MAX_RUN_EVENTS) as Pick<EventLogTable, 'seq' | 'last_seq' | 'source_id' | 'message_id' | 'events'> | undefined;
      if (!row || seq > lastSeqOf(row)) continue;
      last = { name, seq: Number(row.seq), lastSeq: lastSeqOf(row), sourceId: row.source_id, ids: messageIdsOf(row) };
      q.last = last;
    }
    return last.sourceId === sourceId && last.ids[seq - last.seq] === messageId;
  }
  return false;
}
