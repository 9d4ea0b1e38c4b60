import { ApiError } from './api-error.ts';
import { boolField, objectField, stringField } from './body-fields.ts';
import { destinationView } from './destination-view.ts';
import { paginate } from './pagination.ts';
import { loadSource } from './resource-loaders.ts';
import { visibleTo } from './resource-visibility.ts';
import { PAGINATION_QUERY, type RouteContext, type RouteDef } from './route-types.ts';
import { sourceMetadataView, sourceViews } from './source-view.ts';
import { withoutManaged } from './warehouse-managed.ts';

const tag = 'Sources';
const labelsBody = { type: 'object', required: ['labels'], properties: { labels: { type: 'array', items: { $ref: '#/components/schemas/Label' } } } };

async function view(ctx: RouteContext, id: string) {
  const source = await ctx.deps.store.sources.get(id);
  if (!source) throw new ApiError(404, `source "${id}" not found`);
  return (await sourceViews(ctx.deps, [source]))[0]!;
}

function labelsOf(body: Record<string, unknown>) {
  if (!Array.isArray(body.labels)) throw new ApiError(422, 'labels must be an array of { key, value }', 'labels');
  return body.labels as Array<{ key: string; value: string }>;
}

/**
 * Routes of sources: CRUD, write keys, labels, connected destinations. `GET /sources` lists what
 * the principal may see (all with a workspace grant, else the sources its grants by id or label
 * reach); connected destinations leave out warehouse-managed ones (see `/warehouses`).
 *
 * @example
 * const routes = sourceRoutes(); // [{ method: 'get', path: '/sources', … }, …]
 */
