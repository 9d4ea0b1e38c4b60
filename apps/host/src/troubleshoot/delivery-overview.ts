import { readDeliverySummary } from '@junction/engine';
import type { DeliveryStore, Store } from '@junction/store';
import { bucketStart, bucketTimes, type DeliveryWindow } from './delivery-window.ts';
import { splitCode } from './event-delivery-view.ts';

/** The destination-side steps of Segment's Delivery Overview served by Junction, and the outcomes each counts. */
export const OVERVIEW_STEPS = {
  'successful-delivery': ['delivered'],
  'failed-delivery': ['failed'],
  'filtered-at-destination': ['filtered', 'discarded'],
} as const;

/**
 * One of {@link OVERVIEW_STEPS}.
 *
 * @example
 * const step: OverviewStep = 'failed-delivery';
 */
export type OverviewStep = keyof typeof OVERVIEW_STEPS;

/**
 * Segment's `DeliveryOverviewMetricsDataset`: one group's total and per-bucket series.
 *
 * @example
 * const d: OverviewDataset = { discardReason: 'PAYLOAD_REJECTED', total: 3, series: [{ time: '2025-01-31T12:00:00.000Z', count: 3 }] };
 */
export interface OverviewDataset {
  discardReason?: string;
  total: number;
  series: Array<{ time: string; count: number; retryCount?: number }>;
  totalRetryCount?: number;
}

/** A parameter the overview cannot honour; `field` names it. */
export class OverviewParamError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'OverviewParamError';
    this.field = field;
  }
}

/**
 * Query of {@link deliveryOverview}. Junction's delivery metrics are kept per destination × minute ×
 * outcome × code, so `discardReason` (the error code or filter reason) is the only dimension.
 *
 * @example
 * const q: OverviewQuery = { step: 'failed-delivery', destinationId, window, groupBy: ['discardReason'], discardReasons: undefined };
 */
export interface OverviewQuery {
  step: OverviewStep;
  destinationId: string;
  window: DeliveryWindow;
  groupBy: readonly string[];
  /** Only these codes (Segment's `filter.discardReason`). */
  discardReasons: readonly string[] | undefined;
}

/**
 * The numbers of one Delivery Overview step for a destination, from the same metrics as Event
 * Delivery: `{ total, dataset }` with one dataset per discard reason when grouped, else one. On
 * `failed-delivery`, `retryCount` holds the retried attempts of each bucket.
 *
 * @example
 * const { total, dataset } = await deliveryOverview(store, delivery, { step: 'successful-delivery', destinationId, window, groupBy: [], discardReasons: undefined });
 */
export async function deliveryOverview(store: Store, delivery: DeliveryStore, q: OverviewQuery): Promise<{ total: number; dataset: OverviewDataset[] }> {
  for (const g of q.groupBy) {
    if (g !== 'discardReason') throw new OverviewParamError('groupBy', `groupBy "${g}" is not available: Junction records delivery metrics per error code (discardReason) only`);
  }
  const grouped = q.groupBy.includes('discardReason');
  const outcomes: readonly string[] = OVERVIEW_STEPS[q.step];
  const summary = await readDeliverySummary(store, delivery, { destinationId: q.destinationId, from: q.window.from, to: q.window.to });
  const times = bucketTimes(q.window);
  const groups = new Map<string, { counts: Map<string, number> }>();
  const group = (key: string) => {
    const g = groups.get(key) ?? { counts: new Map<string, number>() };
    groups.set(key, g);
    return g;
  };
  const retriesByBucket = new Map<string, number>();
  for (const row of summary.series) {
    const time = bucketStart(Date.parse(row.minute), q.window.granularity);
    const { code } = splitCode(row.errorCode);
    if (q.discardReasons && !q.discardReasons.includes(code)) continue;
    if (row.outcome === 'retried') retriesByBucket.set(time, (retriesByBucket.get(time) ?? 0) + row.count);
    if (!outcomes.includes(row.outcome)) continue;
    const g = group(grouped ? code : '');
    g.counts.set(time, (g.counts.get(time) ?? 0) + row.count);
  }
  if (!grouped && groups.size === 0) group('');
  const withRetries = q.step === 'failed-delivery';
  const dataset = [...groups].map(([key, g]) => {
    const series = times.map((time) => ({ time, count: g.counts.get(time) ?? 0, ...(withRetries && !grouped ? { retryCount: retriesByBucket.get(time) ?? 0 } : {}) }));
    const total = series.reduce((s, p) => s + p.count, 0);
    const totalRetryCount = withRetries && !grouped ? series.reduce((s, p) => s + (p.retryCount ?? 0), 0) : undefined;
    return { ...(grouped ? { discardReason: key } : {}), total, series, ...(totalRetryCount === undefined ? {} : { totalRetryCount }) };
  });
  dataset.sort((a, b) => b.total - a.total);
  return { total: dataset.reduce((s, d) => s + d.total, 0), dataset };
}
