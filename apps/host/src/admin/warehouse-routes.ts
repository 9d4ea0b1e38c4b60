import { validateSettings } from '../secrets/index.ts';
import { ApiError } from './api-error.ts';
import { boolField, objectField, stringField } from './body-fields.ts';
import { paginate } from './pagination.ts';
import { PAGINATION_QUERY, type RouteContext, type RouteDef } from './route-types.ts';
import { checkWarehouse } from './warehouse-checks.ts';
import { warehouseConnectionRoutes } from './warehouse-connection-routes.ts';
import { dropManagedDestinations, syncManagedDestinations } from './warehouse-managed.ts';
import { isWarehouseEntry, loadWarehouse, warehouseDefinition, warehousesOf, warehouseView } from './warehouse-view.ts';

const tag = 'Warehouses';
const settingsBody = { type: 'object', description: 'Settings of the warehouse integration (its catalog entry lists them as options); secrets may be sent back redacted to keep them.' };

/** The catalog entry `metadataId` names, checked: exists, is a warehouse, may be installed, loads. */
async function warehouseIntegration(ctx: RouteContext, metadataId: string) {
  const meta = await ctx.deps.catalog.destination(metadataId);
  if (!meta || !isWarehouseEntry(meta)) throw new ApiError(422, `metadataId: no warehouse "${metadataId}" in the catalog (GET /catalog/warehouses lists them)`, 'metadataId');
  if (meta.status === 'FAILED') throw new ApiError(422, `metadataId: plugin "${metadataId}" failed to load: ${meta.failure?.reason ?? 'unknown'}`, 'metadataId');
  return ctx.deps.catalog.loader.resolveIntegration(metadataId);
}

/**
 * Routes of warehouses in Segment's Public API shape: CRUD (settings validated against the
 * plugin's schema, sealed by the settings cipher, redacted on read), settings validation against
 * the warehouse itself, and (from warehouse-connection-routes.ts) source connections, connection
 * state and syncs. Permissions: `destination:read` / `destination:write`.
 *
 * @example
 * const routes = warehouseRoutes(); // [{ method: 'get', path: '/warehouses', … }, …]
 */
export function warehouseRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/warehouses', operationId: 'listWarehouses', summary: 'List Warehouses', tag, permission: 'destination:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const { items, pagination } = paginate(await warehousesOf(ctx.deps).list(ctx.principal.workspaceId), ctx.page());
        return { warehouses: await Promise.all(items.map((w) => warehouseView(ctx.deps, w))), pagination };
      },
    },
    {
      method: 'post', path: '/warehouses', operationId: 'createWarehouse', summary: 'Create Warehouse', tag, permission: 'destination:write', status: 201, audit: ['Warehouse Created'],
      body: { type: 'object', required: ['metadataId', 'settings'], properties: { metadataId: { type: 'string' }, name: { type: 'string' }, enabled: { type: 'boolean' }, settings: settingsBody } },
      async handler(ctx) {
        const body = await ctx.body();
        const metadataId = stringField(body, 'metadataId', true);
        const name = stringField(body, 'name') ?? metadataId;
        const enabled = boolField(body, 'enabled');
        const settings = objectField(body, 'settings', true)!;
        const def = await warehouseIntegration(ctx, metadataId);
        await ctx.deps.catalog.assertCanInstall(ctx.principal.workspaceId, metadataId);
        const sealed = ctx.deps.cipher.seal(def.settings, settings);
        const created = await warehousesOf(ctx.deps).create({ workspaceId: ctx.principal.workspaceId, integration: def.slug, pluginVersion: def.version, name, settings: sealed, ...(enabled !== undefined ? { enabled } : {}) });
        const after = await warehouseView(ctx.deps, created);
        await ctx.audit({ type: 'Warehouse Created', resourceType: 'warehouse', resourceId: created.id, resourceName: created.name, before: null, after });
        return { warehouse: after };
      },
    },
    {
      method: 'post', path: '/warehouses/validation', operationId: 'createValidationInWarehouse', summary: 'Create Validation in Warehouse', tag, permission: 'destination:write', readOnly: true,
      body: { type: 'object', required: ['metadataId', 'settings'], properties: { metadataId: { type: 'string' }, settings: settingsBody } },
      async handler(ctx) {
        const body = await ctx.body();
        const def = await warehouseIntegration(ctx, stringField(body, 'metadataId', true));
        const settings = objectField(body, 'settings', true)!;
        validateSettings(def.settings, settings);
        return checkWarehouse(def, settings);
      },
    },
    {
      method: 'get', path: '/warehouses/{warehouseId}', operationId: 'getWarehouse', summary: 'Get Warehouse', tag, permission: 'destination:read',
      async handler(ctx) {
        return { warehouse: await warehouseView(ctx.deps, await loadWarehouse(ctx, ctx.param('warehouseId'))) };
      },
    },
    {
      method: 'patch', path: '/warehouses/{warehouseId}', operationId: 'updateWarehouse', summary: 'Update Warehouse', tag, permission: 'destination:write',
      audit: ['Warehouse Modified', 'Warehouse Enabled', 'Warehouse Disabled'],
      body: { type: 'object', properties: { name: { type: ['string', 'null'] }, enabled: { type: 'boolean' }, settings: settingsBody } },
      async handler(ctx) {
        const current = await loadWarehouse(ctx, ctx.param('warehouseId'));
        const body = await ctx.body();
        const name = stringField(body, 'name');
        const enabled = boolField(body, 'enabled');
        const settings = objectField(body, 'settings');
        const before = await warehouseView(ctx.deps, current);
        const sealed = settings ? ctx.deps.cipher.seal((await warehouseDefinition(ctx.deps, current)).settings, settings, current.settings) : undefined;
        const updated = await warehousesOf(ctx.deps).update(current.id, {
          ...(name !== undefined ? { name } : {}),
          ...(enabled !== undefined ? { enabled } : {}),
          ...(sealed !== undefined ? { settings: sealed } : {}),
        });
        await syncManagedDestinations(ctx.deps, updated);
        const after = await warehouseView(ctx.deps, updated);
        const type = enabled === undefined || enabled === current.enabled ? 'Warehouse Modified' : enabled ? 'Warehouse Enabled' : 'Warehouse Disabled';
        await ctx.audit({ type, resourceType: 'warehouse', resourceId: updated.id, resourceName: updated.name, before, after });
        return { warehouse: after };
      },
    },
    {
      method: 'delete', path: '/warehouses/{warehouseId}', operationId: 'deleteWarehouse', summary: 'Delete Warehouse', tag, permission: 'destination:write', audit: ['Warehouse Deleted'],
      async handler(ctx) {
        const current = await loadWarehouse(ctx, ctx.param('warehouseId'));
        const before = await warehouseView(ctx.deps, current);
        const repo = warehousesOf(ctx.deps);
        const connections = await repo.connections({ warehouseId: current.id });
        await dropManagedDestinations(ctx.deps, connections);
        await repo.delete(current.id);
        await ctx.audit({ type: 'Warehouse Deleted', resourceType: 'warehouse', resourceId: current.id, resourceName: current.name, before: { ...before, sourceIds: connections.map((c) => c.sourceId) }, after: null });
        return { status: 'SUCCESS' };
      },
    },
    ...warehouseConnectionRoutes(),
  ];
}
