import { openDeliveryStore } from '@junction/store';
import { deliveryOverview, errorReference, eventDeliveryView, type OverviewDataset, OverviewParamError, type OverviewStep, readWindow, WindowError } from '../troubleshoot/index.ts';
import { type SourceOverviewStep, sourceOverview } from '../troubleshoot/delivery-overview-source.ts';
import { ApiError } from './api-error.ts';
import { paginate } from './pagination.ts';
import { loadDestination, loadSource } from './resource-loaders.ts';
import { PAGINATION_QUERY, type QueryParam, type RouteContext, type RouteDef } from './route-types.ts';

/** Turns the troubleshoot module's parameter errors into 400s naming the parameter. */
async function params<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof WindowError || err instanceof OverviewParamError) throw new ApiError(400, err.message, err.field);
    throw err;
  }
}

/** Values of a query parameter the SDK may send as `name=a,b`, `name=a&name=b` or `name[0]=a` (also `filter[discardReason][0]=a`). */
function listParam(ctx: RouteContext, name: string): string[] | undefined {
  const out: string[] = [];
  let seen = false;
  for (const [key, values] of Object.entries(ctx.c.req.queries())) {
    const rest = key.startsWith(name) ? key.slice(name.length) : undefined;
    if (rest === undefined || (rest !== '' && !/^\[\d*\]$/.test(rest))) continue;
    seen = true;
    for (const v of values) out.push(...v.split(',').map((x) => x.trim()).filter((x) => x !== ''));
  }
  return seen ? out : undefined;
}

const WINDOW_QUERY: readonly QueryParam[] = [
  { name: 'startTime', description: 'ISO-8601 start, inclusive (required).', schema: { type: 'string' } },
  { name: 'endTime', description: 'ISO-8601 end, exclusive (required).', schema: { type: 'string' } },
  { name: 'granularity', description: 'minute (range ≤ 4 h), hour (≤ 14 d) or day (≤ 30 d) (required).', schema: { type: 'string', enum: ['minute', 'hour', 'day'] } },
  { name: 'groupBy', description: 'Comma-separated dimensions; Junction records `discardReason` (the error code, filter or rejection reason) only.', schema: { type: 'string' } },
  { name: 'filter.discardReason', description: 'Only these codes (`filter[discardReason][0]=…` accepted).', schema: { type: 'string' } },
];
const SOURCE_ID_QUERY: QueryParam = { name: 'sourceId', description: 'The source (required).', schema: { type: 'string' } };
const OVERVIEW_QUERY: readonly QueryParam[] = [
  { ...SOURCE_ID_QUERY, description: 'The source of the destination (required).' },
  { name: 'destinationConfigId', description: 'The destination (required).', schema: { type: 'string' } },
  ...WINDOW_QUERY,
  { name: 'subscriptionId', description: 'Not supported: metrics are not recorded per subscription (400).', schema: { type: 'string' } },
  ...PAGINATION_QUERY,
];

function required(ctx: RouteContext, name: string): string {
  const v = ctx.query(name);
  if (v === undefined || v === '') throw new ApiError(400, `${name} is required`, name);
  return v;
}

/** The window, dimensions and discard-reason filter every overview step takes. */
async function overviewParams(ctx: RouteContext) {
  const window = await params(async () => readWindow({ startTime: required(ctx, 'startTime'), endTime: required(ctx, 'endTime'), granularity: required(ctx, 'granularity') }, Date.now()));
  return { window, groupBy: listParam(ctx, 'groupBy') ?? [], discardReasons: listParam(ctx, 'filter.discardReason') ?? listParam(ctx, 'filter[discardReason]') };
}

function page(ctx: RouteContext, result: { total: number; dataset: OverviewDataset[] }) {
  const { items, pagination } = paginate(result.dataset, ctx.page());
  return { total: result.total, dataset: items, pagination };
}

function overviewRoute(step: OverviewStep, operationId: string, summary: string): RouteDef {
  return {
    method: 'get', path: `/delivery-overview/${step}`, operationId, summary, tag: 'Delivery Overview', permission: 'destination:read:scoped', query: OVERVIEW_QUERY,
    async handler(ctx) {
      const sourceId = required(ctx, 'sourceId');
      const destination = await loadDestination(ctx, required(ctx, 'destinationConfigId'));
      if (destination.sourceId !== sourceId) throw new ApiError(404, `destination "${destination.id}" is not connected to source "${sourceId}"`, 'sourceId');
      if (ctx.query('subscriptionId') !== undefined) throw new ApiError(400, 'subscriptionId is not supported: Junction records delivery metrics per destination, not per subscription', 'subscriptionId');
      const p = await overviewParams(ctx);
      const store = ctx.deps.store;
      return page(ctx, await params(() => deliveryOverview(store, openDeliveryStore(store), { step, destinationId: destination.id, ...p })));
    },
  };
}

