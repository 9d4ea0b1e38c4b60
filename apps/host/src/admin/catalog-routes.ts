import { ApiError } from './api-error.ts';
import { toMetadataV1 } from './destination-view.ts';
import { paginate } from './pagination.ts';
import { PAGINATION_QUERY, type RouteContext, type RouteDef } from './route-types.ts';
import { sourceMetadataView } from './source-view.ts';

const tag = 'Catalog';

async function warehouses(ctx: RouteContext) {
  const all = await ctx.deps.catalog.destinations({ workspaceId: ctx.principal.workspaceId });
  return all
    .filter((d) => d.categories.some((c) => /warehouse/i.test(c)))
    .map((d) => ({ id: d.id, name: d.name, slug: d.slug, description: d.description, logos: d.logos, options: d.options }));
}

/**
 * Routes of the catalog: destinations (the workspace's allow-list applied), sources, warehouses.
 *
 * @example
 * const routes = catalogRoutes();
 */
export function catalogRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/catalog/destinations', operationId: 'getDestinationsCatalog', summary: 'Get Destinations Catalog', tag, permission: 'catalog:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const { items, pagination } = paginate(await ctx.deps.catalog.destinations({ workspaceId: ctx.principal.workspaceId }), ctx.page());
        return { destinationsCatalog: items.map(toMetadataV1), pagination };
      },
    },
    {
      method: 'get', path: '/catalog/destinations/{destinationMetadataId}', operationId: 'getDestinationMetadata', summary: 'Get Destination Metadata', tag, permission: 'catalog:read',
      async handler(ctx) {
        const id = ctx.param('destinationMetadataId');
        const meta = await ctx.deps.catalog.destination(id, { workspaceId: ctx.principal.workspaceId });
        if (!meta) throw new ApiError(404, `destination metadata "${id}" not found`);
        return { destinationMetadata: toMetadataV1(meta) };
      },
    },
    {
      method: 'get', path: '/catalog/sources', operationId: 'getSourcesCatalog', summary: 'Get Sources Catalog', tag, permission: 'catalog:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const { items, pagination } = paginate(ctx.deps.catalog.sources(), ctx.page());
        return { sourcesCatalog: items.map((s) => sourceMetadataView(ctx.deps, s.id)!), pagination };
      },
    },
    {
      method: 'get', path: '/catalog/sources/{sourceMetadataId}', operationId: 'getSourceMetadata', summary: 'Get Source Metadata', tag, permission: 'catalog:read',
      async handler(ctx) {
        const id = ctx.param('sourceMetadataId');
        const meta = sourceMetadataView(ctx.deps, id);
        if (!meta) throw new ApiError(404, `source metadata "${id}" not found`);
        return { sourceMetadata: meta };
      },
    },
    {
      method: 'get', path: '/catalog/warehouses', operationId: 'getWarehousesCatalog', summary: 'Get Warehouses Catalog', tag, permission: 'catalog:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const { items, pagination } = paginate(await warehouses(ctx), ctx.page());
        return { warehousesCatalog: items, pagination };
      },
    },
    {
      method: 'get', path: '/catalog/warehouses/{warehouseMetadataId}', operationId: 'getWarehouseMetadata', summary: 'Get Warehouse Metadata', tag, permission: 'catalog:read',
      async handler(ctx) {
        const id = ctx.param('warehouseMetadataId');
        const meta = (await warehouses(ctx)).find((w) => w.id === id);
        if (!meta) throw new ApiError(404, `warehouse metadata "${id}" not found`);
        return { warehouseMetadata: meta };
      },
    },
  ];
}
