import type { UserGroup } from '@junction/store';
import { stringField } from './body-fields.ts';
import { iamOf, loadGroup, queryList } from './iam-context.ts';
import { emailList, readGrants } from './iam-input.ts';
import { groupView, permissionsView } from './iam-views.ts';
import { paginate } from './pagination.ts';
import { PAGINATION_QUERY, type RouteContext, type RouteDef } from './route-types.ts';

const tag = 'IAM Groups';
const emailsBody = { type: 'object', required: ['emails'], properties: { emails: { type: 'array', items: { type: 'string' } } } };
const permissionsBody = { type: 'object', required: ['permissions'], properties: { permissions: { type: 'array', items: { type: 'object', required: ['roleId', 'resources'] } } } };

async function view(ctx: RouteContext, group: UserGroup) {
  const iam = iamOf(ctx);
  const fresh = (await iam.groups.get(ctx.principal.workspaceId, group.id)) ?? group;
  return groupView(fresh, await iam.grants.list(ctx.principal.workspaceId, [{ type: 'group', id: group.id }]));
}

async function membership(ctx: RouteContext, groupId: string) {
  const iam = iamOf(ctx);
  return { members: (await iam.groups.members(groupId)).map((u) => u.email), invited: await iam.groups.invitedEmails(groupId) };
}

/** Invited emails without a pending workspace invite get one (no roles: the group's apply). */
async function inviteMissing(ctx: RouteContext, emails: readonly string[]) {
  const iam = iamOf(ctx);
  const ws = ctx.principal.workspaceId;
  for (const email of emails) {
    if (await iam.invites.getByEmail(ws, email)) continue;
    const { invite } = await iam.invites.create(ws, { email, permissions: [], createdBy: ctx.principal.tokenId });
    await ctx.audit({ type: 'User Invited to Workspace', resourceType: 'invite', resourceId: invite.id, resourceName: invite.email, before: null, after: { email: invite.email, permissions: [], expiresAt: invite.expiresAt } });
  }
}

/**
 * Routes of user groups: CRUD, members and invited emails, permissions.
 *
 * @example
 * groupRoutes().map((r) => r.operationId); // ['listUserGroups', 'createUserGroup', …]
 */
