import { type Kysely, sql } from 'kysely';
import type { DeliveryDatabase } from './delivery-schema.ts';

/**
 * A count of deliveries of one destination in one minute with one outcome and error code.
 *
 * @example
 * const m: MetricCount = { destinationId, minute: '2025-01-31T12:03:00.000Z', outcome: 'failed', errorCode: 'PAYLOAD_REJECTED', count: 3 };
 */
export interface MetricCount {
  destinationId: string;
  /** Start of the minute, ISO-8601 UTC. */
  minute: string;
  /** delivered | retried | failed | filtered | discarded */
  outcome: string;
  /** '' when none (delivered), else an error code or a discard reason. */
  errorCode: string;
  count: number;
}

/**
 * A latency histogram bucket: `bucket` is its upper bound in ms (-1 = above every bound).
 *
 * @example
 * const b: LatencyCount = { destinationId, minute, bucket: 250, count: 17 };
 */
export interface LatencyCount {
  destinationId: string;
  minute: string;
  bucket: number;
  count: number;
}

/** Delivery metrics storage. */
export interface MetricsRepo {
  /** Adds counts (upsert, summing). */
  add(counts: readonly MetricCount[], latency: readonly LatencyCount[]): Promise<void>;
  /** Counts of a destination with `from ≤ minute < to` (ISO). */
  counts(destinationId: string, from: string, to: string): Promise<MetricCount[]>;
  latency(destinationId: string, from: string, to: string): Promise<LatencyCount[]>;
}

/**
 * Metrics repository over a Kysely instance.
 *
 * @example
 * await metricsRepo(ddb).add([{ destinationId, minute, outcome: 'delivered', errorCode: '', count: 10 }], []);
 */
export function metricsRepo(db: Kysely<DeliveryDatabase>): MetricsRepo {
  return {
    async add(counts, latency) {
      if (counts.length === 0 && latency.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < counts.length; i += 200) {
          await trx
            .insertInto('delivery_metrics')
            .values(counts.slice(i, i + 200).map((c) => ({ destination_id: c.destinationId, minute: c.minute, outcome: c.outcome, error_code: c.errorCode, count: c.count })))
            .onConflict((oc) =>
              oc.columns(['destination_id', 'minute', 'outcome', 'error_code']).doUpdateSet({ count: sql<number>`delivery_metrics.count + excluded.count` }),
            )
            .execute();
        }
        for (let i = 0; i < latency.length; i += 200) {
          await trx
            .insertInto('delivery_latency')
            .values(latency.slice(i, i + 200).map((c) => ({ destination_id: c.destinationId, minute: c.minute, bucket: c.bucket, count: c.count })))
            .onConflict((oc) => oc.columns(['destination_id', 'minute', 'bucket']).doUpdateSet({ count: sql<number>`delivery_latency.count + excluded.count` }))
            .execute();
        }
      });
    },
    async counts(destinationId, from, to) {
      const rows = await db
        .selectFrom('delivery_metrics')
        .selectAll()
        .where('destination_id', '=', destinationId)
        .where('minute', '>=', from)
        .where('minute', '<', to)
        .orderBy('minute')
        .execute();
      return rows.map((r) => ({ destinationId: r.destination_id, minute: r.minute, outcome: r.outcome, errorCode: r.error_code, count: Number(r.count) }));
    },
    async latency(destinationId, from, to) {
      const rows = await db
        .selectFrom('delivery_latency')
        .selectAll()
        .where('destination_id', '=', destinationId)
        .where('minute', '>=', from)
        .where('minute', '<', to)
        .orderBy('minute')
        .execute();
      return rows.map((r) => ({ destinationId: r.destination_id, minute: r.minute, bucket: Number(r.bucket), count: Number(r.count) }));
    },
  };
}
