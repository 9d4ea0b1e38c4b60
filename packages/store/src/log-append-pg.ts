import { sql } from 'kysely';
import type { Backend } from './backend.ts';
import { type AppendJob, dedupeKey, keySetCheck, planBatch, type WriteBatchOptions } from './log-append.ts';
import { ensureSegment, lockHead } from './log-segments.ts';
import { dayKey } from './time.ts';
import type { AppendResult } from './types.ts';

/**
 * The PostgreSQL batch write: five statements whatever the batch size (array parameters with
 * `= ANY` and `unnest` instead of long VALUES lists). The head row lock, taken first and held to
 * COMMIT, makes writers on all hosts commit in seq order.
 *
 * @example
 * await writeBatchPostgres(backend, jobs, { dedupeWindowMs: 86_400_000, clock: Date.now });
 */
export function writeBatchPostgres(backend: Backend, jobs: AppendJob[], opts: WriteBatchOptions): Promise<AppendResult[][]> {
  return backend.db.transaction().execute(async (trx) => {
    const head = await lockHead(trx);
    const nowMs = opts.clock();
    const now = new Date(nowMs).toISOString();
    const cutoff = new Date(nowMs - opts.dedupeWindowMs).toISOString();
    const keys = [...new Set(jobs.flatMap((j) => j.events.map((e) => dedupeKey(j.sourceId, e.messageId))))];
    const found = await trx.selectFrom('dedupe').select('key').where(sql<boolean>`key = ANY(${keys}::text[])`).where('seen_at', '>=', cutoff).execute();
    const plan = planBatch(jobs, head, keySetCheck(new Set(found.map((r) => r.key))), now);
    const { rows } = plan;
    if (rows.length === 0) return plan.results;
    const table = await ensureSegment(backend, trx, dayKey(now), rows[0]!.seq, plan.head);
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    await sql`INSERT INTO ${sql.table(table)} (seq, last_seq, workspace_id, source_id, partition, message_id, type, received_at, payload, events)
      SELECT * FROM unnest(${col('seq')}::bigint[], ${col('last_seq')}::bigint[], ${col('workspace_id')}::text[], ${col('source_id')}::text[],
        ${col('partition')}::int[], ${col('message_id')}::text[], ${col('type')}::text[], ${col('received_at')}::text[],
        ${col('payload')}::text[], ${col('events')}::text[])`.execute(trx);
    await sql`INSERT INTO dedupe (key, seen_at) SELECT k, ${now} FROM unnest(${plan.freshSources.map((src, i) => dedupeKey(src, plan.freshIds[i]!))}::text[]) AS k
      ON CONFLICT (key) DO UPDATE SET seen_at = EXCLUDED.seen_at`.execute(trx);
    await trx.updateTable('log_head').set({ seq: plan.head }).where('id', '=', 1).execute();
    return plan.results;
  });
}