export function groupRoutes(): RouteDef[] {
  const membersRoute = (method: 'post' | 'put'): RouteDef => ({
    method, path: method === 'post' ? '/groups/{userGroupId}/users' : '/group/{userGroupId}/users',
    operationId: method === 'post' ? 'addUsersToUserGroup' : 'replaceUsersInUserGroup', summary: method === 'post' ? 'Add Users to User Group' : 'Replace Users in User Group',
    tag, permission: 'iam:write', audit: ['User Added To User Group', 'Group Memberships Deleted', 'User Invited to Workspace'], body: emailsBody,
    async handler(ctx) {
      const group = await loadGroup(ctx, ctx.param('userGroupId'));
      const emails = emailList((await ctx.body()).emails, 'emails');
      const iam = iamOf(ctx);
      const before = await membership(ctx, group.id);
      const ws = ctx.principal.workspaceId;
      const invited = method === 'post' ? await iam.groups.addEmails(ws, group.id, emails) : await iam.groups.replaceEmails(ws, group.id, emails);
      await inviteMissing(ctx, invited);
      const after = await membership(ctx, group.id);
      const type = method === 'post' || after.members.length + after.invited.length >= before.members.length + before.invited.length ? 'User Added To User Group' : 'Group Memberships Deleted';
      await ctx.audit({ type, resourceType: 'user_group', resourceId: group.id, resourceName: group.name, before, after });
      return { userGroup: await view(ctx, group) };
    },
  });
  const permissionsRoute = (method: 'post' | 'put'): RouteDef => ({
    method, path: '/groups/{userGroupId}/permissions', operationId: method === 'post' ? 'addPermissionsToUserGroup' : 'replacePermissionsForUserGroup',
    summary: method === 'post' ? 'Add Permissions to User Group' : 'Replace Permissions for User Group', tag, permission: 'iam:write', audit: ['User Group Policy Updated'], body: permissionsBody,
    async handler(ctx) {
      const group = await loadGroup(ctx, ctx.param('userGroupId'));
      const iam = iamOf(ctx);
      const ws = ctx.principal.workspaceId;
      const inputs = await readGrants(iam, ws, (await ctx.body()).permissions, 'permissions');
      const subject = { type: 'group', id: group.id } as const;
      const before = permissionsView(await iam.grants.list(ws, [subject]));
      const after = permissionsView(method === 'post' ? await iam.grants.add(ws, subject, inputs) : await iam.grants.replace(ws, subject, inputs));
      await ctx.audit({ type: 'User Group Policy Updated', resourceType: 'user_group', resourceId: group.id, resourceName: group.name, before, after });
      return { permissions: after };
    },
  });
  return [
    {
      method: 'get', path: '/groups', operationId: 'listUserGroups', summary: 'List User Groups', tag, permission: 'iam:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const iam = iamOf(ctx);
        const ws = ctx.principal.workspaceId;
        const { items, pagination } = paginate(await iam.groups.list(ws), ctx.page());
        const grants = await iam.grants.list(ws, items.map((g) => ({ type: 'group', id: g.id })));
        return { userGroups: items.map((g) => groupView(g, grants.filter((x) => x.subject.id === g.id))), pagination };
      },
    },
    {
      method: 'post', path: '/groups', operationId: 'createUserGroup', summary: 'Create User Group', tag, permission: 'iam:write', audit: ['User Group Created'],
      body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      async handler(ctx) {
        const name = stringField(await ctx.body(), 'name', true);
        const group = await iamOf(ctx).groups.create(ctx.principal.workspaceId, name);
        const after = groupView(group, []);
        await ctx.audit({ type: 'User Group Created', resourceType: 'user_group', resourceId: group.id, resourceName: group.name, before: null, after });
        return { userGroup: after };
      },
    },
    {
      method: 'get', path: '/groups/{userGroupId}', operationId: 'getUserGroup', summary: 'Get User Group', tag, permission: 'iam:read',
      async handler(ctx) {
        return { userGroup: await view(ctx, await loadGroup(ctx, ctx.param('userGroupId'))) };
      },
    },
    {
      method: 'patch', path: '/groups/{userGroupId}', operationId: 'updateUserGroup', summary: 'Update User Group', tag, permission: 'iam:write', audit: ['User Group Updated'],
      body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      async handler(ctx) {
        const group = await loadGroup(ctx, ctx.param('userGroupId'));
        const name = stringField(await ctx.body(), 'name', true);
        const before = await view(ctx, group);
        const renamed = await iamOf(ctx).groups.rename(ctx.principal.workspaceId, group.id, name);
        const after = await view(ctx, renamed);
        await ctx.audit({ type: 'User Group Updated', resourceType: 'user_group', resourceId: group.id, resourceName: renamed.name, before, after });
        return { userGroup: after };
      },
    },
    {
      method: 'delete', path: '/groups/{userGroupId}', operationId: 'deleteUserGroup', summary: 'Delete User Group', tag, permission: 'iam:write', audit: ['User Group Deleted'],
      async handler(ctx) {
        const group = await loadGroup(ctx, ctx.param('userGroupId'));
        const before = { ...(await view(ctx, group)), ...(await membership(ctx, group.id)) };
        await iamOf(ctx).groups.delete(ctx.principal.workspaceId, group.id);
        await ctx.audit({ type: 'User Group Deleted', resourceType: 'user_group', resourceId: group.id, resourceName: group.name, before, after: null });
        return { status: 'SUCCESS' };
      },
    },
    {
      method: 'get', path: '/groups/{userGroupId}/users', operationId: 'listUsersFromUserGroup', summary: 'List Users from User Group', tag, permission: 'iam:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const group = await loadGroup(ctx, ctx.param('userGroupId'));
        const { items, pagination } = paginate(await iamOf(ctx).groups.members(group.id), ctx.page());
        return { users: items.map((u) => ({ id: u.id, name: u.name, email: u.email })), pagination };
      },
    },
    membersRoute('post'),
    membersRoute('put'),
    {
      method: 'delete', path: '/group/{userGroupId}/users', operationId: 'removeUsersFromUserGroup', summary: 'Remove Users from User Group', tag, permission: 'iam:write', audit: ['User Removed From User Group'],
      query: [{ name: 'emails', description: 'Emails of the members or invited emails to remove.', schema: { type: 'array', items: { type: 'string' } } }],
      async handler(ctx) {
        const group = await loadGroup(ctx, ctx.param('userGroupId'));
        const emails = emailList(queryList(ctx, 'emails'), 'emails');
        const before = await membership(ctx, group.id);
        await iamOf(ctx).groups.removeEmails(ctx.principal.workspaceId, group.id, emails);
        await ctx.audit({ type: 'User Removed From User Group', resourceType: 'user_group', resourceId: group.id, resourceName: group.name, before, after: await membership(ctx, group.id) });
        return { status: 'SUCCESS' };
      },
    },
    {
      method: 'get', path: '/groups/{userGroupId}/invites', operationId: 'listInvitesFromUserGroup', summary: 'List Invites from User Group', tag, permission: 'iam:read', query: PAGINATION_QUERY,
      async handler(ctx) {
        const group = await loadGroup(ctx, ctx.param('userGroupId'));
        const { items, pagination } = paginate(await iamOf(ctx).groups.invitedEmails(group.id), ctx.page());
        return { emails: items, pagination };
      },
    },
    permissionsRoute('post'),
    permissionsRoute('put'),
  ];
}
