import { type Kysely, sql } from 'kysely';
import type { HealthTables } from './ingest-metrics-schema.ts';
import type { Database } from './schema.ts';

/** What an ingest count counts: events accepted, events rejected (with a reason), or tracking API requests. */
export type IngestOutcome = 'accepted' | 'rejected' | 'api_call';

/**
 * Ingest count of one source in one minute (`minute`: start of the minute, ISO-8601 UTC).
 *
 * @example
 * const c: IngestCount = { sourceId, minute: '2026-01-31T12:03:00.000Z', outcome: 'rejected', reason: 'event_not_defined', count: 2 };
 */
export interface IngestCount {
  sourceId: string;
  minute: string;
  outcome: IngestOutcome;
  /** '' unless rejected. */
  reason: string;
  count: number;
}

/**
 * Accepted events of one source, minute, type and event name (track `event`, page/screen `name`, else '').
 *
 * @example
 * const v: VolumeCount = { sourceId, minute, eventType: 'track', eventName: 'Order Completed', count: 12 };
 */
export interface VolumeCount {
  sourceId: string;
  minute: string;
  eventType: string;
  eventName: string;
  count: number;
}

/**
 * One id seen by a source on a UTC day (`YYYY-MM-DD`), hashed. `linked`: an anonymousId seen in
 * an event that also carried a userId.
 *
 * @example
 * const t: TrackedId = { sourceId, day: '2026-01-31', kind: 'anonymous', idHash: '9f86d081884c7d65', linked: false };
 */
export interface TrackedId {
  sourceId: string;
  day: string;
  kind: 'user' | 'anonymous';
  idHash: string;
  linked: boolean;
}

/**
 * Cumulative-MTU building block: how many ids were first seen on `firstDay` (and, for anonymous
 * ids, first linked to a userId on `firstLinkedDay`). `sourceId` is '' when not grouped by source.
 *
 * @example
 * const g: MtuGroup = { sourceId: '', kind: 'anonymous', firstDay: '2026-01-02', firstLinkedDay: null, count: 40 };
 */
export interface MtuGroup {
  sourceId: string;
  kind: 'user' | 'anonymous';
  firstDay: string;
  firstLinkedDay: string | null;
  count: number;
}

/** Ingest metrics storage (tables `ingest_metrics`, `ingest_volume`, `ingest_mtu`). */
export interface IngestMetricsRepo {
  /** Adds counts (upsert, summing) and ids (insert-or-ignore; `linked` only ever goes 0 → 1), in one transaction. */
  add(batch: { counts?: readonly IngestCount[]; volume?: readonly VolumeCount[]; ids?: readonly TrackedId[] }): Promise<void>;
  /** Totals per source × outcome × reason for `from ≤ minute < to`. */
  totals(sourceIds: readonly string[], from: string, to: string): Promise<Array<Omit<IngestCount, 'minute'>>>;
  /** Per source and UTC day (`YYYY-MM-DD`) totals of one outcome for `fromDay ≤ day < toDay`. */
  daily(outcome: IngestOutcome, sourceIds: readonly string[], fromDay: string, toDay: string): Promise<Array<{ sourceId: string; day: string; count: number }>>;
  /** Volume rows for `from ≤ minute < to`. */
  volume(sourceIds: readonly string[], from: string, to: string): Promise<VolumeCount[]>;
  /** Distinct ids of `fromDay ≤ day < toDay` grouped by first day seen (per source or across them). */
  mtu(sourceIds: readonly string[], fromDay: string, toDay: string, bySource: boolean): Promise<MtuGroup[]>;
  /** Deletes counts before `beforeMinute` and ids before `beforeDay`; returns rows deleted. */
  prune(beforeMinute: string, beforeDay: string): Promise<number>;
}

const CHUNK = 200;

/**
 * Ingest metrics over a store's database (migration `0006_health`).
 *
 * @example
 * const repo = ingestMetricsRepo(store.db);
 * await repo.add({ counts: [{ sourceId, minute, outcome: 'api_call', reason: '', count: 1 }] });
 */