export function sourceRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/sources', operationId: 'listSources', summary: 'List Sources', tag, permission: 'source:read:scoped', query: PAGINATION_QUERY,
      async handler(ctx) {
        const all = await ctx.deps.store.sources.list(ctx.principal.workspaceId);
        const { items, pagination } = paginate(await visibleTo(ctx, 'source:read:scoped', 'source', all, (s) => s.id), ctx.page());
        return { sources: await sourceViews(ctx.deps, items), pagination };
      },
    },
    {
      method: 'post', path: '/sources', operationId: 'createSource', summary: 'Create Source', tag, permission: 'source:write', status: 201, audit: ['Source Created'],
      body: { type: 'object', required: ['slug', 'enabled', 'metadataId'], properties: { slug: { type: 'string' }, name: { type: 'string' }, enabled: { type: 'boolean' }, metadataId: { type: 'string' }, settings: { type: 'object' } } },
      async handler(ctx) {
        const body = await ctx.body();
        const slug = stringField(body, 'slug', true);
        const metadataId = stringField(body, 'metadataId', true);
        const enabled = boolField(body, 'enabled', true);
        if (!sourceMetadataView(ctx.deps, metadataId)) throw new ApiError(422, `metadataId: no source type "${metadataId}" in the catalog (GET /catalog/sources lists them)`, 'metadataId');
        const settings = objectField(body, 'settings');
        const name = stringField(body, 'name') ?? slug;
        const source = await ctx.deps.store.sources.create({ workspaceId: ctx.principal.workspaceId, slug, name, ...(enabled !== undefined ? { enabled } : {}), ...(settings ? { settings } : {}) });
        await ctx.deps.admin.sourceMetadata.set(source.id, metadataId);
        await ctx.deps.store.writeKeys.create(source.id);
        const after = await view(ctx, source.id);
        await ctx.audit({ type: 'Source Created', resourceType: 'source', resourceId: source.id, resourceName: source.name, before: null, after });
        return { source: after };
      },
    },
    {
      method: 'get', path: '/sources/{sourceId}', operationId: 'getSource', summary: 'Get Source', tag, permission: 'source:read:scoped',
      async handler(ctx) {
        const source = await loadSource(ctx, ctx.param('sourceId'));
        return { source: await view(ctx, source.id), trackingPlanId: null };
      },
    },
    {
      method: 'patch', path: '/sources/{sourceId}', operationId: 'updateSource', summary: 'Update Source', tag, permission: 'source:write:scoped', audit: ['Source Modified'],
      body: { type: 'object', properties: { name: { type: 'string' }, slug: { type: 'string' }, enabled: { type: 'boolean' }, settings: { type: 'object' } } },
      async handler(ctx) {
        const source = await loadSource(ctx, ctx.param('sourceId'));
        const body = await ctx.body();
        const before = await view(ctx, source.id);
        const patch = { name: stringField(body, 'name'), slug: stringField(body, 'slug'), enabled: boolField(body, 'enabled'), settings: objectField(body, 'settings') };
        await ctx.deps.store.sources.update(source.id, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
        const after = await view(ctx, source.id);
        await ctx.audit({ type: 'Source Modified', resourceType: 'source', resourceId: source.id, resourceName: after.name, before, after });
        return { source: after };
      },
    },
    {
      method: 'delete', path: '/sources/{sourceId}', operationId: 'deleteSource', summary: 'Delete Source', tag, permission: 'source:write:scoped', audit: ['Source Deleted'],
      async handler(ctx) {
        const source = await loadSource(ctx, ctx.param('sourceId'));
        const before = await view(ctx, source.id);
        const destinations = await ctx.deps.store.destinations.list({ sourceId: source.id });
        await ctx.deps.admin.labels.clearResource('source', source.id);
        await ctx.deps.store.sources.delete(source.id);
        await ctx.audit({ type: 'Source Deleted', resourceType: 'source', resourceId: source.id, resourceName: source.name, before: { ...before, destinationIds: destinations.map((d) => d.id) }, after: null });
        return { status: 'SUCCESS' };
      },
    },
    {
      method: 'post', path: '/sources/{sourceId}/writekey', operationId: 'createWriteKeyForSource', summary: 'Create Write Key for Source', tag, permission: 'source:write:scoped', audit: ['Source Modified'],
      async handler(ctx) {
        const source = await loadSource(ctx, ctx.param('sourceId'));
        const before = await view(ctx, source.id);
        await ctx.deps.store.writeKeys.create(source.id);
        const after = await view(ctx, source.id);
        await ctx.audit({ type: 'Source Modified', resourceType: 'source', resourceId: source.id, resourceName: source.name, before, after });
        return { source: after };
      },
    },
    {
      method: 'delete', path: '/sources/{sourceId}/writekey/{writeKey}', operationId: 'removeWriteKeyFromSource', summary: 'Remove Write Key from Source', tag, permission: 'source:write:scoped', audit: ['Source Modified'],
      async handler(ctx) {
        const source = await loadSource(ctx, ctx.param('sourceId'));
        const key = ctx.param('writeKey');
        const before = await view(ctx, source.id);
        if (!before.writeKeys.includes(key)) throw new ApiError(404, 'this write key does not belong to the source');
        await ctx.deps.store.writeKeys.delete(key);
        const after = await view(ctx, source.id);
        await ctx.audit({ type: 'Source Modified', resourceType: 'source', resourceId: source.id, resourceName: source.name, before, after });
        return { status: 'SUCCESS' };
      },
    },
    ...(['post', 'put'] as const).map(
      (method): RouteDef => ({
        method, path: '/sources/{sourceId}/labels', operationId: method === 'post' ? 'addLabelsToSource' : 'replaceLabelsInSource',
        summary: method === 'post' ? 'Add Labels to Source' : 'Replace Labels in Source', tag, permission: 'source:write', audit: ['Source Modified'], body: labelsBody,
        async handler(ctx) {
          const source = await loadSource(ctx, ctx.param('sourceId'));
          const labels = labelsOf(await ctx.body());
          const before = await view(ctx, source.id);
          const repo = ctx.deps.admin.labels;
          const result = method === 'post'
            ? await repo.addToResource(ctx.principal.workspaceId, 'source', source.id, labels)
            : await repo.replaceOnResource(ctx.principal.workspaceId, 'source', source.id, labels);
          await ctx.audit({ type: 'Source Modified', resourceType: 'source', resourceId: source.id, resourceName: source.name, before: { labels: before.labels }, after: { labels: result } });
          return { labels: result };
        },
      }),
    ),
    {
      method: 'get', path: '/sources/{sourceId}/connected-destinations', operationId: 'listConnectedDestinationsFromSource', summary: 'List Connected Destinations from Source', tag, permission: 'source:read:scoped', query: PAGINATION_QUERY,
      async handler(ctx) {
        const source = await loadSource(ctx, ctx.param('sourceId'));
        const destinations = await withoutManaged(ctx.deps, source.workspaceId, await ctx.deps.store.destinations.list({ sourceId: source.id }));
        const { items, pagination } = paginate(destinations, ctx.page());
        return { destinations: await Promise.all(items.map((d) => destinationView(ctx.deps, d))), pagination };
      },
    },
  ];
}
