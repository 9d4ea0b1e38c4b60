import type { DeliveryStore, Store } from '@junction/store';
import { OUTCOMES, type Outcome } from './metrics-recorder.ts';

/**
 * Delivery metrics of one destination over a window: the data behind Event Delivery and
 * Workspace Health.
 *
 * @example
 * const s: DeliverySummary = await readDeliverySummary(store, delivery, { destinationId, from, to });
 * s.outcomes.delivered; s.errors[0]; s.latencyMs.p95; s.backlog.count;
 */
export interface DeliverySummary {
  outcomes: Record<Outcome, number>;
  /** Counts per outcome × error code, largest first. */
  errors: Array<{ outcome: Outcome; errorCode: string; count: number }>;
  /** Per minute and outcome. */
  series: Array<{ minute: string; outcome: Outcome; errorCode: string; count: number }>;
  /** Receipt → partner acknowledgement, from histogram buckets (upper bounds), undefined when empty. */
  latencyMs: { p50: number | undefined; p95: number | undefined; p99: number | undefined; count: number };
  /** Events not yet resolved: past the cursors plus in the retry queue. */
  backlog: { count: number; oldestAgeMs: number | undefined };
}

/**
 * A percentile from histogram buckets (ascending upper bounds; -1 = overflow counts as +∞).
 *
 * @example
 * percentileFromBuckets([{ bucket: 100, count: 9 }, { bucket: 1000, count: 1 }], 0.95); // 1000
 */
export function percentileFromBuckets(buckets: ReadonlyArray<{ bucket: number; count: number }>, p: number): number | undefined {
  const merged = new Map<number, number>();
  for (const b of buckets) merged.set(b.bucket, (merged.get(b.bucket) ?? 0) + b.count);
  const sorted = [...merged].sort((a, b) => (a[0] === -1 ? 1 : b[0] === -1 ? -1 : a[0] - b[0]));
  const total = sorted.reduce((s, [, c]) => s + c, 0);
  if (total === 0) return undefined;
  let seen = 0;
  for (const [bound, count] of sorted) {
    seen += count;
    if (seen >= p * total) return bound === -1 ? Number.POSITIVE_INFINITY : bound;
  }
  return undefined;
}

/**
 * Reads a destination's delivery summary for `from ≤ minute < to` (ISO-8601) plus its current backlog.
 *
 * @example
 * await readDeliverySummary(store, openDeliveryStore(store), { destinationId, from: '2025-01-31T00:00:00Z', to: new Date().toISOString() });
 */
export async function readDeliverySummary(
  store: Store,
  delivery: DeliveryStore,
  q: { destinationId: string; from: string; to: string; now?: number },
): Promise<DeliverySummary> {
  const from = new Date(q.from).toISOString();
  const to = new Date(q.to).toISOString();
  const rows = await delivery.metrics.counts(q.destinationId, from, to);
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const errors = new Map<string, { outcome: Outcome; errorCode: string; count: number }>();
  for (const r of rows) {
    const outcome = r.outcome as Outcome;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + r.count;
    if (r.errorCode === '') continue;
    const key = `${outcome}|${r.errorCode}`;
    const e = errors.get(key) ?? { outcome, errorCode: r.errorCode, count: 0 };
    e.count += r.count;
    errors.set(key, e);
  }
  const buckets = await delivery.metrics.latency(q.destinationId, from, to);
  const destination = await store.destinations.get(q.destinationId);
  const cursors = await delivery.cursors.list(q.destinationId);
  const pending = destination
    ? await delivery.log.pending(destination.sourceId, new Map(cursors.map((c) => [c.partition, c.seq])))
    : { count: 0, oldestReceivedAt: undefined };
  const retrying = await delivery.retries.backlog(q.destinationId);
  const oldest = [pending.oldestReceivedAt, retrying.oldestReceivedAt].filter((x): x is string => x !== undefined).sort()[0];
  return {
    outcomes,
    errors: [...errors.values()].sort((a, b) => b.count - a.count),
    series: rows.map((r) => ({ minute: r.minute, outcome: r.outcome as Outcome, errorCode: r.errorCode, count: r.count })),
    latencyMs: {
      p50: percentileFromBuckets(buckets, 0.5),
      p95: percentileFromBuckets(buckets, 0.95),
      p99: percentileFromBuckets(buckets, 0.99),
      count: buckets.reduce((s, b) => s + b.count, 0),
    },
    backlog: { count: pending.count + retrying.count, oldestAgeMs: oldest ? Math.max(0, (q.now ?? Date.now()) - Date.parse(oldest)) : undefined },
  };
}
