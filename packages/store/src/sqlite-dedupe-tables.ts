import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import { DedupeBloom } from './dedupe-bloom.ts';
import { idAt, MAX_RUN_EVENTS } from './log-runs.ts';
import type { EventLogTable } from './schema.ts';

/**
 * The SQLite dedupe tables: one per UTC day of first sight, `dedupe_hashes_<yyyymmdd>`, holding
 * `(h INTEGER PRIMARY KEY, seq, seen)` — the 53-bit hash of `sourceId/messageId`, the seq of the
 * event that carried it and when (epoch ms). Integer keys keep the B-tree small (one tree, ~20-byte
 * cells, no secondary index) and whole days are dropped when they leave the window. A hash match is
 * confirmed against the log row at `seq`, so a hash collision can never make a new event look like
 * a duplicate. Each table has an in-memory Bloom filter (8 MiB) per connection, built on first lookup.
 */
export type DedupeDay = `dedupe_hashes_${string}`;

/** One day table as a connection sees it. */
export interface DayTable {
  day: string;
  name: DedupeDay;
  /** The table's Bloom filter, filled from the table on first call. */
  bloom(): DedupeBloom;
  /** The filter when already built (writers add their hashes to it; else the build reads them). */
  built: DedupeBloom | undefined;
  lookup: Statement<[number], { seq: number; seen: number }>;
  upsert: Statement<[number, number, number]>;
  /** Upserts UPSERT_CHUNK rows: parameters h, seq, seen for each. */
  upsertMany: Statement<unknown[]>;
}

const tables = new WeakMap<SqliteFile, Map<string, DayTable>>();

/** The table name of a `yyyymmdd` day. */
export function dedupeDayTable(day: string): DedupeDay {
  if (!/^\d{8}$/.test(day)) throw new RangeError(`dedupe day must be yyyymmdd, got ${JSON.stringify(day)}`);
  return `dedupe_hashes_${day}`;
}

let lastMs = Number.NaN;
let lastDay = '';
/** `yyyymmdd` of an epoch-ms instant (UTC); remembers the last answer (a batch shares one instant). */
export function dayOfMs(ms: number): string {
  if (ms !== lastMs) {
    lastDay = new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
    lastMs = ms;
  }
  return lastDay;
}

/** Rows per multi-row upsert of {@link DayTable.upsertMany}. */
export const UPSERT_CHUNK = 128;

/** Existing dedupe day tables of the file, oldest first. */
export function listDedupeDays(file: SqliteFile): string[] {
  const rows = file.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'dedupe_hashes_[0-9]*'").all() as Array<{ name: string }>;
  return rows.map((r) => r.name.slice('dedupe_hashes_'.length)).sort();
}

/**
 * The day table of `day` on this connection: created when `create` (else undefined when missing),
 * its Bloom filter filled from the table's hashes on first use.
 *
 * @example
 * dayTable(file, '20250131', true)!.upsert.run(hash, seq, Date.now());
 */
export function dayTable(file: SqliteFile, day: string, create: boolean): DayTable | undefined {
  let byDay = tables.get(file);
  if (!byDay) {
    byDay = new Map();
    tables.set(file, byDay);
  }
  const known = byDay.get(day);
  if (known) return known;
  const name = dedupeDayTable(day);
  const exists = file.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  if (!exists && !create) return undefined;
  if (!exists) file.exec(`CREATE TABLE IF NOT EXISTS "${name}" (h INTEGER PRIMARY KEY, seq INTEGER NOT NULL, seen INTEGER NOT NULL)`);
  const table: DayTable = {
    day,
    name,
    built: undefined,
    bloom() {
      if (!table.built) {
        const bloom = new DedupeBloom();
        for (const h of file.prepare(`SELECT h FROM "${name}"`).pluck().iterate() as IterableIterator<number>) bloom.add(h);
        table.built = bloom;
      }
      return table.built;
    },
    lookup: file.prepare(`SELECT seq, seen FROM "${name}" WHERE h = ?`),
    upsert: file.prepare(`INSERT INTO "${name}" (h, seq, seen) VALUES (?, ?, ?) ON CONFLICT (h) DO UPDATE SET seq = excluded.seq, seen = excluded.seen`),
    upsertMany: file.prepare(
      `INSERT INTO "${name}" (h, seq, seen) VALUES ${Array(UPSERT_CHUNK).fill('(?, ?, ?)').join(', ')} ON CONFLICT (h) DO UPDATE SET seq = excluded.seq, seen = excluded.seen`,
    ),
  };
  byDay.set(day, table);
  return table;
}

/** Forgets this connection's handle of a day table (after it was dropped). */
export function forgetDayTable(file: SqliteFile, day: string): void {
  tables.get(file)?.delete(day);
}

/**
 * Whether the log row at `seq` is the event of `sourceId` / `messageId` (the check behind every
 * hash match). False when the row's segment was dropped by retention.
 *
 * @example
 * isLoggedAs(file, 42, 'src', 'msg-1'); // true
 */
export function isLoggedAs(file: SqliteFile, seq: number, sourceId: string, messageId: string): boolean {
  const segments = file.prepare('SELECT name FROM log_segments WHERE min_seq <= ? AND max_seq >= ?').pluck().all(seq, seq) as string[];
  for (const name of segments) {
    // The row holding seq: a row of its own, or the run starting at most MAX_RUN_EVENTS − 1 before it.
    const row = file
      .prepare(`SELECT seq, last_seq, source_id, message_id, events FROM "${name.replace(/"/g, '')}" WHERE seq <= ? AND seq > ? ORDER BY seq DESC LIMIT 1`)
      .get(seq, seq - MAX_RUN_EVENTS) as Pick<EventLogTable, 'seq' | 'last_seq' | 'source_id' | 'message_id' | 'events'> | undefined;
    const id = row && idAt(row, seq);
    if (id) return id.sourceId === sourceId && id.messageId === messageId;
  }
  return false;
}
