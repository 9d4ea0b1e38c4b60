import type pg from 'pg';
import type { Backend } from './backend.ts';
import { type AppendJob, type BatchPlan, dedupeKey, keySetCheck, planBatch, type WriteBatchOptions } from './log-append.ts';
import { type SegmentName, segmentDdl, segmentName } from './log-segments.ts';
import { dayKey } from './time.ts';
import type { EventLogTable } from './schema.ts';
import type { AppendResult } from './types.ts';

/** Segment tables this process created or found, per backend: their rows go in with the one write statement. */
const knownSegments = new WeakMap<Backend, Set<SegmentName>>();

/** A segment row's columns with their SQL types, in the order both writes insert them. */
const LOG_COLUMNS = [
  ['seq', 'bigint'], ['last_seq', 'bigint'], ['workspace_id', 'text'], ['source_id', 'text'], ['partition', 'int'],
  ['message_id', 'text'], ['type', 'text'], ['received_at', 'text'], ['payload', 'text'], ['events', 'text'],
] as const satisfies readonly (readonly [keyof EventLogTable, 'bigint' | 'text' | 'int'])[];
const COLUMN_LIST = LOG_COLUMNS.map(([c]) => c).join(', ');
/** The one-trip write's select list: row seqs are offsets from the head (`base`). */
const OFFSET_SELECT = LOG_COLUMNS.map(([c]) => (c === 'seq' || c === 'last_seq' ? `base.seq + r.${c}` : `r.${c}`)).join(', ');
/** The three-trip write's `unnest` of one array parameter per column, from $6. */
const PARAM_ARRAYS = LOG_COLUMNS.map(([, type], i) => `$${6 + i}::${type}[]`).join(', ');

/** The column `c` of every row. */
const columnOf = (rows: readonly EventLogTable[], c: keyof EventLogTable) => rows.map((r) => r[c]);

/** The dedupe keys of a plan's new events. */
const freshKeysOf = (plan: BatchPlan) => plan.freshSources.map((src, i) => dedupeKey(src, plan.freshIds[i]!));

/**
 * Batches up to this many events (the group commits of single-event requests) try the
 * one-round-trip write. Bigger ones carry their values as parameters: as literals they cost more
 * to escape and to parse than the round trips save (1,000 events: 48–49 ms against 42–44 ms per
 * commit). For 100-event requests at 85/s, six pairs of runs showed no difference either way.
 */
const ONE_TRIP_MAX_EVENTS = 64;

/** PostgreSQL's "undefined_table": a known segment was dropped (retention) since. */
const UNDEFINED_TABLE = '42P01';

/**
 * The PostgreSQL batch write. A batch of at most {@link ONE_TRIP_MAX_EVENTS} events first tries ONE
 * round trip: a multi-statement text that takes the log-head row lock, then (one statement, so one
 * snapshot taken after the lock was granted) looks the batch's keys up and, only if none is a
 * duplicate within the window, inserts the rows, the dedupe keys and the segment's new bounds and
 * moves the head, then COMMITs. Values go in as quoted literals ({@link quote}): a text of several
 * statements cannot take parameters.
 *
 * A bigger batch, one holding a duplicate (that text then wrote nothing) or the first of the day
 * in this process goes the three-round-trip way, which plans around the duplicates it finds:
 *
 * 1. `BEGIN`, the head lock and the duplicate lookup, as one multi-statement text.
 * 2. One statement with data-modifying CTEs: the segment registration, the rows (`unnest` of array
 *    parameters), the new dedupe keys and the new head.
 * 3. `COMMIT`.
 *
 * The head row lock, held to COMMIT, makes writers on all hosts commit in seq order; on the
 * one-trip way it is held for the server's work only, with no round trip inside.
 *
 * @example
 * await writeBatchPostgres(backend, jobs, { dedupeWindowMs: 86_400_000, clock: Date.now });
 */
