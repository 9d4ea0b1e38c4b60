import { type Kysely, sql } from 'kysely';
import { InvalidInputError, isMissingTable } from './errors.ts';
import type { SegmentName } from './log-segments.ts';
import { expandRow, MAX_RUN_EVENTS, type StoredRow } from './log-runs.ts';
import type { Database } from './schema.ts';
import type { LogEvent } from './types.ts';

/**
 * Arguments of {@link readLog}.
 *
 * @example
 * const opts: ReadLogOptions = { partition: 3, afterSeq: 1200, limit: 500, sourceIds: ['3fKx…'] };
 */
export interface ReadLogOptions {
  partition: number;
  /** Return events with seq > afterSeq (0 = from the start). */
  afterSeq: number;
  /** At most this many events (1–10000). */
  limit: number;
  /** Only events of these sources (empty array → nothing). */
  sourceIds?: readonly string[];
}

function check(opts: ReadLogOptions, partitions: number): void {
  if (!Number.isInteger(opts.partition) || opts.partition < 0 || opts.partition >= partitions) {
    throw new InvalidInputError(`readLog.partition must be an integer in 0..${partitions - 1}, got ${opts.partition}`);
  }
  if (!Number.isSafeInteger(opts.afterSeq) || opts.afterSeq < 0) throw new InvalidInputError(`readLog.afterSeq must be an integer >= 0, got ${opts.afterSeq}`);
  if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > 10_000) {
    throw new InvalidInputError(`readLog.limit must be an integer in 1..10000, got ${opts.limit}`);
  }
}

/** Rows of one partition holding events with seq > afterSeq, in seq order, at most `rows` of them. */
async function readRows(db: Kysely<Database>, opts: ReadLogOptions, rows: number): Promise<StoredRow[]> {
  const segments = await db.selectFrom('log_segments').select(['name', 'max_seq']).where('max_seq', '>', opts.afterSeq).orderBy('min_seq').execute();
  if (segments.length === 0) return [];
  // Everything at or below the newest registered seq was committed before the registry read
  // (writers commit in seq order), so its segment is in `segments`. Rows above it may live in a
  // segment we have not seen yet: leave them for the next call.
  const bound = Math.max(...segments.map((s) => Number(s.max_seq)));
  const branch = (name: string) => {
    let q = db
      .selectFrom(name as SegmentName)
      .selectAll()
      .where('partition', '=', opts.partition)
      // A run holding afterSeq + 1 starts at most MAX_RUN_EVENTS − 1 before it: the (partition, seq)
      // index range stays short, and the last seq of the row decides.
      .where('seq', '>', opts.afterSeq - MAX_RUN_EVENTS)
      .where(sql<number>`coalesce(last_seq, seq)`, '>', opts.afterSeq)
      .where('seq', '<=', bound);
    if (opts.sourceIds) q = q.where('source_id', 'in', opts.sourceIds);
    return q.orderBy('seq').limit(rows);
  };
  const [first, ...rest] = segments;
  if (rest.length === 0) return branch(first!.name).execute();
  // Segments may overlap in seq (hosts with skewed clocks), so merge them by seq.
  let union = db.selectFrom(branch(first!.name).as('s0')).selectAll();
  rest.forEach((s, i) => {
    union = union.unionAll(db.selectFrom(branch(s.name).as(`s${i + 1}`)).selectAll());
  });
  return union.orderBy('seq').limit(rows).execute();
}

/**
 * Rows asked for by the first query of a read of a partition not read before. A row holds one event
 * or a run of up to 256, and a run row is large: over-reading them costs more than a second query.
 */
const FIRST_ROWS = 4;

/** Events per row last seen per partition (per database handle): sizes the first query of the next read. */
const density = new WeakMap<Kysely<Database>, Map<number, number>>();

async function readOnce(db: Kysely<Database>, opts: ReadLogOptions): Promise<LogEvent[]> {
  let seen = density.get(db);
  if (!seen) {
    seen = new Map();
    density.set(db, seen);
  }
  const perRow = seen.get(opts.partition);
  const out: LogEvent[] = [];
  let after = opts.afterSeq;
  let asked = Math.min(opts.limit, perRow === undefined ? FIRST_ROWS : Math.ceil(opts.limit / perRow) + 1);
  let rowsSeen = 0;
  for (;;) {
    const rows = await readRows(db, { ...opts, afterSeq: after }, asked);
    let expanded = 0;
    for (const r of rows) {
      if (out.length >= opts.limit) break;
      expandRow(r, after, opts.limit - out.length, out);
      expanded++;
    }
    rowsSeen += expanded;
    if (rowsSeen > 0 && out.length > 0) seen.set(opts.partition, out.length / rowsSeen);
    const remaining = opts.limit - out.length;
    if (remaining <= 0 || rows.length < asked) return out;
    after = out.at(-1)!.seq;
    // Ask for about as many rows as the events still wanted need, at the events per row seen so far.
    asked = Math.min(remaining, Math.ceil((remaining * rowsSeen) / out.length) + 1);
  }
}

/**
 * Events of one partition with seq > afterSeq, in seq order. Never skips: a writer that commits
 * later always has a higher seq than anything already visible (see README, "cursors").
 *
 * @example
 * const events = await readLog(db, 16, { partition: 3, afterSeq: cursor, limit: 500 });
 * cursor = events.at(-1)?.seq ?? cursor;
 */
export async function readLog(db: Kysely<Database>, partitions: number, opts: ReadLogOptions): Promise<LogEvent[]> {
  check(opts, partitions);
  if (opts.sourceIds && opts.sourceIds.length === 0) return [];
  try {
    return await readOnce(db, opts);
  } catch (err) {
    // A segment dropped by retention between the registry read and the query: read again.
    if (isMissingTable(err)) return readOnce(db, opts);
    throw err;
  }
}
