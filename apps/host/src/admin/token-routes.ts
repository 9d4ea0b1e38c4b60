import type { ApiToken } from '@junction/store';
import { ApiError } from './api-error.ts';
import { stringField } from './body-fields.ts';
import { paginate } from './pagination.ts';
import { isRoleId, ROLES } from './permissions.ts';
import { PAGINATION_QUERY, type RouteDef } from './route-types.ts';

const tag = 'API Tokens';

/**
 * A token as listed: the display prefix, never the secret.
 *
 * @example
 * tokenView(token); // { id, name: 'CI', role: 'WORKSPACE_OWNER', roleName: 'Workspace Owner', prefix: 'jct_4fQz', createdAt, lastUsedAt }
 */
export function tokenView(t: ApiToken) {
  const roleName = isRoleId(t.role) ? ROLES[t.role].name : t.role;
  return { id: t.id, name: t.name, role: t.role, roleName, prefix: t.prefix, createdBy: t.createdBy, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt };
}

/**
 * Routes of admin API tokens (Junction's; Segment manages them in its app). The plaintext is in
 * the create response only.
 *
 * @example
 * const routes = tokenRoutes();
 */
export function tokenRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/tokens', operationId: 'listTokens', summary: 'List API Tokens (Junction)', tag, permission: 'token:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const { items, pagination } = paginate(await ctx.deps.admin.apiTokens.list(ctx.principal.workspaceId), ctx.page());
        return { tokens: items.map(tokenView), pagination };
      },
    },
    {
      method: 'post', path: '/tokens', operationId: 'createToken', summary: 'Create API Token (Junction)', tag, permission: 'token:write', status: 201, audit: ['Access Token Created'],
      body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, role: { enum: Object.keys(ROLES) } } },
      async handler(ctx) {
        const body = await ctx.body();
        const name = stringField(body, 'name', true);
        const role = stringField(body, 'role') ?? 'WORKSPACE_MEMBER';
        if (!isRoleId(role)) throw new ApiError(422, `role must be one of ${Object.keys(ROLES).join(', ')}, got ${JSON.stringify(role)}`, 'role');
        const { token, plaintext } = await ctx.deps.admin.apiTokens.create({ workspaceId: ctx.principal.workspaceId, name, role, createdBy: ctx.principal.tokenId });
        const view = tokenView(token);
        await ctx.audit({ type: 'Access Token Created', resourceType: 'token', resourceId: token.id, resourceName: token.name, before: null, after: view });
        return { token: { ...view, value: plaintext } };
      },
    },
    {
      method: 'delete', path: '/tokens/{tokenId}', operationId: 'deleteToken', summary: 'Delete API Token (Junction)', tag, permission: 'token:write', audit: ['Access Token Deleted'],
      async handler(ctx) {
        const id = ctx.param('tokenId');
        const token = await ctx.deps.admin.apiTokens.get(id);
        if (!token || token.workspaceId !== ctx.principal.workspaceId) throw new ApiError(404, `token "${id}" not found`);
        ctx.require({ type: 'token', id, workspaceId: token.workspaceId });
        await ctx.deps.admin.apiTokens.delete(id);
        await ctx.audit({ type: 'Access Token Deleted', resourceType: 'token', resourceId: id, resourceName: token.name, before: tokenView(token), after: null });
        return { status: 'SUCCESS' };
      },
    },
  ];
}
