import { openIamStore } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkError, sdkFor } from './admin-sdk-client.ts';
import { type AdminTestHost, startAdminTestHost } from './admin-test-host.ts';
import { userPrincipal } from './iam-principal.ts';
import { authorize } from './permissions.ts';

const prod = [{ key: 'environment', value: 'prod' }];

describe('IAM driven by @segment/public-api-sdk-typescript', () => {
  let host: AdminTestHost;
  let sdk: ReturnType<typeof sdkFor>;
  let adaId = '';
  let groupId = '';
  beforeAll(async () => {
    host = await startAdminTestHost({ rateLimit: 0 });
    sdk = sdkFor(host.api, host.a.ownerToken);
  });
  afterAll(async () => {
    await host?.close();
  });

  it('lists Segment roles', async () => {
    const { roles, pagination } = (await sdk.iamRoles.listRoles({ count: 100 })).body.data!;
    expect(roles.map((r) => r.name)).toEqual(expect.arrayContaining(['Workspace Owner', 'Workspace Member', 'Source Admin', 'Source Read-only', 'Warehouse Destination Admin']));
    expect(roles.every((r) => r.description.length > 10)).toBe(true);
    expect(pagination.totalEntries).toBe(roles.length);
  });

  it('invites by email with label-scoped roles; the accepted invite makes a user with those permissions', async () => {
    const created = await sdk.iamUsers.createInvites({ invites: [{ email: 'Ada@Example.com', permissions: [{ roleId: 'SOURCE_ADMIN', labels: prod }] }] });
    expect(created.response.statusCode).toBe(201);
    expect(created.body.data!.emails).toEqual(['Ada@Example.com']);
    expect((await sdk.iamUsers.listInvites({ count: 10 })).body.data!.invites).toEqual(['Ada@Example.com']);
    const bad = await sdkError(sdk.iamUsers.createInvites({ invites: [{ email: 'x@example.com', permissions: [{ roleId: 'GOD' }] }] }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]!.field).toBe('invites[0].permissions[0].roleId');
    const ownerOnLabel = await sdkError(sdk.iamUsers.createInvites({ invites: [{ email: 'x@example.com', permissions: [{ roleId: 'WORKSPACE_OWNER', labels: prod }] }] }));
    expect(ownerOnLabel.body.errors[0]!.message).toMatch(/Workspace Owner is granted on the whole workspace only/);
    expect((await sdkError(sdk.iamUsers.createInvites({ invites: [{ email: 'not-an-email' }] }))).body.errors[0]!.field).toBe('invites[0].email');

    // The console re-sends the invite (new token, same roles) and the invitee accepts it.
    const iam = openIamStore(host.store);
    const pending = (await iam.invites.getByEmail(host.a.id, 'ada@example.com'))!;
    const { token } = await iam.invites.create(host.a.id, { email: pending.email, permissions: pending.permissions });
    adaId = (await iam.invites.accept(token, { name: 'Ada' })).user.id;
    expect((await sdk.iamUsers.listInvites({ count: 10 })).body.data!.invites).toEqual([]);

    const users = (await sdk.iamUsers.listUsers({ count: 10 })).body.data!.users;
    expect(users).toEqual([{ id: adaId, name: 'Ada', email: 'Ada@Example.com', permissions: [{ roleId: 'SOURCE_ADMIN', roleName: 'Source Admin', resources: [{ id: host.a.id, type: 'WORKSPACE', labels: prod }] }] }]);
    expect((await sdk.iamUsers.getUser(adaId)).body.data!.user.email).toBe('Ada@Example.com');
    expect((await sdkError(sdk.iamUsers.createInvites({ invites: [{ email: 'ada@example.com' }] }))).status).toBe(409);
  });

  it('adds and replaces permissions of a user, on sources by id and on the workspace', async () => {
    const added = (await sdk.iamUsers.addPermissionsToUser(adaId, { permissions: [{ roleId: 'SOURCE_READ_ONLY', resources: [{ id: host.a.sourceId, type: 'SOURCE' as never }] }] })).body.data!.permissions;
    expect(added.map((p) => p.roleId)).toEqual(['SOURCE_ADMIN', 'SOURCE_READ_ONLY']);
    const other = await sdkError(sdk.iamUsers.addPermissionsToUser(adaId, { permissions: [{ roleId: 'SOURCE_ADMIN', resources: [{ id: host.b.sourceId, type: 'SOURCE' as never }] }] }));
    expect(other.status).toBe(422);
    expect(other.body.errors[0]!.message).toMatch(/permissions\[0\]\.resources\[0\]\.id: source ".*" not found in this workspace/);
    const replaced = (await sdk.iamUsers.replacePermissionsForUser(adaId, { permissions: [{ roleId: 'WORKSPACE_MEMBER', resources: [{ id: host.a.id, type: 'WORKSPACE' as never }] }] })).body.data!.permissions;
    expect(replaced).toEqual([{ roleId: 'WORKSPACE_MEMBER', roleName: 'Workspace Member', resources: [{ id: host.a.id, type: 'WORKSPACE' }] }]);
  });

  it('manages user groups: members, invited emails, permissions, rename, removal', async () => {
    const group = (await sdk.iamGroups.createUserGroup({ name: 'Analysts' })).body.data!.userGroup;
    groupId = group.id;
    expect(group).toEqual({ id: group.id, name: 'Analysts', memberCount: 0, permissions: [] });
    expect((await sdkError(sdk.iamGroups.createUserGroup({ name: 'Analysts' }))).status).toBe(409);
    const withUsers = (await sdk.iamGroups.addUsersToUserGroup(group.id, { emails: ['ADA@example.com', 'new@example.com'] })).body.data!.userGroup;
    expect(withUsers.memberCount).toBe(1);
    expect((await sdk.iamGroups.listUsersFromUserGroup(group.id, { count: 10 })).body.data!.users).toEqual([{ id: adaId, name: 'Ada', email: 'Ada@Example.com' }]);
    expect((await sdk.iamGroups.listInvitesFromUserGroup(group.id, { count: 10 })).body.data!.emails).toEqual(['new@example.com']);
    expect((await sdk.iamUsers.listInvites({ count: 10 })).body.data!.invites).toEqual(['new@example.com']);
    expect((await sdk.iamUsers.listUserGroupsFromUser(adaId, { count: 10 })).body.data!.groups).toEqual([{ id: group.id, name: 'Analysts' }]);

    const perms = (await sdk.iamGroups.addPermissionsToUserGroup(group.id, { permissions: [{ roleId: 'SOURCE_ADMIN', resources: [{ id: host.a.sourceId, type: 'SOURCE' as never }] }] })).body.data!.permissions;
    expect(perms).toEqual([{ roleId: 'SOURCE_ADMIN', roleName: 'Source Admin', resources: [{ id: host.a.sourceId, type: 'SOURCE' }] }]);
    const replaced = (await sdk.iamGroups.replacePermissionsForUserGroup(group.id, { permissions: [{ roleId: 'SOURCE_READ_ONLY', resources: [{ id: host.a.id, type: 'WORKSPACE' as never, labels: prod }] }] })).body.data!.permissions;
    expect(replaced.map((p) => p.roleId)).toEqual(['SOURCE_READ_ONLY']);
    expect((await sdk.iamGroups.getUserGroup(group.id)).body.data!.userGroup.permissions?.[0]?.resources[0]?.labels).toEqual(prod);
    expect((await sdk.iamGroups.updateUserGroup(group.id, { name: 'Data team' })).body.data!.userGroup.name).toBe('Data team');
    expect((await sdk.iamGroups.listUserGroups({ count: 10 })).body.data!.userGroups.map((g) => [g.name, g.memberCount])).toEqual([['Data team', 1]]);

    const swapped = (await sdk.iamGroups.replaceUsersInUserGroup(group.id, { emails: ['other@example.com'] })).body.data!.userGroup;
    expect(swapped.memberCount).toBe(0);
    expect((await sdk.iamGroups.listInvitesFromUserGroup(group.id, { count: 10 })).body.data!.emails).toEqual(['other@example.com']);
    await sdk.iamGroups.addUsersToUserGroup(group.id, { emails: ['ada@example.com'] });
    expect((await sdk.iamGroups.removeUsersFromUserGroup(group.id, ['ada@example.com', 'other@example.com'])).body.data!.status).toBe('SUCCESS');
    expect((await sdk.iamGroups.getUserGroup(group.id)).body.data!.userGroup.memberCount).toBe(0);
    expect((await sdk.iamUsers.deleteInvites(['new@example.com', 'other@example.com'])).body.data!.status).toBe('SUCCESS');
    expect((await sdk.iamUsers.listInvites({ count: 10 })).body.data!.invites).toEqual([]);
    expect((await sdkError(sdk.iamUsers.deleteInvites(['new@example.com']))).status).toBe(404);
  });

  it("keeps another workspace's users and groups unreachable, and IAM closed to members", async () => {
    const b = sdkFor(host.api, host.b.ownerToken);
    expect((await sdkError(b.iamUsers.getUser(adaId))).status).toBe(404);
    expect((await sdkError(b.iamGroups.getUserGroup(groupId))).status).toBe(404);
    expect((await sdkError(b.iamGroups.deleteUserGroup(groupId))).status).toBe(404);
    expect((await b.iamUsers.listUsers({ count: 10 })).body.data!.users).toEqual([]);
    const member = sdkFor(host.api, host.a.memberToken);
    expect((await sdkError(member.iamUsers.listUsers({ count: 10 }))).status).toBe(403);
    expect((await sdkError(member.iamGroups.createUserGroup({ name: 'x' }))).status).toBe(403);
  });

  it('applies roles to users on the Business plan only; on Free every member is a Workspace Owner', async () => {
    const source = { type: 'source' as const, id: host.a.sourceId, workspaceId: host.a.id, labels: [] };
    const free = await userPrincipal(host.store, host.a.id, adaId);
    expect(free.roles).toEqual(['WORKSPACE_OWNER']);
    await host.store.workspaces.update(host.a.id, { plan: 'business' });
    const business = await userPrincipal(host.store, host.a.id, adaId);
    expect(business.roles).toEqual(['WORKSPACE_MEMBER']);
    expect(authorize(business, 'source:read:scoped', source)).toBe(true);
    expect(authorize(business, 'source:write:scoped', source)).toBe(false);
    await expect(userPrincipal(host.store, host.b.id, adaId)).rejects.toMatchObject({ status: 404 });
    await host.store.workspaces.update(host.a.id, { plan: 'free' });
  });

  it('issues tokens carrying scoped roles, and deletes groups and users with an audit entry each', async () => {
    const res = await fetch(`${host.api}/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.a.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'web admin', permissions: [{ roleId: 'SOURCE_ADMIN', resources: [{ id: host.a.sourceId, type: 'SOURCE' }] }] }),
    });
    expect(res.status).toBe(201);
    const token = ((await res.json()) as { data: { token: { value: string; permissions: unknown } } }).data.token;
    expect(token.permissions).toEqual([{ roleId: 'SOURCE_ADMIN', roleName: 'Source Admin', resources: [{ id: host.a.sourceId, type: 'SOURCE' }] }]);
    const scoped = sdkFor(host.api, token.value);
    expect((await scoped.sources.getSource(host.a.sourceId)).body.data!.source.id).toBe(host.a.sourceId);
    expect((await scoped.sources.updateSource(host.a.sourceId, { name: 'Web (renamed)' })).body.data!.source.name).toBe('Web (renamed)');
    const listed = (await scoped.sources.listSources({ count: 10 })).body.data!; // only the granted source (Segment's behaviour)
    expect([listed.sources.map((s) => s.id), listed.pagination.totalEntries]).toEqual([[host.a.sourceId], 1]);
    expect((await sdkError(scoped.sources.createSource({ slug: 'x', enabled: true, metadataId: 'javascript' }))).status).toBe(403);
    expect((await sdkError(scoped.sources.getSource(host.b.sourceId))).status).toBe(404);

    expect((await sdk.iamGroups.deleteUserGroup(groupId)).body.data!.status).toBe('SUCCESS');
    expect((await sdkError(sdk.iamGroups.getUserGroup(groupId))).status).toBe(404);
    expect((await sdk.iamUsers.deleteUsers([adaId])).body.data!.status).toBe('SUCCESS');
    expect((await sdkError(sdk.iamUsers.getUser(adaId))).status).toBe(404);
    const types = (await sdk.auditTrail.listAuditEvents({ count: 1000 })).body.data!.events.map((e) => e.type);
    for (const t of ['User Invited to Workspace', 'User Policy Updated', 'User Group Created', 'User Added To User Group', 'Group Memberships Deleted', 'User Group Policy Updated', 'User Group Updated', 'User Removed From User Group', 'Invite Deleted', 'User Group Deleted', 'User Removed From Workspace', 'Access Token Created']) {
      expect(types, t).toContain(t);
    }
    expect(host.bodies.some((b) => /jci_[0-9A-Za-z]{40}/.test(b))).toBe(false);
  });
});
