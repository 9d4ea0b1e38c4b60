import { type DestinationFilter, MAX_FILTERS_PER_DESTINATION, previewFilter, validateFilter } from '@junction/core';
import type { Destination, StoredFilter } from '@junction/store';
import { ApiError } from './api-error.ts';
import { objectField } from './body-fields.ts';
import { paginate } from './pagination.ts';
import { loadDestination } from './resource-loaders.ts';
import { PAGINATION_QUERY, type RouteContext, type RouteDef } from './route-types.ts';

const tag = 'Destination Filters';
const filterProps = {
  sourceId: { type: 'string' },
  if: { type: 'string', description: 'FQL, or "all"' },
  actions: { type: 'array', items: { type: 'object', required: ['type'], properties: { type: { enum: ['SAMPLE', 'DROP', 'DROP_PROPERTIES', 'ALLOW_PROPERTIES'] }, fields: { type: 'object' }, percent: { type: 'number' }, path: { type: 'string' } } } },
  title: { type: 'string' },
  description: { type: 'string' },
  enabled: { type: 'boolean' },
};

/**
 * Segment's DestinationFilterV1 for a stored filter.
 *
 * @example
 * filterView(stored, destination); // { id, sourceId, destinationId, if, actions, title, description, enabled, createdAt, updatedAt }
 */
export function filterView(f: StoredFilter, d: Pick<Destination, 'sourceId'>) {
  return { id: f.id, sourceId: d.sourceId, destinationId: f.destinationId, if: f.if, actions: f.actions, title: f.title, description: f.description, enabled: f.enabled, createdAt: f.createdAt, updatedAt: f.updatedAt };
}

function check(filter: Record<string, unknown>): void {
  const issues = validateFilter(filter);
  if (issues.length > 0) throw ApiError.validation(issues);
}

async function loadFilter(ctx: RouteContext) {
  const destination = await loadDestination(ctx, ctx.param('destinationId'));
  const id = ctx.param('filterId');
  const filter = (await ctx.deps.delivery.listFilters([destination.id])).find((f) => f.id === id);
  if (!filter) throw new ApiError(404, `filter "${id}" not found on destination "${destination.id}"`);
  return { destination, filter };
}

/**
 * Routes of destination filters (`/destination/{destinationId}/filters`, singular as Segment's)
 * and the preview endpoint.
 *
 * @example
 * const routes = filterRoutes();
 */
export function filterRoutes(): RouteDef[] {
  const base = '/destination/{destinationId}/filters';
  return [
    {
      method: 'get', path: base, operationId: 'listFiltersFromDestination', summary: 'List Filters from Destination', tag, permission: 'destination:read:scoped', query: PAGINATION_QUERY,
      async handler(ctx) {
        const destination = await loadDestination(ctx, ctx.param('destinationId'));
        const { items, pagination } = paginate(await ctx.deps.delivery.listFilters([destination.id]), ctx.page());
        return { filters: items.map((f) => filterView(f, destination)), pagination };
      },
    },
    {
      method: 'post', path: base, operationId: 'createFilterForDestination', summary: 'Create Filter for Destination', tag, permission: 'destination:write:scoped', audit: ['Destination Filter Created'],
      body: { type: 'object', required: ['sourceId', 'if', 'actions', 'title', 'enabled'], properties: filterProps },
      async handler(ctx) {
        const destination = await loadDestination(ctx, ctx.param('destinationId'));
        const body = await ctx.body();
        check(body);
        if (body.sourceId !== undefined && body.sourceId !== destination.sourceId) {
          throw new ApiError(422, `sourceId: destination "${destination.id}" is connected to source "${destination.sourceId}", not "${String(body.sourceId)}"`, 'sourceId');
        }
        const existing = await ctx.deps.delivery.listFilters([destination.id]);
        if (existing.length >= MAX_FILTERS_PER_DESTINATION) throw new ApiError(422, `a destination has at most ${MAX_FILTERS_PER_DESTINATION} filters; this one has ${existing.length}`);
        const f = body as unknown as DestinationFilter;
        const stored = await ctx.deps.delivery.createFilter({ destinationId: destination.id, title: f.title, if: f.if, actions: f.actions, enabled: f.enabled, ...(f.description ? { description: f.description } : {}) });
        const after = filterView(stored, destination);
        await ctx.audit({ type: 'Destination Filter Created', resourceType: 'destination_filter', resourceId: stored.id, resourceName: stored.title, before: null, after });
        return { filter: after };
      },
    },
    {
      method: 'get', path: `${base}/{filterId}`, operationId: 'getFilterInDestination', summary: 'Get Filter in Destination', tag, permission: 'destination:read:scoped',
      async handler(ctx) {
        const { destination, filter } = await loadFilter(ctx);
        return { filter: filterView(filter, destination) };
      },
    },
    {
      method: 'patch', path: `${base}/{filterId}`, operationId: 'updateFilterForDestination', summary: 'Update Filter for Destination', tag, permission: 'destination:write:scoped', audit: ['Destination Filter Modified'],
      body: { type: 'object', properties: filterProps },
      async handler(ctx) {
        const { destination, filter } = await loadFilter(ctx);
        const body = await ctx.body();
        const patch: Record<string, unknown> = {};
        for (const key of ['if', 'actions', 'title', 'description', 'enabled'] as const) if (body[key] !== undefined) patch[key] = body[key];
        check({ ...filter, ...patch });
        const updated = await ctx.deps.delivery.updateFilter(filter.id, patch);
        const after = filterView(updated, destination);
        await ctx.audit({ type: 'Destination Filter Modified', resourceType: 'destination_filter', resourceId: filter.id, resourceName: updated.title, before: filterView(filter, destination), after });
        return { filter: after };
      },
    },
    {
      method: 'delete', path: `${base}/{filterId}`, operationId: 'removeFilterFromDestination', summary: 'Remove Filter from Destination', tag, permission: 'destination:write:scoped', audit: ['Destination Filter Deleted'],
      async handler(ctx) {
        const { destination, filter } = await loadFilter(ctx);
        await ctx.deps.delivery.deleteFilter(filter.id);
        await ctx.audit({ type: 'Destination Filter Deleted', resourceType: 'destination_filter', resourceId: filter.id, resourceName: filter.title, before: filterView(filter, destination), after: null });
        return { status: 'SUCCESS' };
      },
    },
    {
      method: 'post', path: '/destination/filters/preview', operationId: 'previewDestinationFilter', summary: 'Preview Destination Filter', tag, permission: 'destination:read', readOnly: true,
      body: { type: 'object', required: ['filter', 'payload'], properties: { filter: { type: 'object', properties: { if: filterProps.if, actions: filterProps.actions } }, payload: { type: 'object' } } },
      async handler(ctx) {
        const body = await ctx.body();
        const filter = objectField(body, 'filter', true)!;
        const payload = objectField(body, 'payload', true)!;
        const candidate = { title: 'preview', enabled: true, ...filter };
        const issues = validateFilter(candidate).map((i) => ({ field: `filter.${i.field}`, message: i.message }));
        if (issues.length > 0) throw ApiError.validation(issues);
        return previewFilter(candidate as unknown as DestinationFilter, payload);
      },
    },
  ];
}