export async function writeBatchPostgres(backend: Backend, jobs: AppendJob[], opts: WriteBatchOptions): Promise<AppendResult[][]> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await backend.withPgClient!(async (client): Promise<{ ok: true; results: AppendResult[][] } | { ok: false; error: unknown }> => {
      try {
        const quick = await writeInOneTrip(backend, client, jobs, opts);
        if (quick) return { ok: true, results: quick };
        const { results, segment } = await writeOn(backend, client, jobs, opts);
        await client.query('COMMIT');
        if (segment) knownSegments.get(backend)?.add(segment);
        return { ok: true, results };
      } catch (error) {
        // Rolled back, the client goes back to the pool; if even ROLLBACK fails, it is discarded.
        await client.query('ROLLBACK');
        return { ok: false, error };
      }
    });
    if (outcome.ok) return outcome.results;
    // A segment this process knew was dropped since (retention reached today): nothing was
    // committed; forget the known segments and write again, registering the segment first.
    if ((outcome.error as { code?: string }).code !== UNDEFINED_TABLE || attempt > 0) throw outcome.error;
    knownSegments.get(backend)?.clear();
  }
}

/**
 * A SQL string literal that means `text` whatever `standard_conforming_strings` says: E'…' with
 * quotes and backslashes doubled (native replaces: pg's `escapeLiteral` builds it a character at a
 * time, milliseconds for a batch's payloads).
 */
