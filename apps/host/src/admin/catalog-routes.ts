import { type CatalogPolicy, checkCatalogPolicy } from '../catalog/index.ts';
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

async function policyView(ctx: RouteContext): Promise<{ allow: string[] | null }> {
  const policy = await ctx.deps.catalog.policies.get(ctx.principal.workspaceId);
  return { allow: policy ? policy.allow : null };
}

/**
 * Routes of the catalog: destinations (the workspace's allow-list applied), sources, warehouses, and the
 * workspace's allow-list itself (`/catalog/policy`).
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
      method: 'get', path: '/catalog/policy', operationId: 'getCatalogPolicy', summary: 'Get Catalog Policy (Junction)', tag, permission: 'catalog:read',
      async handler(ctx) {
        return { catalogPolicy: await policyView(ctx) };
      },
    },
    {
      method: 'put', path: '/catalog/policy', operationId: 'updateCatalogPolicy', summary: 'Update Catalog Policy (Junction)', tag, permission: 'workspace:write', audit: ['Catalog Policy Modified'],
      body: { type: 'object', required: ['allow'], properties: { allow: { oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }], description: 'Integration slugs members may install; null lifts the restriction.' } } },
      async handler(ctx) {
        const body = await ctx.body();
        if (!('allow' in body)) throw new ApiError(422, 'allow is required: an array of integration slugs, or null for no restriction', 'allow');
        let policy: CatalogPolicy | undefined;
        try {
          policy = body.allow === null ? undefined : checkCatalogPolicy({ allow: body.allow });
        } catch (error) {
          throw new ApiError(422, (error as Error).message.replace(/^policy\./, ''), 'allow');
        }
        if (policy) {
          const known = new Set((await ctx.deps.catalog.destinations()).map((d) => d.slug));
          const unknown = policy.allow.filter((slug) => !known.has(slug));
          if (unknown.length > 0) throw new ApiError(422, `allow names catalog entries that do not exist: ${unknown.join(', ')}`, 'allow');
        }
        const before = await policyView(ctx);
        await ctx.deps.catalog.policies.set(ctx.principal.workspaceId, policy);
        const after = await policyView(ctx);
        await ctx.audit({ type: 'Catalog Policy Modified', resourceType: 'workspace', resourceId: ctx.principal.workspaceId, resourceName: 'catalog policy', before, after });
        return { catalogPolicy: after };
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
