import { ApiError } from './api-error.ts';
import { paginate } from './pagination.ts';
import { loadSource } from './resource-loaders.ts';
import { PAGINATION_QUERY, type RouteContext, type RouteDef } from './route-types.ts';
import { sourceViews } from './source-view.ts';
import { checkWarehouse } from './warehouse-checks.ts';
import { connectSource, dropManagedDestinations } from './warehouse-managed.ts';
import { syncReports } from './warehouse-syncs.ts';
import { loadWarehouse, warehouseDefinition, warehousesOf, warehouseView } from './warehouse-view.ts';

const tag = 'Warehouses';

/** The warehouse's decrypted settings and integration (for connection checks and sync status only). */
async function openWarehouse(ctx: RouteContext) {
  const warehouse = await loadWarehouse(ctx, ctx.param('warehouseId'));
  const def = await warehouseDefinition(ctx.deps, warehouse);
  return { warehouse, def, settings: ctx.deps.cipher.open(def.settings, warehouse.settings) };
}

/**
 * Routes connecting warehouses and sources (each connection is a managed destination the engine
 * delivers through), the connection state, syncs, and `GET /sources/{sourceId}/connected-warehouses`.
 *
 * @example
 * const routes = warehouseConnectionRoutes();
 */
export function warehouseConnectionRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/warehouses/{warehouseId}/connection-state', operationId: 'getConnectionStateFromWarehouse', summary: 'Get Connection State from Warehouse', tag, permission: 'destination:read',
      async handler(ctx) {
        const { def, settings } = await openWarehouse(ctx);
        const check = await checkWarehouse(def, settings);
        return { connectionState: check.status, ...(check.error ? { error: check.error } : {}) };
      },
    },
    {
      method: 'get', path: '/warehouses/{warehouseId}/connected-sources', operationId: 'listConnectedSourcesFromWarehouse', summary: 'List Connected Sources from Warehouse', tag, permission: 'destination:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const warehouse = await loadWarehouse(ctx, ctx.param('warehouseId'));
        const connections = await warehousesOf(ctx.deps).connections({ warehouseId: warehouse.id });
        const { items, pagination } = paginate(connections, ctx.page());
        const sources = (await Promise.all(items.map((c) => ctx.deps.store.sources.get(c.sourceId)))).filter((s) => s !== undefined);
        return { sources: await sourceViews(ctx.deps, sources), pagination };
      },
    },
    {
      method: 'post', path: '/warehouses/{warehouseId}/connected-sources/{sourceId}', operationId: 'addConnectionFromSourceToWarehouse', summary: 'Add Connection from Source to Warehouse', tag, permission: 'destination:write', status: 201, audit: ['Warehouse Source Connected'],
      async handler(ctx) {
        const warehouse = await loadWarehouse(ctx, ctx.param('warehouseId'));
        const source = await loadSource(ctx, ctx.param('sourceId'));
        const def = await warehouseDefinition(ctx.deps, warehouse);
        const connection = await connectSource(ctx.deps, warehouse, source, def);
        await ctx.audit({ type: 'Warehouse Source Connected', resourceType: 'warehouse', resourceId: warehouse.id, resourceName: warehouse.name, before: null, after: connection });
        return { status: 'CONNECTED' };
      },
    },
    {
      method: 'delete', path: '/warehouses/{warehouseId}/connected-sources/{sourceId}', operationId: 'removeSourceConnectionFromWarehouse', summary: 'Remove Source Connection from Warehouse', tag, permission: 'destination:write', audit: ['Warehouse Source Disconnected'],
      async handler(ctx) {
        const warehouse = await loadWarehouse(ctx, ctx.param('warehouseId'));
        const source = await loadSource(ctx, ctx.param('sourceId'));
        const connection = await warehousesOf(ctx.deps).connection(warehouse.id, source.id);
        if (!connection) throw new ApiError(404, `source "${source.id}" is not connected to warehouse "${warehouse.id}"`);
        await dropManagedDestinations(ctx.deps, [connection]);
        await warehousesOf(ctx.deps).disconnect(warehouse.id, source.id);
        await ctx.audit({ type: 'Warehouse Source Disconnected', resourceType: 'warehouse', resourceId: warehouse.id, resourceName: warehouse.name, before: connection, after: null });
        return { status: 'SUCCESS' };
      },
    },
    {
      method: 'get', path: '/warehouses/{warehouseId}/syncs', operationId: 'listSyncsFromWarehouse', summary: 'List Syncs from Warehouse', tag: 'Selective Sync', permission: 'destination:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const { warehouse, settings } = await openWarehouse(ctx);
        const connections = await warehousesOf(ctx.deps).connections({ warehouseId: warehouse.id });
        const sourceId = connections.length === 1 ? connections[0]!.sourceId : '';
        const { items, pagination } = paginate(syncReports(warehouse.integration, settings, sourceId), ctx.page());
        return { reports: items, pagination };
      },
    },
    {
      method: 'get', path: '/warehouses/{warehouseId}/connected-sources/{sourceId}/syncs', operationId: 'listSyncsFromWarehouseAndSource', summary: 'List Syncs from Warehouse and Source', tag: 'Selective Sync', permission: 'destination:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const { warehouse, settings } = await openWarehouse(ctx);
        const source = await loadSource(ctx, ctx.param('sourceId'));
        if (!(await warehousesOf(ctx.deps).connection(warehouse.id, source.id))) throw new ApiError(404, `source "${source.id}" is not connected to warehouse "${warehouse.id}"`);
        const { items, pagination } = paginate(syncReports(warehouse.integration, settings, source.id), ctx.page());
        return { reports: items, pagination };
      },
    },
    {
      method: 'get', path: '/sources/{sourceId}/connected-warehouses', operationId: 'listConnectedWarehousesFromSource', summary: 'List Connected Warehouses from Source', tag: 'Sources', permission: 'destination:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const source = await loadSource(ctx, ctx.param('sourceId'));
        const repo = warehousesOf(ctx.deps);
        const { items, pagination } = paginate(await repo.connections({ sourceId: source.id }), ctx.page());
        const warehouses = (await Promise.all(items.map((c) => repo.get(c.warehouseId)))).filter((w) => w !== undefined);
        return { warehouses: await Promise.all(warehouses.map((w) => warehouseView(ctx.deps, w))), pagination };
      },
    },
  ];
}