function quote(text: string): string {
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * One quoted literal of a PostgreSQL array (`'{…}'::type[]`): the server parses it as one value,
 * where `ARRAY[…]` of a thousand literals is a thousand expressions to analyse.
 */
function arrayLiteral(values: readonly (string | number | null)[], type: 'text' | 'bigint' | 'int'): string {
  let out = '';
  for (const v of values) {
    out += v === null ? ',NULL' : typeof v === 'number' ? `,${v}` : `,"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return `${quote(`{${out.slice(1)}}`)}::${type}[]`;
}

/**
 * The one-round-trip write (see {@link writeBatchPostgres}): the results, or undefined when it
 * wrote nothing (a duplicate within the window, a segment this process has not registered yet, or
 * no new event) and closed its transaction.
 */
async function writeInOneTrip(backend: Backend, client: pg.PoolClient, jobs: AppendJob[], opts: WriteBatchOptions): Promise<AppendResult[][] | undefined> {
  const nowMs = opts.clock();
  const now = new Date(nowMs).toISOString();
  const table = segmentName(dayKey(now));
  if (!knownSegments.get(backend)?.has(table)) return undefined;
  let events = 0;
  for (const job of jobs) events += job.events.length;
  if (events > ONE_TRIP_MAX_EVENTS) return undefined;
  // Planned from seq 0: the rows' seqs are offsets from the head, added in SQL under the lock.
  const plan = planBatch(jobs, 0, keySetCheck(new Set()), now);
  const { rows } = plan;
  if (rows.length === 0) return undefined;
  const keys = arrayLiteral(freshKeysOf(plan), 'text');
  const nowLit = quote(now);
  const cutoff = quote(new Date(nowMs - opts.dedupeWindowMs).toISOString());
  const count = plan.head;
  const replies = (await client.query(
    `BEGIN ISOLATION LEVEL READ COMMITTED; UPDATE log_head SET seq = seq WHERE id = 1;
    WITH ok AS (SELECT NOT EXISTS (SELECT 1 FROM dedupe WHERE key = ANY(${keys}) AND seen_at >= ${cutoff}) AS ok),
      base AS (SELECT seq FROM log_head WHERE id = 1),
      ev AS (INSERT INTO "${table}" (${COLUMN_LIST})
        SELECT ${OFFSET_SELECT}
        FROM ok, base, unnest(${LOG_COLUMNS.map(([c, type]) => arrayLiteral(columnOf(rows, c), type)).join(', ')}) AS r(${COLUMN_LIST})
        WHERE ok.ok),
      dd AS (INSERT INTO dedupe (key, seen_at) SELECT k, ${nowLit} FROM ok, unnest(${keys}) AS k WHERE ok.ok
        ON CONFLICT (key) DO UPDATE SET seen_at = EXCLUDED.seen_at),
      seg AS (INSERT INTO log_segments (name, day, min_seq, max_seq, created_at) SELECT '${table}', '${dayKey(now)}', base.seq + 1, base.seq + ${count}, ${nowLit} FROM ok, base WHERE ok.ok
        ON CONFLICT (name) DO UPDATE SET max_seq = EXCLUDED.max_seq)
    UPDATE log_head SET seq = log_head.seq + ${count} FROM ok WHERE id = 1 AND ok.ok RETURNING log_head.seq;
    COMMIT`,
  )) as unknown as pg.QueryResult[];
  const moved = replies[2]!.rows[0] as { seq: string | number } | undefined;
  if (!moved) return undefined;
  const base = Number(moved.seq) - count;
  for (const r of plan.results.flat()) if (r.status === 'new') r.seq = r.seq! + base;
  return plan.results;
}

/** Registers (or extends) a segment: $1 name, $2 day, $3 first seq, $4 last seq, $5 now. */
const REGISTER_SEGMENT = `INSERT INTO log_segments (name, day, min_seq, max_seq, created_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (name) DO UPDATE SET max_seq = $4`;

/** The batch's statements up to (not including) COMMIT; `segment`: a table this call registered. */
async function writeOn(
  backend: Backend,
  client: pg.PoolClient,
  jobs: AppendJob[],
  opts: WriteBatchOptions,
): Promise<{ results: AppendResult[][]; segment?: SegmentName }> {
  const nowMs = opts.clock();
  const now = new Date(nowMs).toISOString();
  const cutoff = new Date(nowMs - opts.dedupeWindowMs).toISOString();
  const keys = [...new Set(jobs.flatMap((j) => j.events.map((e) => dedupeKey(j.sourceId, e.messageId))))];
  const opened = (await client.query(
    `BEGIN ISOLATION LEVEL READ COMMITTED; UPDATE log_head SET seq = seq WHERE id = 1 RETURNING seq; SELECT key FROM dedupe WHERE key = ANY(${arrayLiteral(keys, 'text')}) AND seen_at >= ${quote(cutoff)}`,
  )) as unknown as pg.QueryResult[];
  const head = Number(opened[1]!.rows[0]!.seq);
  const found = new Set<string>(opened[2]!.rows.map((r: { key: string }) => r.key));
  const plan = planBatch(jobs, head, keySetCheck(found), now);
  const { rows } = plan;
  if (rows.length === 0) return { results: plan.results };

  const day = dayKey(now);
  const table = segmentName(day);
  const known = knownSegments.get(backend) ?? new Set<SegmentName>();
  knownSegments.set(backend, known);
  const first = rows[0]!.seq;
  const registering = !known.has(table);
  if (registering) {
    const reg = await client.query<{ min_seq: string | number }>(`${REGISTER_SEGMENT} RETURNING min_seq`, [table, day, first, plan.head, now]);
    if (Number(reg.rows[0]!.min_seq) === first) {
      for (const q of segmentDdl(backend, table)) await client.query(q.sql, [...q.parameters]);
    }
  }
  // $1–$5: the segment registration; $6…: one array per column; then the fresh keys.
  const keysParam = 6 + LOG_COLUMNS.length;
  await client.query(
    `WITH seg AS (${REGISTER_SEGMENT}),
      ev AS (INSERT INTO "${table}" (${COLUMN_LIST})
        SELECT * FROM unnest(${PARAM_ARRAYS})),
      dd AS (INSERT INTO dedupe (key, seen_at) SELECT k, $5 FROM unnest($${keysParam}::text[]) AS k ON CONFLICT (key) DO UPDATE SET seen_at = EXCLUDED.seen_at)
    UPDATE log_head SET seq = $4 WHERE id = 1`,
    [table, day, first, plan.head, now, ...LOG_COLUMNS.map(([c]) => columnOf(rows, c)), freshKeysOf(plan)],
  );
  return { results: plan.results, ...(registering ? { segment: table } : {}) };
}
