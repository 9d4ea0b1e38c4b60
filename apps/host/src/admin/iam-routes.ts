import { checkEmail, type StoredGrant } from '@junction/store';
import { ApiError } from './api-error.ts';
import { iamOf, loadUser, queryList } from './iam-context.ts';
import { groupRoutes } from './iam-group-routes.ts';
import { emailList, invitePermissions, readGrants } from './iam-input.ts';
import { permissionsView, roleView, userView } from './iam-views.ts';
import { paginate } from './pagination.ts';
import { type RoleId, ROLES } from './permissions.ts';
import { PAGINATION_QUERY, type RouteDef } from './route-types.ts';

const tag = 'IAM Users';
const permissionsBody = { type: 'object', required: ['permissions'], properties: { permissions: { type: 'array', items: { type: 'object', required: ['roleId', 'resources'] } } } };

/**
 * IAM routes in the shape of Segment's Public API: roles, users, invites, user groups and their
 * permissions (grants of roles on the workspace, on sources or on labels).
 *
 * @example
 * iamRoutes().map((r) => r.operationId); // ['listRoles', 'listUsers', …]
 */
export function iamRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/roles', operationId: 'listRoles', summary: 'List Roles', tag: 'IAM Roles', permission: 'iam:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const { items, pagination } = paginate((Object.keys(ROLES) as RoleId[]).map(roleView), ctx.page());
        return { roles: items, pagination };
      },
    },
    {
      method: 'get', path: '/users', operationId: 'listUsers', summary: 'List Users', tag, permission: 'iam:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const iam = iamOf(ctx);
        const ws = ctx.principal.workspaceId;
        const { items, pagination } = paginate(await iam.users.listMembers(ws), ctx.page());
        const grants = await iam.grants.list(ws, items.map((u) => ({ type: 'user', id: u.id })));
        return { users: items.map((u) => userView(u, grants.filter((g) => g.subject.id === u.id))), pagination };
      },
    },
    {
      method: 'delete', path: '/users', operationId: 'deleteUsers', summary: 'Delete Users (from the workspace)', tag, permission: 'iam:write', audit: ['User Removed From Workspace'],
      query: [{ name: 'userIds', description: 'Ids of the users to remove from the workspace.', schema: { type: 'array', items: { type: 'string' } } }],
      async handler(ctx) {
        const ids = queryList(ctx, 'userIds');
        if (ids.length === 0) throw new ApiError(422, 'userIds must name at least one user', 'userIds');
        const users = await Promise.all(ids.map((id) => loadUser(ctx, id)));
        const iam = iamOf(ctx);
        for (const user of users) {
          const before = userView(user, await iam.grants.list(ctx.principal.workspaceId, [{ type: 'user', id: user.id }]));
          await iam.users.removeFromWorkspace(ctx.principal.workspaceId, user.id);
          await ctx.audit({ type: 'User Removed From Workspace', resourceType: 'user', resourceId: user.id, resourceName: user.email, before, after: null });
        }
        return { status: 'SUCCESS' };
      },
    },
    {
      method: 'get', path: '/users/{userId}', operationId: 'getUser', summary: 'Get User', tag, permission: 'iam:read',
      async handler(ctx) {
        const user = await loadUser(ctx, ctx.param('userId'));
        return { user: userView(user, await iamOf(ctx).grants.list(ctx.principal.workspaceId, [{ type: 'user', id: user.id }])) };
      },
    },
    {
      method: 'get', path: '/users/{userId}/groups', operationId: 'listUserGroupsFromUser', summary: 'List User Groups from User', tag, permission: 'iam:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const user = await loadUser(ctx, ctx.param('userId'));
        const { items, pagination } = paginate(await iamOf(ctx).groups.groupsOfUser(ctx.principal.workspaceId, user.id), ctx.page());
        return { groups: items.map((g) => ({ id: g.id, name: g.name })), pagination };
      },
    },
    ...(['post', 'put'] as const).map(
      (method): RouteDef => ({
        method, path: '/users/{userId}/permissions', operationId: method === 'post' ? 'addPermissionsToUser' : 'replacePermissionsForUser',
        summary: method === 'post' ? 'Add Permissions to User' : 'Replace Permissions for User', tag, permission: 'iam:write', audit: ['User Policy Updated'], body: permissionsBody,
        async handler(ctx) {
          const user = await loadUser(ctx, ctx.param('userId'));
          const iam = iamOf(ctx);
          const ws = ctx.principal.workspaceId;
          const inputs = await readGrants(iam, ws, (await ctx.body()).permissions, 'permissions');
          const subject = { type: 'user', id: user.id } as const;
          const before = permissionsView(await iam.grants.list(ws, [subject]));
          const after: StoredGrant[] = method === 'post' ? await iam.grants.add(ws, subject, inputs) : await iam.grants.replace(ws, subject, inputs);
          await ctx.audit({ type: 'User Policy Updated', resourceType: 'user', resourceId: user.id, resourceName: user.email, before, after: permissionsView(after) });
          return { permissions: permissionsView(after) };
        },
      }),
    ),
    {
      method: 'get', path: '/invites', operationId: 'listInvites', summary: 'List Invites', tag, permission: 'iam:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const { items, pagination } = paginate(await iamOf(ctx).invites.list(ctx.principal.workspaceId), ctx.page());
        return { invites: items.map((i) => i.email), pagination };
      },
    },
    {
      method: 'post', path: '/invites', operationId: 'createInvites', summary: 'Create Invites', tag, permission: 'iam:write', status: 201, audit: ['User Invited to Workspace'],
      body: { type: 'object', required: ['invites'], properties: { invites: { type: 'array', items: { type: 'object', required: ['email'], properties: { email: { type: 'string' }, permissions: { type: 'array' } } } } } },
      async handler(ctx) {
        const body = await ctx.body();
        if (!Array.isArray(body.invites) || body.invites.length === 0) throw new ApiError(422, 'invites must be a non-empty array of { email, permissions? }', 'invites');
        const iam = iamOf(ctx);
        const ws = ctx.principal.workspaceId;
        const checked = [];
        for (const [i, raw] of (body.invites as unknown[]).entries()) {
          const invite = (raw ?? {}) as Record<string, unknown>;
          const email = checkEmail(`invites[${i}].email`, invite.email);
          if ((await iam.users.membersByEmail(ws, [email])).size > 0) throw new ApiError(409, `invites[${i}].email: ${email} is already a member of this workspace`, `invites[${i}].email`);
          checked.push({ email, permissions: await readGrants(iam, ws, invitePermissions(ws, invite.permissions, `invites[${i}].permissions`), `invites[${i}].permissions`) });
        }
        for (const input of checked) {
          // The invitation token goes to the invitee by mail (console); it is never returned here.
          const { invite } = await iam.invites.create(ws, { ...input, createdBy: ctx.principal.tokenId });
          await ctx.audit({ type: 'User Invited to Workspace', resourceType: 'invite', resourceId: invite.id, resourceName: invite.email, before: null, after: { email: invite.email, permissions: permissionsView(input.permissions.flatMap((p) => p.resources.map((resource) => ({ roleId: p.roleId, resource }) as StoredGrant))), expiresAt: invite.expiresAt } });
        }
        return { emails: checked.map((c) => c.email) };
      },
    },
    {
      method: 'delete', path: '/invites', operationId: 'deleteInvites', summary: 'Delete Invites', tag, permission: 'iam:write', audit: ['Invite Deleted'],
      query: [{ name: 'emails', description: 'Emails of the invites to revoke.', schema: { type: 'array', items: { type: 'string' } } }],
      async handler(ctx) {
        const emails = emailList(queryList(ctx, 'emails'), 'emails');
        const iam = iamOf(ctx);
        const ws = ctx.principal.workspaceId;
        const pending = (await Promise.all(emails.map((e) => iam.invites.getByEmail(ws, e)))).filter((i) => i !== undefined);
        if (pending.length === 0) throw new ApiError(404, `no pending invite for ${emails.join(', ')}`);
        await iam.invites.delete(ws, emails);
        for (const invite of pending) await ctx.audit({ type: 'Invite Deleted', resourceType: 'invite', resourceId: invite.id, resourceName: invite.email, before: { email: invite.email, expiresAt: invite.expiresAt }, after: null });
        return { status: 'SUCCESS' };
      },
    },
    ...groupRoutes(),
  ];
}
