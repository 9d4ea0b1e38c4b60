import { type ApiToken, openIamStore, type StoredGrant } from '@junction/store';
import { ApiError } from './api-error.ts';
import { stringField } from './body-fields.ts';
import { readGrants } from './iam-input.ts';
import { permissionsView } from './iam-views.ts';
import { paginate } from './pagination.ts';
import { isRoleId, ROLES } from './permissions.ts';
import { PAGINATION_QUERY, type RouteContext, type RouteDef } from './route-types.ts';

const tag = 'API Tokens';

/**
 * A token as listed: the display prefix and the roles it carries, never the secret. A token
 * issued with one role holds it on the whole workspace.
 *
 * @example
 * tokenView(token, grants); // { id, name: 'CI', role: 'SOURCE_ADMIN', roleName: 'Source Admin', permissions: [...], prefix: 'jct_4fQz', createdAt, lastUsedAt }
 */
export function tokenView(t: ApiToken, grants: readonly StoredGrant[] = []) {
  const roleName = isRoleId(t.role) ? ROLES[t.role].name : t.role;
  const permissions = grants.length > 0 ? permissionsView(grants) : [{ roleId: t.role, roleName, resources: [{ id: t.workspaceId, type: 'WORKSPACE' }] }];
  return { id: t.id, name: t.name, role: t.role, roleName, permissions, prefix: t.prefix, createdBy: t.createdBy, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt };
}

async function grantsOfTokens(ctx: RouteContext, tokens: readonly ApiToken[]) {
  return openIamStore(ctx.deps.store).grants.list(ctx.principal.workspaceId, tokens.map((t) => ({ type: 'token', id: t.id })));
}

/**
 * Routes of admin API tokens (Junction's; Segment manages them in its app). A token is issued
 * with a `role` on the whole workspace or with `permissions` (Segment's `PermissionInputV1[]`:
 * roles on the workspace, on sources or on labels) and carries them. The plaintext is in the
 * create response only.
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
        const grants = await grantsOfTokens(ctx, items);
        return { tokens: items.map((t) => tokenView(t, grants.filter((g) => g.subject.id === t.id))), pagination };
      },
    },
    {
      method: 'post', path: '/tokens', operationId: 'createToken', summary: 'Create API Token (Junction)', tag, permission: 'token:write', status: 201, audit: ['Access Token Created'],
      body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, role: { enum: Object.keys(ROLES) }, permissions: { type: 'array', items: { type: 'object', required: ['roleId', 'resources'] } } } },
      async handler(ctx) {
        const body = await ctx.body();
        const name = stringField(body, 'name', true);
        const ws = ctx.principal.workspaceId;
        const iam = openIamStore(ctx.deps.store);
        const permissions = body.permissions === undefined ? undefined : await readGrants(iam, ws, body.permissions, 'permissions');
        if (permissions && permissions.length === 0) throw new ApiError(422, 'permissions must grant at least one role', 'permissions');
        const role = permissions ? permissions[0]!.roleId : (stringField(body, 'role') ?? 'WORKSPACE_MEMBER');
        if (!isRoleId(role)) throw new ApiError(422, `role must be one of ${Object.keys(ROLES).join(', ')}, got ${JSON.stringify(role)}`, 'role');
        const { token, plaintext } = await ctx.deps.admin.apiTokens.create({ workspaceId: ws, name, role, createdBy: ctx.principal.tokenId });
        const grants = await iam.grants.replace(ws, { type: 'token', id: token.id }, permissions ?? [{ roleId: role, resources: [{ id: ws, type: 'WORKSPACE' }] }]);
        const view = tokenView(token, grants);
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
        const before = tokenView(token, await grantsOfTokens(ctx, [token]));
        await ctx.deps.admin.apiTokens.delete(id);
        await ctx.audit({ type: 'Access Token Deleted', resourceType: 'token', resourceId: id, resourceName: token.name, before, after: null });
        return { status: 'SUCCESS' };
      },
    },
  ];
}
