import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Backend } from './backend.ts';
import { InvalidInputError } from './errors.ts';
import type { Database } from './schema.ts';
import { dayKey } from './time.ts';
import type { LogSegment } from './types.ts';

/** Segment table name for a `yyyymmdd` day. */
export type SegmentName = `event_log_${string}`;

/**
 * The segment table of a UTC day.
 *
 * @example
 * segmentName('20250131'); // 'event_log_20250131'
 */
export function segmentName(day: string): SegmentName {
  if (!/^\d{8}$/.test(day)) throw new InvalidInputError(`segment day must be yyyymmdd, got ${JSON.stringify(day)}`);
  return `event_log_${day}`;
}

/**
 * The DDL of a segment table and its (partition, seq) index, compiled for the backend.
 *
 * @example
 * for (const q of segmentDdl(backend, 'event_log_20250131')) await db.executeQuery(q);
 */
export function segmentDdl(backend: Backend, name: SegmentName): CompiledQuery[] {
  const table = backend.db.schema
    .createTable(name)
    .ifNotExists()
    .addColumn('seq', backend.seqType, (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('partition', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('last_seq', backend.seqType)
    .addColumn('events', 'text');
  const index = backend.db.schema.createIndex(`${name}_partition_seq`).ifNotExists().on(name).columns(['partition', 'seq']);
  return [table.compile(), index.compile()];
}

/**
 * Takes the log-head row lock (the first statement of every log write). On PostgreSQL the lock
 * is held until COMMIT, so log writers on every host commit one after another in seq order.
 *
 * @example
 * const head = await lockHead(trx); // last assigned seq
 */
export async function lockHead(trx: Transaction<Database>): Promise<number> {
  const r = await trx.updateTable('log_head').set({ seq: sql<number>`seq` }).where('id', '=', 1).returning('seq').executeTakeFirstOrThrow();
  return Number(r.seq);
}

/**
 * All segments, oldest day first.
 *
 * @example
 * await listSegments(db); // [{ name: 'event_log_20250131', day: '20250131', minSeq: 1, maxSeq: 9 }]
 */
export async function listSegments(db: Kysely<Database>): Promise<LogSegment[]> {
  const rows = await db.selectFrom('log_segments').selectAll().orderBy('day').execute();
  return rows.map((r) => ({ name: r.name, day: r.day, minSeq: Number(r.min_seq), maxSeq: Number(r.max_seq) }));
}

/**
 * Drops every segment whose UTC day is before the day of `before` (retention). Returns the names.
 *
 * @example
 * await dropSegmentsBefore(db, new Date(Date.now() - 7 * 86400_000));
 */
export async function dropSegmentsBefore(db: Kysely<Database>, before: Date | string): Promise<string[]> {
  const cutoff = dayKey(before);
  return db.transaction().execute(async (trx) => {
    await lockHead(trx);
    const old = await trx.selectFrom('log_segments').select('name').where('day', '<', cutoff).orderBy('day').execute();
    for (const { name } of old) {
      await trx.deleteFrom('log_segments').where('name', '=', name).execute();
      await trx.schema.dropTable(segmentName(name.slice('event_log_'.length))).ifExists().execute();
    }
    return old.map((r) => r.name);
  });
}
