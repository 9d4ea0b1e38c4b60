import { ingestMetricsRepo, type MtuGroup } from '@junction/store';
import { paginate } from './pagination.ts';
import { PAGINATION_QUERY, type RouteContext, type RouteDef } from './route-types.ts';
import { daysOf, usagePeriod } from '../health/usage-query.ts';
import { eventsVolumeRoute } from '../health/events-volume-route.ts';

const PERIOD = { name: 'period', description: 'Start of the usage month, ISO-8601 (e.g. 2026-03-01).', schema: { type: 'string' } };

async function period(ctx: RouteContext) {
  await ctx.deps.health.flush?.();
  const p = usagePeriod(ctx.query('period'));
  const sources = await ctx.deps.store.sources.list(ctx.principal.workspaceId);
  const today = new Date().toISOString().slice(0, 10);
  return { ...p, sourceIds: sources.map((s) => s.id), days: daysOf(p.fromDay, p.toDay, today) };
}

/** Cumulative sums per day of per-day counts. */
function cumulative(days: readonly string[], perDay: ReadonlyMap<string, number>): number[] {
  let total = 0;
  return days.map((d) => {
    total += perDay.get(d) ?? 0;
    return total;
  });
}

/** Segment's MTU snapshot fields for one day from the first-seen groups (cumulative over the period). */
function mtuSnapshot(groups: readonly MtuGroup[], day: string) {
  let identified = 0;
  let anonymous = 0;
  let anonymousIdentified = 0;
  for (const g of groups) {
    if (g.firstDay > day) continue;
    if (g.kind === 'user') identified += g.count;
    else {
      anonymous += g.count;
      if (g.firstLinkedDay !== null && g.firstLinkedDay <= day) anonymousIdentified += g.count;
    }
  }
  return { anonymous: String(anonymous), anonymousIdentified: String(anonymousIdentified), identified: String(identified), neverIdentified: String(anonymous - anonymousIdentified) };
}

const ts = (day: string) => `${day}T00:00:00.000Z`;

/**
 * Usage in the shape of Segment's Public API (API Calls and Monthly Tracked Users): daily
 * cumulative counts over a usage month, per workspace and per source; and `GET /events/volume`.
 *
 * @example
 * const routes = usageRoutes(); // GET /usage/api-calls/daily, …
 */
export function usageRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/usage/api-calls/daily', operationId: 'getDailyWorkspaceAPICallsUsage', summary: 'Get Daily Workspace API Calls Usage', tag: 'API Calls', permission: 'source:read', query: [PERIOD, ...PAGINATION_QUERY],
      async handler(ctx) {
        const p = await period(ctx);
        const perDay = new Map<string, number>();
        for (const r of await ingestMetricsRepo(ctx.deps.store.db).daily('api_call', p.sourceIds, p.fromDay, p.toDay)) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.count);
        const sums = cumulative(p.days, perDay);
        const { items, pagination } = paginate(p.days.map((d, i) => ({ apiCalls: String(sums[i]), timestamp: ts(d) })), ctx.page());
        return { dailyWorkspaceAPICallsUsage: items, pagination };
      },
    },
    {
      method: 'get', path: '/usage/api-calls/sources/daily', operationId: 'getDailyPerSourceAPICallsUsage', summary: 'Get Daily Per Source API Calls Usage', tag: 'API Calls', permission: 'source:read', query: [PERIOD, ...PAGINATION_QUERY],
      async handler(ctx) {
        const p = await period(ctx);
        const bySource = new Map<string, Map<string, number>>();
        for (const r of await ingestMetricsRepo(ctx.deps.store.db).daily('api_call', p.sourceIds, p.fromDay, p.toDay)) {
          if (!bySource.has(r.sourceId)) bySource.set(r.sourceId, new Map());
          bySource.get(r.sourceId)!.set(r.day, r.count);
        }
        const rows = [...bySource].sort(([a], [b]) => a.localeCompare(b)).flatMap(([sourceId, perDay]) => {
          const sums = cumulative(p.days, perDay);
          return p.days.map((d, i) => ({ sourceId, apiCalls: String(sums[i]), timestamp: ts(d) }));
        });
        const { items, pagination } = paginate(rows, ctx.page());
        return { dailyPerSourceAPICallsUsage: items, pagination };
      },
    },
    {
      method: 'get', path: '/usage/mtu/daily', operationId: 'getDailyWorkspaceMTUUsage', summary: 'Get Daily Workspace MTU Usage', tag: 'Monthly Tracked Users', permission: 'source:read', query: [PERIOD, ...PAGINATION_QUERY],
      async handler(ctx) {
        const p = await period(ctx);
        const groups = await ingestMetricsRepo(ctx.deps.store.db).mtu(p.sourceIds, p.fromDay, p.toDay, false);
        const rows = p.days.map((d) => ({ periodStart: p.start, periodEnd: p.end, ...mtuSnapshot(groups, d), timestamp: ts(d) }));
        const { items, pagination } = paginate(rows, ctx.page());
        return { dailyWorkspaceMTUUsage: items, pagination };
      },
    },
    {
      method: 'get', path: '/usage/mtu/sources/daily', operationId: 'getDailyPerSourceMTUUsage', summary: 'Get Daily Per Source MTU Usage', tag: 'Monthly Tracked Users', permission: 'source:read', query: [PERIOD, ...PAGINATION_QUERY],
      async handler(ctx) {
        const p = await period(ctx);
        const groups = await ingestMetricsRepo(ctx.deps.store.db).mtu(p.sourceIds, p.fromDay, p.toDay, true);
        const sourceIds = [...new Set(groups.map((g) => g.sourceId))].sort();
        const rows = sourceIds.flatMap((sourceId) => {
          const mine = groups.filter((g) => g.sourceId === sourceId);
          return p.days.map((d) => ({ sourceId, periodStart: p.start, periodEnd: p.end, ...mtuSnapshot(mine, d), timestamp: ts(d) }));
        });
        const { items, pagination } = paginate(rows, ctx.page());
        return { dailyPerSourceMTUUsage: items, pagination };
      },
    },
    eventsVolumeRoute(),
  ];
}
