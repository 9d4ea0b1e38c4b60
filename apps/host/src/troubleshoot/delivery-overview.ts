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
 * One metrics row the overview counts: a minute, an outcome, a code (error code, filter reason or
 * ingest rejection reason; '' when none) and a count.
 *
 * @example
 * const r: OverviewRow = { minute: '2025-01-31T12:03:00.000Z', outcome: 'rejected', code: 'event_not_defined', count: 2 };
 */
export interface OverviewRow {
  minute: string;
  outcome: string;
  code: string;
  count: number;
}

/**
 * Checks `groupBy`: every dimension must be `discardReason` (the only one Junction records), and
 * only where the step has discard reasons at all.
 *
 * @example
 * checkGroupBy(['discardReason'], true); // true (grouped)
 */
export function checkGroupBy(groupBy: readonly string[], allowDiscardReason: boolean): boolean {
  for (const g of groupBy) {
    if (g !== 'discardReason') throw new OverviewParamError('groupBy', `groupBy "${g}" is not available: Junction records these metrics per discard reason (error code) only`);
    if (!allowDiscardReason) throw new OverviewParamError('groupBy', 'groupBy "discardReason" is not available on this step: its events have no discard reason');
  }
  return groupBy.includes('discardReason');
}

/**
 * Builds Segment's `{ total, dataset }` from metrics rows: the rows whose outcome is one of
 * `outcomes` (and whose code is in `discardReasons`, when given) are summed per bucket of the
 * window, one dataset per code when `grouped`, else one (all zeros when nothing matched). With
 * `retryOutcome`, ungrouped series also carry `retryCount` (rows of that outcome) and
 * `totalRetryCount`. Datasets are sorted by total, largest first.
 *
 * @example
 * overviewDatasets([{ minute, outcome: 'accepted', code: '', count: 3 }], { outcomes: ['accepted'], window, grouped: false, discardReasons: undefined });
 */
export function overviewDatasets(
  rows: Iterable<OverviewRow>,
  o: { outcomes: readonly string[]; window: DeliveryWindow; grouped: boolean; discardReasons: readonly string[] | undefined; retryOutcome?: string },
): { total: number; dataset: OverviewDataset[] } {
  const groups = new Map<string, Map<string, number>>();
  const group = (key: string) => {
    const g = groups.get(key) ?? new Map<string, number>();
    groups.set(key, g);
    return g;
  };
  const retriesByBucket = new Map<string, number>();
  for (const row of rows) {
    if (o.discardReasons && !o.discardReasons.includes(row.code)) continue;
    const time = bucketStart(Date.parse(row.minute), o.window.granularity);
    if (row.outcome === o.retryOutcome) retriesByBucket.set(time, (retriesByBucket.get(time) ?? 0) + row.count);
    if (!o.outcomes.includes(row.outcome)) continue;
    const counts = group(o.grouped ? row.code : '');
    counts.set(time, (counts.get(time) ?? 0) + row.count);
  }
  if (!o.grouped && groups.size === 0) group('');
  const withRetries = o.retryOutcome !== undefined && !o.grouped;
  const times = bucketTimes(o.window);
  const dataset = [...groups].map(([key, counts]): OverviewDataset => {
    const series = times.map((time) => ({ time, count: counts.get(time) ?? 0, ...(withRetries ? { retryCount: retriesByBucket.get(time) ?? 0 } : {}) }));
    const total = series.reduce((s, p) => s + p.count, 0);
    return { ...(o.grouped ? { discardReason: key } : {}), total, series, ...(withRetries ? { totalRetryCount: series.reduce((s, p) => s + (p.retryCount ?? 0), 0) } : {}) };
  });
  dataset.sort((a, b) => b.total - a.total);
  return { total: dataset.reduce((s, d) => s + d.total, 0), dataset };
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
  const grouped = checkGroupBy(q.groupBy, true);
  const summary = await readDeliverySummary(store, delivery, { destinationId: q.destinationId, from: q.window.from, to: q.window.to });
  const rows = summary.series.map((r) => ({ minute: r.minute, outcome: r.outcome, code: splitCode(r.errorCode).code, count: r.count }));
  return overviewDatasets(rows, { outcomes: OVERVIEW_STEPS[q.step], window: q.window, grouped, discardReasons: q.discardReasons, ...(q.step === 'failed-delivery' ? { retryOutcome: 'retried' } : {}) });
}
