import { ingestMetricsRepo, type VolumeCount } from '@junction/store';
import { ApiError } from '../admin/api-error.ts';
import { paginate } from '../admin/pagination.ts';
import { PAGINATION_QUERY, type RouteDef } from '../admin/route-types.ts';
import { isoParam, listParam } from './usage-query.ts';

const GRANULARITY = { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000 } as const;
const GROUP_BY = ['eventName', 'eventType', 'source'] as const;
const MAX_BUCKETS = 10_080;
const MAX_SERIES = 5_000;

interface Series {
  source?: { id: string; name: string; slug: string };
  eventName?: string;
  eventType?: string;
  total: number;
  counts: Map<number, number>;
}

/**
 * `GET /events/volume` (Segment's getEventsVolumeFromWorkspace): accepted events per bucket of
 * `granularity` between `startTime` and `endTime`, optionally grouped by eventName, eventType and
 * source and filtered by sourceId, eventName and eventType. Series are ordered by total, at most 5,000.
 *
 * @example
 * const route = eventsVolumeRoute(); // route.path === '/events/volume'
 */
export function eventsVolumeRoute(): RouteDef {
  return {
    method: 'get', path: '/events/volume', operationId: 'getEventsVolumeFromWorkspace', summary: 'Get Events Volume from Workspace', tag: 'Events', permission: 'source:read',
    query: [
      { name: 'granularity', description: 'DAY, HOUR or MINUTE.', schema: { enum: Object.keys(GRANULARITY) } },
      { name: 'startTime', description: 'ISO-8601, inclusive.', schema: { type: 'string' } },
      { name: 'endTime', description: 'ISO-8601, exclusive.', schema: { type: 'string' } },
      { name: 'groupBy', description: 'Any of eventName, eventType, source.', schema: { type: 'array', items: { enum: [...GROUP_BY] } } },
      { name: 'sourceId', description: 'Only these sources.', schema: { type: 'array', items: { type: 'string' } } },
      { name: 'eventName', description: 'Only these event names.', schema: { type: 'array', items: { type: 'string' } } },
      { name: 'eventType', description: 'Only these event types.', schema: { type: 'array', items: { type: 'string' } } },
      ...PAGINATION_QUERY,
    ],
    async handler(ctx) {
      const granularity = ctx.query('granularity') as keyof typeof GRANULARITY | undefined;
      if (!granularity || !Object.hasOwn(GRANULARITY, granularity)) throw new ApiError(422, `granularity must be one of DAY, HOUR, MINUTE, got ${JSON.stringify(granularity ?? null)}`, 'granularity');
      const startTime = isoParam('startTime', ctx.query('startTime'));
      const endTime = isoParam('endTime', ctx.query('endTime'));
      if (endTime <= startTime) throw new ApiError(422, 'endTime must be after startTime', 'endTime');
      const step = GRANULARITY[granularity];
      const first = Math.floor(Date.parse(startTime) / step) * step;
      if ((Date.parse(endTime) - first) / step > MAX_BUCKETS) throw new ApiError(422, `the window holds more than ${MAX_BUCKETS} ${granularity} buckets; use a coarser granularity or a shorter window`, 'granularity');
      const groupBy = listParam(ctx.c, 'groupBy') ?? [];
      for (const g of groupBy) if (!(GROUP_BY as readonly string[]).includes(g)) throw new ApiError(422, `groupBy: ${JSON.stringify(g)} is not one of ${GROUP_BY.join(', ')}`, 'groupBy');
      if (listParam(ctx.c, 'appVersion')) throw new ApiError(422, 'appVersion: Junction does not record app versions in event volume', 'appVersion');
      const wantSources = listParam(ctx.c, 'sourceId');
      const names = listParam(ctx.c, 'eventName');
      const types = listParam(ctx.c, 'eventType');

      await ctx.deps.health.flush?.();
      const sources = (await ctx.deps.store.sources.list(ctx.principal.workspaceId)).filter((s) => !wantSources || wantSources.includes(s.id));
      const byId = new Map(sources.map((s) => [s.id, s]));
      const rows = await ingestMetricsRepo(ctx.deps.store.db).volume([...byId.keys()], new Date(first).toISOString(), endTime);
      const series = new Map<string, Series>();
      const keep = (r: VolumeCount) => (!names || names.includes(r.eventName)) && (!types || types.includes(r.eventType)) && r.minute >= startTime;
      for (const r of rows.filter(keep)) {
        const s = byId.get(r.sourceId)!;
        const key = JSON.stringify([groupBy.includes('source') ? r.sourceId : '', groupBy.includes('eventName') ? r.eventName : '', groupBy.includes('eventType') ? r.eventType : '']);
        let entry = series.get(key);
        if (!entry) {
          entry = { total: 0, counts: new Map() };
          if (groupBy.includes('source')) entry.source = { id: s.id, name: s.name, slug: s.slug };
          if (groupBy.includes('eventName')) entry.eventName = r.eventName;
          if (groupBy.includes('eventType')) entry.eventType = r.eventType;
          series.set(key, entry);
        }
        const bucket = Math.floor(Date.parse(r.minute) / step) * step;
        entry.counts.set(bucket, (entry.counts.get(bucket) ?? 0) + r.count);
        entry.total += r.count;
      }
      if (series.size === 0 && groupBy.length === 0) series.set('[]', { total: 0, counts: new Map() });
      const buckets: number[] = [];
      for (let t = first; t < Date.parse(endTime); t += step) buckets.push(t);
      const result = [...series.values()]
        .sort((a, b) => b.total - a.total)
        .slice(0, MAX_SERIES)
        .map(({ counts, ...rest }) => ({ ...rest, series: buckets.map((t) => ({ time: new Date(t).toISOString(), count: counts.get(t) ?? 0 })) }));
      const { items, pagination } = paginate(result, ctx.page());
      const query = {
        workspaceId: ctx.principal.workspaceId,
        granularity,
        startTime,
        endTime,
        ...(groupBy.length ? { groupBy } : {}),
        ...(wantSources ? { sourceId: wantSources } : {}),
        ...(names ? { eventName: names } : {}),
        ...(types ? { eventType: types } : {}),
      };
      return { path: '/events/volume', query, result: items, pagination };
    },
  };
}