export function ingestMetricsRepo(db: Kysely<Database>): IngestMetricsRepo {
  const t = db as unknown as Kysely<HealthTables>;
  return {
    async add({ counts = [], volume = [], ids = [] }) {
      if (counts.length + volume.length + ids.length === 0) return;
      await t.transaction().execute(async (trx) => {
        for (let i = 0; i < counts.length; i += CHUNK) {
          await trx
            .insertInto('ingest_metrics')
            .values(counts.slice(i, i + CHUNK).map((c) => ({ source_id: c.sourceId, minute: c.minute, outcome: c.outcome, reason: c.reason, count: c.count })))
            .onConflict((oc) => oc.columns(['source_id', 'minute', 'outcome', 'reason']).doUpdateSet({ count: sql`ingest_metrics.count + excluded.count` }))
            .execute();
        }
        for (let i = 0; i < volume.length; i += CHUNK) {
          await trx
            .insertInto('ingest_volume')
            .values(volume.slice(i, i + CHUNK).map((v) => ({ source_id: v.sourceId, minute: v.minute, event_type: v.eventType, event_name: v.eventName, count: v.count })))
            .onConflict((oc) => oc.columns(['source_id', 'minute', 'event_type', 'event_name']).doUpdateSet({ count: sql`ingest_volume.count + excluded.count` }))
            .execute();
        }
        const row = (x: TrackedId) => ({ source_id: x.sourceId, day: x.day, kind: x.kind, id_hash: x.idHash, linked: x.linked ? 1 : 0 });
        const plain = ids.filter((x) => !x.linked).map(row);
        const linked = ids.filter((x) => x.linked).map(row);
        for (let i = 0; i < plain.length; i += CHUNK) {
          await trx.insertInto('ingest_mtu').values(plain.slice(i, i + CHUNK)).onConflict((oc) => oc.doNothing()).execute();
        }
        for (let i = 0; i < linked.length; i += CHUNK) {
          await trx
            .insertInto('ingest_mtu')
            .values(linked.slice(i, i + CHUNK))
            .onConflict((oc) => oc.columns(['source_id', 'day', 'kind', 'id_hash']).doUpdateSet({ linked: 1 }).where('ingest_mtu.linked', '=', 0))
            .execute();
        }
      });
    },
    async totals(sourceIds, from, to) {
      if (sourceIds.length === 0) return [];
      const rows = await t
        .selectFrom('ingest_metrics')
        .select(['source_id', 'outcome', 'reason', sql<string>`sum(count)`.as('total')])
        .where('source_id', 'in', [...sourceIds])
        .where('minute', '>=', from)
        .where('minute', '<', to)
        .groupBy(['source_id', 'outcome', 'reason'])
        .execute();
      return rows.map((r) => ({ sourceId: r.source_id, outcome: r.outcome as IngestOutcome, reason: r.reason, count: Number(r.total) }));
    },
    async daily(outcome, sourceIds, fromDay, toDay) {
      if (sourceIds.length === 0) return [];
      const day = sql<string>`substr(minute, 1, 10)`;
      const rows = await t
        .selectFrom('ingest_metrics')
        .select(['source_id', day.as('day'), sql<string>`sum(count)`.as('total')])
        .where('source_id', 'in', [...sourceIds])
        .where('outcome', '=', outcome)
        .where('minute', '>=', fromDay)
        .where('minute', '<', toDay)
        .groupBy(['source_id', day])
        .orderBy(day)
        .execute();
      return rows.map((r) => ({ sourceId: r.source_id, day: r.day, count: Number(r.total) }));
    },
    async volume(sourceIds, from, to) {
      if (sourceIds.length === 0) return [];
      const rows = await t
        .selectFrom('ingest_volume')
        .selectAll()
        .where('source_id', 'in', [...sourceIds])
        .where('minute', '>=', from)
        .where('minute', '<', to)
        .orderBy('minute')
        .execute();
      return rows.map((r) => ({ sourceId: r.source_id, minute: r.minute, eventType: r.event_type, eventName: r.event_name, count: Number(r.count) }));
    },
    async mtu(sourceIds, fromDay, toDay, bySource) {
      if (sourceIds.length === 0) return [];
      const src = bySource ? sql`source_id` : sql`''`;
      const group = bySource ? sql`source_id, kind, id_hash` : sql`kind, id_hash`;
      const rows = await sql<{ source_id: string; kind: string; first_day: string; first_linked_day: string | null; n: string | number }>`
        SELECT source_id, kind, first_day, first_linked_day, count(*) AS n FROM (
          SELECT ${src} AS source_id, kind, id_hash, min(day) AS first_day, min(CASE WHEN linked = 1 THEN day END) AS first_linked_day
          FROM ingest_mtu
          WHERE source_id IN (${sql.join([...sourceIds])}) AND day >= ${fromDay} AND day < ${toDay}
          GROUP BY ${group}
        ) ids GROUP BY source_id, kind, first_day, first_linked_day`.execute(t);
      return rows.rows.map((r) => ({ sourceId: r.source_id, kind: r.kind as MtuGroup['kind'], firstDay: r.first_day, firstLinkedDay: r.first_linked_day, count: Number(r.n) }));
    },
    async prune(beforeMinute, beforeDay) {
      const a = await t.deleteFrom('ingest_metrics').where('minute', '<', beforeMinute).executeTakeFirst();
      const b = await t.deleteFrom('ingest_volume').where('minute', '<', beforeMinute).executeTakeFirst();
      const c = await t.deleteFrom('ingest_mtu').where('day', '<', beforeDay).executeTakeFirst();
      return Number(a.numDeletedRows) + Number(b.numDeletedRows) + Number(c.numDeletedRows);
    },
  };
}
