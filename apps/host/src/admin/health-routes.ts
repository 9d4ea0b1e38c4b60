import { DEFAULT_HEALTH_THRESHOLDS, type HealthSettings, healthSettingsRepo, healthStateRepo } from '@junction/store';
import { computeWorkspaceHealth, type HealthDeps, type ResourceHealth } from '../health/health-compute.ts';
import { ApiError } from './api-error.ts';
import { paginate } from './pagination.ts';
import { loadDestination, loadSource } from './resource-loaders.ts';
import { PAGINATION_QUERY, type RouteContext, type RouteDef } from './route-types.ts';

function healthDeps(ctx: RouteContext): HealthDeps {
  const h = ctx.deps.health;
  return { store: ctx.deps.store, ...(h.flush ? { flush: h.flush } : {}), ...(h.breakers ? { breakers: h.breakers } : {}), ...(h.hostId ? { hostId: h.hostId } : {}) };
}

/** The settings as shown: the webhook URL is a secret, only its origin is returned. */
function settingsView(s: HealthSettings) {
  return {
    thresholds: s.thresholds,
    defaults: DEFAULT_HEALTH_THRESHOLDS,
    incidentWebhook: s.incidentWebhookUrl ? { configured: true, origin: new URL(s.incidentWebhookUrl).origin } : { configured: false },
    updatedAt: s.updatedAt,
  };
}

async function one(ctx: RouteContext, type: 'source' | 'destination', id: string): Promise<ResourceHealth> {
  const health = await computeWorkspaceHealth(healthDeps(ctx), ctx.principal.workspaceId);
  const found = (type === 'source' ? health.sources : health.destinations).find((r) => r.id === id);
  if (!found) throw new ApiError(404, `${type} "${id}" not found`);
  return found;
}

const limit = { type: 'object', properties: { degraded: { type: 'number' }, failing: { type: 'number' } } };
const thresholdsSchema = {
  type: 'object',
  properties: {
    windowMinutes: { type: 'integer' },
    minEvents: { type: 'integer' },
    recoveryHoldSeconds: { type: 'integer' },
    sourceRejectedRate: limit,
    destinationSuccessRate: limit,
    destinationLatencyP99Ms: limit,
    destinationBacklog: limit,
    destinationOldestAgeMs: limit,
    storageWriteLatencyMs: limit,
  },
};

/**
 * Workspace Health (Junction): `GET /workspace-health` (every source and destination plus the
 * storage, with state and reasons), per source and destination, the health settings (thresholds,
 * incident webhook) and the incident history.
 *
 * @example
 * const routes = healthRoutes(); // GET /workspace-health, …
 */
export function healthRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/workspace-health', operationId: 'getWorkspaceHealth', summary: 'Get Workspace Health (Junction)', tag: 'Workspace Health', permission: 'source:read',
      async handler(ctx) {
        return { health: await computeWorkspaceHealth(healthDeps(ctx), ctx.principal.workspaceId) };
      },
    },
    {
      method: 'get', path: '/workspace-health/settings', operationId: 'getWorkspaceHealthSettings', summary: 'Get Workspace Health Settings (Junction)', tag: 'Workspace Health', permission: 'workspace:read',
      async handler(ctx) {
        return { settings: settingsView(await healthSettingsRepo(ctx.deps.store.db).get(ctx.principal.workspaceId)) };
      },
    },
    {
      method: 'patch', path: '/workspace-health/settings', operationId: 'updateWorkspaceHealthSettings', summary: 'Update Workspace Health Settings (Junction)', tag: 'Workspace Health', permission: 'workspace:write', audit: ['Workspace Health Settings Modified'],
      body: { type: 'object', properties: { thresholds: thresholdsSchema, incidentWebhookUrl: { type: ['string', 'null'], description: 'http(s) URL POSTed on incident open/resolve; null removes it. Never returned.' } } },
      async handler(ctx) {
        const body = await ctx.body();
        for (const key of Object.keys(body)) if (key !== 'thresholds' && key !== 'incidentWebhookUrl') throw new ApiError(422, `${key} is not a health setting (thresholds, incidentWebhookUrl)`, key);
        const repo = healthSettingsRepo(ctx.deps.store.db);
        const before = settingsView(await repo.get(ctx.principal.workspaceId));
        const webhook = body.incidentWebhookUrl;
        if (webhook !== undefined && webhook !== null && typeof webhook !== 'string') throw new ApiError(422, 'incidentWebhookUrl must be a URL string or null', 'incidentWebhookUrl');
        const after = settingsView(await repo.update(ctx.principal.workspaceId, { ...(body.thresholds !== undefined ? { thresholds: body.thresholds } : {}), ...(webhook !== undefined ? { incidentWebhookUrl: webhook } : {}) }));
        await ctx.audit({ type: 'Workspace Health Settings Modified', resourceType: 'workspace', resourceId: ctx.principal.workspaceId, resourceName: 'Workspace Health settings', before, after });
        return { settings: after };
      },
    },
    {
      method: 'get', path: '/workspace-health/incidents', operationId: 'listWorkspaceIncidents', summary: 'List Incidents (Junction)', tag: 'Workspace Health', permission: 'source:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const all = await healthStateRepo(ctx.deps.store.db).incidents(ctx.principal.workspaceId, 1000);
        const { items, pagination } = paginate(all, ctx.page());
        return { incidents: items.map(({ workspaceId: _w, ...i }) => i), pagination };
      },
    },
    {
      method: 'get', path: '/workspace-health/sources/{sourceId}', operationId: 'getSourceHealth', summary: 'Get Source Health (Junction)', tag: 'Workspace Health', permission: 'source:read:scoped',
      async handler(ctx) {
        const source = await loadSource(ctx, ctx.param('sourceId'));
        return { source: await one(ctx, 'source', source.id) };
      },
    },
    {
      method: 'get', path: '/workspace-health/destinations/{destinationId}', operationId: 'getDestinationHealth', summary: 'Get Destination Health (Junction)', tag: 'Workspace Health', permission: 'destination:read:scoped',
      async handler(ctx) {
        const destination = await loadDestination(ctx, ctx.param('destinationId'));
        return { destination: await one(ctx, 'destination', destination.id) };
      },
    },
  ];
}
