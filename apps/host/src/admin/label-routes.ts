import { ApiError } from './api-error.ts';
import { objectField } from './body-fields.ts';
import type { RouteDef } from './route-types.ts';

const tag = 'Labels';

/**
 * Routes of workspace labels; a label in use cannot be deleted (409).
 *
 * @example
 * const routes = labelRoutes();
 */
export function labelRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/labels', operationId: 'listLabels', summary: 'List Labels', tag, permission: 'label:read',
      async handler(ctx) {
        return { labels: await ctx.deps.admin.labels.list(ctx.principal.workspaceId) };
      },
    },
    {
      method: 'post', path: '/labels', operationId: 'createLabel', summary: 'Create Label', tag, permission: 'label:write', status: 201, audit: ['Label Created'],
      body: { type: 'object', required: ['label'], properties: { label: { $ref: '#/components/schemas/Label' } } },
      async handler(ctx) {
        const label = objectField(await ctx.body(), 'label', true)!;
        const created = await ctx.deps.admin.labels.create(ctx.principal.workspaceId, label as never);
        const id = `${created.key}:${created.value}`;
        await ctx.audit({ type: 'Label Created', resourceType: 'label', resourceId: id, resourceName: id, before: null, after: created });
        return { label: created };
      },
    },
    {
      method: 'delete', path: '/labels/{key}/{value}', operationId: 'deleteLabel', summary: 'Delete Label', tag, permission: 'label:write', audit: ['Label Deleted'],
      async handler(ctx) {
        const key = ctx.param('key');
        const value = ctx.param('value');
        const id = `${key}:${value}`;
        const existing = (await ctx.deps.admin.labels.list(ctx.principal.workspaceId)).find((l) => l.key === key && l.value === value);
        if (!existing) throw new ApiError(404, `label "${id}" not found`);
        await ctx.deps.admin.labels.delete(ctx.principal.workspaceId, key, value);
        await ctx.audit({ type: 'Label Deleted', resourceType: 'label', resourceId: id, resourceName: id, before: existing, after: null });
        return { status: 'SUCCESS' };
      },
    },
  ];
}