function sourceOverviewRoute(step: SourceOverviewStep, operationId: string, summary: string, note: string): RouteDef {
  return {
    method: 'get', path: `/delivery-overview/${step}`, operationId, summary: `${summary}. ${note}`, tag: 'Delivery Overview', permission: 'source:read:scoped',
    query: [SOURCE_ID_QUERY, ...WINDOW_QUERY, ...PAGINATION_QUERY],
    async handler(ctx) {
      const source = await loadSource(ctx, required(ctx, 'sourceId'));
      const p = await overviewParams(ctx);
      await ctx.deps.health.flush?.();
      return page(ctx, await params(() => sourceOverview(ctx.deps.store, { step, sourceId: source.id, ...p })));
    },
  };
}

/**
 * Event Delivery, Segment's Delivery Overview endpoints and the error codes reference:
 * - `GET /destinations/{destinationId}/event-delivery?window=1h|24h|7d|…` (or `startTime`,
 *   `endTime`, `granularity`): counts per bucket, breakdown by code with help, latency, backlog
 *   and failed samples;
 * - `GET /delivery-overview/successful-delivery|failed-delivery|filtered-at-destination` (per
 *   destination) and `successfully-received|failed-on-ingest|filtered-at-source` (per source, from
 *   the ingest metrics; filtered-at-source is always zero: Junction has no source-level filters);
 * - `GET /error-codes`: every code with meaning, retryability and how to resolve it.
 *
 * @example
 * eventDeliveryRoutes().map((r) => r.path);
 */
export function eventDeliveryRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/destinations/{destinationId}/event-delivery', operationId: 'getEventDeliveryFromDestination', summary: 'Get Event Delivery from Destination', tag: 'Event Delivery', permission: 'destination:read:scoped',
      query: [
        { name: 'window', description: 'One of 10m, 1h, 24h (default), 7d, 14d, 30d, ending now.', schema: { type: 'string' } },
        { name: 'startTime', description: 'ISO-8601 start (with endTime, instead of window).', schema: { type: 'string' } },
        { name: 'endTime', description: 'ISO-8601 end, exclusive.', schema: { type: 'string' } },
        { name: 'granularity', description: 'minute, hour or day (default by window length).', schema: { type: 'string' } },
        { name: 'samples', description: 'Failed-event samples per error code, 0-50 (default 5).', schema: { type: 'integer' } },
      ],
      async handler(ctx) {
        const destination = await loadDestination(ctx, ctx.param('destinationId'));
        const window = await params(async () => readWindow({ window: ctx.query('window'), startTime: ctx.query('startTime'), endTime: ctx.query('endTime'), granularity: ctx.query('granularity') }, Date.now()));
        const samplesText = ctx.query('samples') ?? '5';
        const samples = Number(samplesText);
        if (!/^\d+$/.test(samplesText) || samples > 50) throw new ApiError(400, `samples must be an integer from 0 to 50, got ${JSON.stringify(samplesText)}`, 'samples');
        const store = ctx.deps.store;
        return { eventDelivery: await eventDeliveryView(store, openDeliveryStore(store), destination, window, samples) };
      },
    },
    sourceOverviewRoute('successfully-received', 'getIngressSuccessMetricsFromDeliveryOverview', 'Get Ingress Success Metrics from Delivery Overview', 'Events the tracking API accepted.'),
    sourceOverviewRoute('failed-on-ingest', 'getIngressFailedMetricsFromDeliveryOverview', 'Get Ingress Failed Metrics from Delivery Overview', 'Events the tracking API rejected, by reason (`discardReason`: event_not_defined, source_disabled, …).'),
    sourceOverviewRoute('filtered-at-source', 'getFilteredAtSourceMetricsFromDeliveryOverview', 'Get Filtered At Source Metrics from Delivery Overview', 'Always zero: Junction has no source-level filters (destination filters count under filtered-at-destination).'),
    overviewRoute('successful-delivery', 'getEgressSuccessMetricsFromDeliveryOverview', 'Get Egress Success Metrics from Delivery Overview'),
    overviewRoute('failed-delivery', 'getEgressFailedMetricsFromDeliveryOverview', 'Get Egress Failed Metrics from Delivery Overview'),
    overviewRoute('filtered-at-destination', 'getFilteredAtDestinationMetricsFromDeliveryOverview', 'Get Filtered At Destination Metrics from Delivery Overview'),
    {
      method: 'get', path: '/error-codes', operationId: 'listErrorCodes', summary: 'List Integration Error Codes', tag: 'Event Delivery', permission: 'catalog:read',
      async handler() {
        return { errorCodes: errorReference() };
      },
    },
  ];
}
