import { type IngestMetricsRepo, ingestMetricsRepo, type Store } from '@junction/store';
import { checkGroupBy, type OverviewDataset, type OverviewRow, overviewDatasets } from './delivery-overview.ts';
import { bucketTimes, type DeliveryWindow, GRANULARITIES } from './delivery-window.ts';

/**
 * The source-side steps of Segment's Delivery Overview and the ingest outcomes each counts.
 * `filtered-at-source` counts nothing: Junction has no source-level filters (its filters are
 * destination filters, counted by `filtered-at-destination`), so that step is always zero.
 */
export const SOURCE_OVERVIEW_STEPS = {
  'successfully-received': ['accepted'],
  'failed-on-ingest': ['rejected'],
  'filtered-at-source': [],
} as const;

/**
 * One of {@link SOURCE_OVERVIEW_STEPS}.
 *
 * @example
 * const step: SourceOverviewStep = 'failed-on-ingest';
 */
export type SourceOverviewStep = keyof typeof SOURCE_OVERVIEW_STEPS;

/**
 * Query of {@link sourceOverview}. Ingest metrics are kept per source × minute × outcome × reason,
 * so `discardReason` (the rejection reason, e.g. `event_not_defined`) is the only dimension.
 *
 * @example
 * const q: SourceOverviewQuery = { step: 'failed-on-ingest', sourceId, window, groupBy: ['discardReason'], discardReasons: undefined };
 */
export interface SourceOverviewQuery {
  step: SourceOverviewStep;
  sourceId: string;
  window: DeliveryWindow;
  groupBy: readonly string[];
  /** Only these rejection reasons (Segment's `filter.discardReason`). */
  discardReasons: readonly string[] | undefined;
}

/** Ingest rows of one source, one query for the window, then one per bucket only when it counted anything. */
async function ingestRows(repo: IngestMetricsRepo, sourceId: string, window: DeliveryWindow, outcomes: readonly string[]): Promise<OverviewRow[]> {
  const any = (await repo.totals([sourceId], window.from, window.to)).some((r) => outcomes.includes(r.outcome) && r.count > 0);
  if (!any) return [];
  const size = GRANULARITIES[window.granularity];
  const rows: OverviewRow[] = [];
  for (const time of bucketTimes(window)) {
    const end = new Date(Date.parse(time) + size).toISOString();
    for (const r of await repo.totals([sourceId], time, end)) {
      if (outcomes.includes(r.outcome)) rows.push({ minute: time, outcome: r.outcome, code: r.reason, count: r.count });
    }
  }
  return rows;
}

/**
 * The numbers of one source-side Delivery Overview step, from the ingest metrics the tracking API
 * records: `successfully-received` = accepted events, `failed-on-ingest` = rejected events (grouped
 * by rejection reason with `groupBy: ['discardReason']`), `filtered-at-source` = always zero
 * (Junction has no source-level filters). Same `{ total, dataset }` shape as {@link deliveryOverview}.
 *
 * @example
 * const { total, dataset } = await sourceOverview(store, { step: 'failed-on-ingest', sourceId, window, groupBy: ['discardReason'], discardReasons: undefined });
 */
export async function sourceOverview(store: Pick<Store, 'db'>, q: SourceOverviewQuery): Promise<{ total: number; dataset: OverviewDataset[] }> {
  const grouped = checkGroupBy(q.groupBy, q.step !== 'successfully-received');
  const outcomes: readonly string[] = SOURCE_OVERVIEW_STEPS[q.step];
  const rows = outcomes.length === 0 ? [] : await ingestRows(ingestMetricsRepo(store.db), q.sourceId, q.window, outcomes);
  return overviewDatasets(rows, { outcomes, window: q.window, grouped, discardReasons: q.discardReasons });
}
