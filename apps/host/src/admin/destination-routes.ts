import { ApiError } from './api-error.ts';
import { boolField, objectField, stringField } from './body-fields.ts';
import { definitionOf, destinationView } from './destination-view.ts';
import { paginate } from './pagination.ts';
import { loadDestination, loadSource } from './resource-loaders.ts';
import { PAGINATION_QUERY, type RouteDef } from './route-types.ts';
import { visibleTo } from './resource-visibility.ts';
import { subscriptionView } from './subscription-routes.ts';
import { refuseManaged, withoutManaged } from './warehouse-managed.ts';

const tag = 'Destinations';

/**
 * Routes of destinations: CRUD, settings validated against the plugin's schema and encrypted at
 * rest, redacted on read; the plugin's presets become subscriptions on install. The list shows
 * what the principal may see (grants by id or label: their sources' destinations) and hides
 * warehouse-managed destinations, which answer 409 to a direct PATCH or DELETE.
 *
 * @example
 * const routes = destinationRoutes();
 */
export function destinationRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/destinations', operationId: 'listDestinations', summary: 'List Destinations', tag, permission: 'destination:read:scoped', query: PAGINATION_QUERY,
      async handler(ctx) {
        const { workspaceId } = ctx.principal;
        const all = await withoutManaged(ctx.deps, workspaceId, await ctx.deps.store.destinations.list({ workspaceId }));
        const { items, pagination } = paginate(await visibleTo(ctx, 'destination:read:scoped', 'destination', all, (d) => d.sourceId), ctx.page());
        return { destinations: await Promise.all(items.map((d) => destinationView(ctx.deps, d))), pagination };
      },
    },
    {
      method: 'post', path: '/destinations', operationId: 'createDestination', summary: 'Create Destination', tag, permission: 'destination:write:scoped',
      audit: ['Integration Created', 'Destination Subscription Created'],
      body: { type: 'object', required: ['sourceId', 'metadataId', 'name', 'settings'], properties: { sourceId: { type: 'string' }, metadataId: { type: 'string' }, name: { type: 'string' }, enabled: { type: 'boolean' }, settings: { type: 'object' } } },
      async handler(ctx) {
        const body = await ctx.body();
        const sourceId = stringField(body, 'sourceId', true);
        const metadataId = stringField(body, 'metadataId', true);
        const name = stringField(body, 'name') ?? metadataId;
        const enabled = boolField(body, 'enabled');
        const settings = objectField(body, 'settings') ?? {};
        const source = await loadSource(ctx, sourceId);
        const { catalog, cipher, store, delivery } = ctx.deps;
        const meta = await catalog.destination(metadataId);
        if (!meta) throw new ApiError(422, `metadataId: no destination "${metadataId}" in the catalog`, 'metadataId');
        await catalog.assertCanInstall(ctx.principal.workspaceId, metadataId);
        if (meta.status === 'FAILED') throw new ApiError(422, `metadataId: plugin "${metadataId}" failed to load: ${meta.failure?.reason ?? 'unknown'}`, 'metadataId');
        const def = await catalog.loader.resolveIntegration(metadataId);
        const sealed = cipher.seal(def.settings, settings);
        const created = await store.destinations.create({ sourceId: source.id, integration: def.slug, pluginVersion: def.version, name, settings: sealed, ...(enabled !== undefined ? { enabled } : {}) });
        const after = await destinationView(ctx.deps, created);
        await ctx.audit({ type: 'Integration Created', resourceType: 'destination', resourceId: created.id, resourceName: created.name, before: null, after });
        for (const preset of def.presets ?? []) {
          const sub = await delivery.createSubscription({ destinationId: created.id, actionId: preset.actionId, name: preset.name, trigger: preset.trigger, mapping: { ...(preset.mapping ?? {}) } });
          await ctx.audit({ type: 'Destination Subscription Created', resourceType: 'destination_subscription', resourceId: sub.id, resourceName: sub.name, before: null, after: subscriptionView(sub) });
        }
        return { destination: after };
      },
    },
    {
      method: 'get', path: '/destinations/{destinationId}', operationId: 'getDestination', summary: 'Get Destination', tag, permission: 'destination:read:scoped',
      async handler(ctx) {
        return { destination: await destinationView(ctx.deps, await loadDestination(ctx, ctx.param('destinationId'))) };
      },
    },
    {
      method: 'patch', path: '/destinations/{destinationId}', operationId: 'updateDestination', summary: 'Update Destination', tag, permission: 'destination:write:scoped',
      audit: ['Integration Modified', 'Integration Enabled', 'Integration Disabled'],
      body: { type: 'object', properties: { name: { type: 'string' }, enabled: { type: 'boolean' }, settings: { type: 'object' } } },
      async handler(ctx) {
        const current = await loadDestination(ctx, ctx.param('destinationId'));
        await refuseManaged(ctx.deps, current);
        const body = await ctx.body();
        const name = stringField(body, 'name');
        const enabled = boolField(body, 'enabled');
        const settings = objectField(body, 'settings');
        const before = await destinationView(ctx.deps, current);
        let sealed: string | undefined;
        if (settings) {
          const def = await definitionOf(ctx.deps, current);
          if (!def) throw new ApiError(422, `settings: plugin "${current.integration}@${current.pluginVersion}" cannot be loaded, so its settings cannot be validated`, 'settings');
          sealed = ctx.deps.cipher.seal(def.settings, settings, current.settings);
        }
        const updated = await ctx.deps.store.destinations.update(current.id, {
          ...(name !== undefined ? { name } : {}),
          ...(enabled !== undefined ? { enabled } : {}),
          ...(sealed !== undefined ? { settings: sealed } : {}),
        });
        const after = await destinationView(ctx.deps, updated);
        const type = enabled === undefined || enabled === current.enabled ? 'Integration Modified' : enabled ? 'Integration Enabled' : 'Integration Disabled';
        await ctx.audit({ type, resourceType: 'destination', resourceId: updated.id, resourceName: updated.name, before, after });
        return { destination: after };
      },
    },
    {
      method: 'delete', path: '/destinations/{destinationId}', operationId: 'deleteDestination', summary: 'Delete Destination', tag, permission: 'destination:write:scoped', audit: ['Integration Deleted'],
      async handler(ctx) {
        const current = await loadDestination(ctx, ctx.param('destinationId'));
        await refuseManaged(ctx.deps, current);
        const before = await destinationView(ctx.deps, current);
        await ctx.deps.store.destinations.delete(current.id);
        await ctx.audit({ type: 'Integration Deleted', resourceType: 'destination', resourceId: current.id, resourceName: current.name, before, after: null });
        return { status: 'SUCCESS' };
      },
    },
  ];
}
