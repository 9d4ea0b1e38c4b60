import type { DeliveryStore, LatencyCount, MetricCount } from '@junction/store';

/** Outcomes counted per destination × error code × minute. */
export const OUTCOMES = ['delivered', 'retried', 'failed', 'filtered', 'discarded'] as const;

/**
 * One of {@link OUTCOMES}.
 *
 * @example
 * const o: Outcome = 'retried';
 */
export type Outcome = (typeof OUTCOMES)[number];

/** Upper bounds (ms) of the latency histogram buckets; above the last → bucket -1. */
export const LATENCY_BUCKETS_MS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 300_000, 1_800_000, 3_600_000, 14_400_000] as const;

/**
 * The bucket (upper bound in ms, -1 for overflow) of a latency.
 *
 * @example
 * latencyBucket(120); // 250
 */
export function latencyBucket(ms: number): number {
  for (const b of LATENCY_BUCKETS_MS) if (ms <= b) return b;
  return -1;
}

/**
 * In-memory aggregation of delivery metrics, flushed to the store periodically (summing upserts).
 *
 * @example
 * const rec = createMetricsRecorder(Date.now);
 * rec.record(destinationId, 'delivered', '', 1, 120);
 * await rec.flush(delivery);
 */
export interface MetricsRecorder {
  record(destinationId: string, outcome: Outcome, errorCode: string, count: number, latencyMs?: number): void;
  flush(delivery: DeliveryStore): Promise<void>;
  /** Counts recorded since start, per outcome (for status and tests). */
  totals(): Record<Outcome, number>;
}

/**
 * Creates a {@link MetricsRecorder} using `clock` (epoch ms) for minutes.
 *
 * @example
 * const rec = createMetricsRecorder(() => Date.now());
 */
export function createMetricsRecorder(clock: () => number): MetricsRecorder {
  let counts = new Map<string, MetricCount>();
  let latency = new Map<string, LatencyCount>();
  const totals: Record<Outcome, number> = { delivered: 0, retried: 0, failed: 0, filtered: 0, discarded: 0 };
  let minuteAt = Number.NaN;
  let minuteIso = '';
  // The last entries touched: a chunk records the same destination/outcome/code again and again,
  // so most calls skip building the key string and the map lookup.
  let last: MetricCount | undefined;
  let lastLatency: { destinationId: string; minute: string; buckets: Map<number, LatencyCount> } | undefined;
  return {
    record(destinationId, outcome, errorCode, count, latencyMs) {
      // One ISO string per minute, not one per recorded event.
      const m = Math.floor(clock() / 60_000);
      if (m !== minuteAt) {
        minuteAt = m;
        minuteIso = new Date(m * 60_000).toISOString();
      }
      const minute = minuteIso;
      totals[outcome] += count;
      if (last && last.destinationId === destinationId && last.minute === minute && last.outcome === outcome && last.errorCode === errorCode) last.count += count;
      else {
        const key = `${destinationId}|${minute}|${outcome}|${errorCode}`;
        let c = counts.get(key);
        if (c) c.count += count;
        else {
          c = { destinationId, minute, outcome, errorCode, count };
          counts.set(key, c);
        }
        last = c;
      }
      if (latencyMs !== undefined) {
        const bucket = latencyBucket(latencyMs);
        if (!lastLatency || lastLatency.destinationId !== destinationId || lastLatency.minute !== minute) lastLatency = { destinationId, minute, buckets: new Map() };
        let l = lastLatency.buckets.get(bucket);
        if (!l) {
          const lk = `${destinationId}|${minute}|${bucket}`;
          l = latency.get(lk);
          if (!l) {
            l = { destinationId, minute, bucket, count: 0 };
            latency.set(lk, l);
          }
          lastLatency.buckets.set(bucket, l);
        }
        l.count += count;
      }
    },
    async flush(delivery) {
      if (counts.size === 0 && latency.size === 0) return;
      const c = counts;
      const l = latency;
      counts = new Map();
      latency = new Map();
      last = undefined;
      lastLatency = undefined;
      try {
        await delivery.metrics.add([...c.values()], [...l.values()]);
      } catch (err) {
        // keep them for the next flush
        for (const [k, v] of c) {
          const cur = counts.get(k);
          if (cur) cur.count += v.count;
          else counts.set(k, v);
        }
        for (const [k, v] of l) {
          const cur = latency.get(k);
          if (cur) cur.count += v.count;
          else latency.set(k, v);
        }
        throw err;
      }
    },
    totals: () => ({ ...totals }),
  };
}
