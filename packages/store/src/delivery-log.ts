import { type Kysely, sql } from 'kysely';
import type { DeliveryDatabase } from './delivery-schema.ts';
import { isMissingTable } from './errors.ts';
import type { SegmentName } from './log-segments.ts';
import { MAX_RUN_EVENTS } from './log-runs.ts';
import { dayKey } from './time.ts';

/** Positions and backlog in the event log, for cursors. */
export interface LogPositionRepo {
  /**
   * The cursor position that starts reading at the first event received at or after `at`
   * (that event's seq − 1; the log head when there is none).
   */
  cursorAtTime(at: string): Promise<number>;
  /** Events of `sourceId` past each partition's cursor: count and oldest receipt time. */
  pending(sourceId: string, cursors: ReadonlyMap<number, number>): Promise<{ count: number; oldestReceivedAt: string | undefined }>;
}

/**
 * Log position helpers over a Kysely instance.
 *
 * @example
 * const start = await logPositionRepo(ddb).cursorAtTime(destination.createdAt);
 */
export function logPositionRepo(db: Kysely<DeliveryDatabase>): LogPositionRepo {
  const head = async () => Number((await db.selectFrom('log_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow()).seq);
  return {
    async cursorAtTime(at) {
      const when = new Date(at);
      if (Number.isNaN(when.getTime())) throw new RangeError(`cursorAtTime: not a valid timestamp: ${JSON.stringify(at)}`);
      const iso = when.toISOString();
      const top = await head();
      const segments = await db.selectFrom('log_segments').select('name').where('day', '>=', dayKey(when)).execute();
      let first: number | undefined;
      for (const s of segments) {
        try {
          const r = await db
            .selectFrom(s.name as SegmentName)
            .select((eb) => eb.fn.min('seq').as('seq'))
            .where('received_at', '>=', iso)
            .executeTakeFirst();
          const seq = r?.seq === null || r?.seq === undefined ? undefined : Number(r.seq);
          if (seq !== undefined && (first === undefined || seq < first)) first = seq;
        } catch (err) {
          if (!isMissingTable(err)) throw err;
        }
      }
      return first === undefined ? top : Math.min(first - 1, top);
    },
    async pending(sourceId, cursors) {
      if (cursors.size === 0) return { count: 0, oldestReceivedAt: undefined };
      const low = Math.min(...cursors.values());
      const segments = await db.selectFrom('log_segments').select('name').where('max_seq', '>', low).execute();
      let count = 0;
      let oldest: string | undefined;
      for (const s of segments) {
        try {
          // Rows are runs (log-runs.ts): count the events of each run past its partition's cursor.
          const cur = sql<number>`CASE partition ${sql.join(
            [...cursors].map(([p, seq]) => sql`WHEN ${p} THEN CAST(${seq} AS bigint)`),
            sql` `,
          )} END`;
          const r = await db
            .selectFrom(s.name as SegmentName)
            .select([
              sql<number>`coalesce(sum(coalesce(last_seq, seq) - CASE WHEN seq > ${cur} THEN seq - 1 ELSE ${cur} END), 0)`.as('n'),
              sql<string | null>`min(received_at)`.as('oldest'),
            ])
            .where('source_id', '=', sourceId)
            .where((eb) =>
              eb.or(
                [...cursors].map(([p, seq]) =>
                  eb.and([eb('partition', '=', p), eb('seq', '>', seq - MAX_RUN_EVENTS), eb(sql<number>`coalesce(last_seq, seq)`, '>', seq)]),
                ),
              ),
            )
            .executeTakeFirst();
          count += Number(r?.n ?? 0);
          const o = r?.oldest as string | null | undefined;
          if (o && (oldest === undefined || o < oldest)) oldest = o;
        } catch (err) {
          if (!isMissingTable(err)) throw err;
        }
      }
      return { count, oldestReceivedAt: oldest };
    },
  };
}
