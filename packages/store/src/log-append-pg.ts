import pg from 'pg';
import type { Backend } from './backend.ts';
import { type AppendJob, dedupeKey, keySetCheck, planBatch, type WriteBatchOptions } from './log-append.ts';
import { type SegmentName, segmentDdl, segmentName } from './log-segments.ts';
import { dayKey } from './time.ts';
import type { AppendResult } from './types.ts';

/** Segment tables this process created or found, per backend: their rows go in with the one write statement. */
const knownSegments = new WeakMap<Backend, Set<SegmentName>>();

/** PostgreSQL's "undefined_table": a known segment was dropped (retention) since. */
const UNDEFINED_TABLE = '42P01';

/**
 * The PostgreSQL batch write, in three round trips whatever the batch size:
 *
 * 1. `BEGIN`, the log-head row lock and the duplicate lookup, as one multi-statement text (the
 *    keys are quoted by pg's `escapeLiteral`). Each statement takes its own snapshot, so the lookup
 *    sees every batch committed by other hosts before the lock was granted.
 * 2. One statement with data-modifying CTEs: the segment registration, the rows (`unnest` of array
 *    parameters), the new dedupe keys and the new head.
 * 3. `COMMIT`.
 *
 * The head row lock, held to COMMIT, makes writers on all hosts commit in seq order. The first
 * batch of a day (per process) registers its segment and creates the table first.
 *
 * @example
 * await writeBatchPostgres(backend, jobs, { dedupeWindowMs: 86_400_000, clock: Date.now });
 */
export async function writeBatchPostgres(backend: Backend, jobs: AppendJob[], opts: WriteBatchOptions): Promise<AppendResult[][]> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await backend.withPgClient!(async (client): Promise<{ ok: true; results: AppendResult[][] } | { ok: false; error: unknown }> => {
      try {
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
  const list = keys.length > 0 ? `ARRAY[${keys.map((k) => pg.escapeLiteral(k)).join(',')}]` : `'{}'`;
  const opened = (await client.query(
    `BEGIN ISOLATION LEVEL READ COMMITTED; UPDATE log_head SET seq = seq WHERE id = 1 RETURNING seq; SELECT key FROM dedupe WHERE key = ANY(${list}::text[]) AND seen_at >= ${pg.escapeLiteral(cutoff)}`,
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
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  const freshKeys = plan.freshSources.map((src, i) => dedupeKey(src, plan.freshIds[i]!));
  await client.query(
    `WITH seg AS (${REGISTER_SEGMENT}),
      ev AS (INSERT INTO "${table}" (seq, last_seq, workspace_id, source_id, partition, message_id, type, received_at, payload, events)
        SELECT * FROM unnest($6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::int[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])),
      dd AS (INSERT INTO dedupe (key, seen_at) SELECT k, $5 FROM unnest($16::text[]) AS k ON CONFLICT (key) DO UPDATE SET seen_at = EXCLUDED.seen_at)
    UPDATE log_head SET seq = $4 WHERE id = 1`,
    [
      table, day, first, plan.head, now,
      col('seq'), col('last_seq'), col('workspace_id'), col('source_id'), col('partition'),
      col('message_id'), col('type'), col('received_at'), col('payload'), col('events'),
      freshKeys,
    ],
  );
  return { results: plan.results, ...(registering ? { segment: table } : {}) };
}
