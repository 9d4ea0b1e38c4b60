import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { openAdminStore } from './admin-store.ts';
import { hashToken } from './api-tokens.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { openIamStore } from './iam-store.ts';

describe.each(BACKENDS)('access management store on %s', (backend) => {
  const h = harness(backend);

  async function setup() {
    const store = await h.open(await h.location());
    const seeded = await seed(store);
    return { store, ...seeded, iam: openIamStore(store), admin: openAdminStore(store) };
  }

  it('keeps one user per email (case-insensitive) across workspaces, with memberships per workspace', async () => {
    const { store, workspace, iam } = await setup();
    const other = await store.workspaces.create({ slug: 'other', name: 'Other' });
    const ada = await iam.users.create({ email: 'Ada@Example.com', name: 'Ada' });
    await expect(iam.users.create({ email: 'ada@example.COM' })).rejects.toBeInstanceOf(ConflictError);
    await expect(iam.users.create({ email: 'not-an-email' })).rejects.toThrow(/user\.email must be an email address/);
    expect((await iam.users.ensure({ email: ' ADA@example.com ' })).id).toBe(ada.id);
    expect(await iam.users.getByEmail('ada@EXAMPLE.com')).toEqual(ada);
    await iam.users.addToWorkspace(workspace.id, ada.id);
    await iam.users.addToWorkspace(other.id, ada.id);
    await iam.users.addToWorkspace(other.id, ada.id);
    expect(await iam.users.workspacesOf(ada.id)).toEqual([workspace.id, other.id]);
    expect((await iam.users.listMembers(workspace.id)).map((u) => u.email)).toEqual(['Ada@Example.com']);
    const rows = await h.sql<{ password_hash: string | null; mfa_enabled: number }>(store, 'SELECT password_hash, mfa_enabled FROM users');
    expect(rows.map((r) => [r.password_hash, Number(r.mfa_enabled)])).toEqual([[null, 0]]);
    expect(Object.keys(ada)).not.toContain('passwordHash');
    expect(await iam.users.removeFromWorkspace(other.id, ada.id)).toBe(true);
    expect(await iam.users.isMember(other.id, ada.id)).toBe(false);
    expect(await iam.users.isMember(workspace.id, ada.id)).toBe(true);
    expect(await iam.users.removeFromWorkspace(other.id, ada.id)).toBe(false);
  });

  it('validates grants against the workspace and resolves source grants to their destinations', async () => {
    const { store, workspace, source, iam } = await setup();
    const other = await seed(store, 'elsewhere');
    const dest = await store.destinations.create({ sourceId: source.id, integration: 'webhook', pluginVersion: '1.0.0', name: 'Hook', settings: '{}' });
    const user = { type: 'user', id: 'u1' } as const;
    const check = (input: unknown) => iam.grants.check(workspace.id, input);
    await expect(check('nope')).rejects.toThrow(/permissions must be an array/);
    await expect(check([{ roleId: 'SOURCE_ADMIN', resources: [] }])).rejects.toThrow(/permissions\[0\]\.resources must be a non-empty array/);
    await expect(check([{ roleId: 'SOURCE_ADMIN', resources: [{ id: other.source.id, type: 'SOURCE' }] }])).rejects.toThrow(/permissions\[0\]\.resources\[0\]\.id: source ".*" not found in this workspace/);
    await expect(check([{ roleId: 'SOURCE_ADMIN', resources: [{ id: other.workspace.id, type: 'WORKSPACE' }] }])).rejects.toThrow(/must be this workspace/);
    await expect(check([{ roleId: 'SOURCE_ADMIN', resources: [{ id: workspace.id, type: 'WORKSPACE', labels: [{ key: 'team', value: 'x' }] }] }])).rejects.toThrow(/labels\[0\]: label "team:x" does not exist/);
    await expect(check([{ roleId: 'SOURCE_ADMIN', resources: [{ id: source.id, type: 'SOURCE', labels: [{ key: 'environment', value: 'prod' }] }] }])).rejects.toThrow(/labels scope a WORKSPACE resource only/);
    await expect(check([{ roleId: 'X', resources: [{ id: 'w', type: 'SPACE' }] }])).rejects.toBeInstanceOf(InvalidInputError);

    const inputs = await check([
      { roleId: 'SOURCE_ADMIN', resources: [{ id: source.id, type: 'SOURCE' }] },
      { roleId: 'SOURCE_READ_ONLY', resources: [{ id: workspace.id, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'prod' }] }] },
    ]);
    await iam.grants.add(workspace.id, user, inputs);
    const again = await iam.grants.add(workspace.id, user, inputs);
    expect(again).toHaveLength(2);
    expect(await iam.grants.effective(workspace.id, [user])).toEqual([
      { roleId: 'SOURCE_ADMIN', scope: { kind: 'sources', sourceIds: [source.id], destinationIds: [dest.id] } },
      { roleId: 'SOURCE_READ_ONLY', scope: { kind: 'labels', labels: [{ key: 'environment', value: 'prod' }] } },
    ]);
    const replaced = await iam.grants.replace(workspace.id, user, [{ roleId: 'WORKSPACE_OWNER', resources: [{ id: workspace.id, type: 'WORKSPACE' }] }]);
    expect(replaced.map((g) => [g.roleId, g.resource])).toEqual([['WORKSPACE_OWNER', { id: workspace.id, type: 'WORKSPACE' }]]);
    expect(await iam.grants.effective(other.workspace.id, [user])).toEqual([]);
  });

  it('invites by email, renews, revokes and accepts with the roles and pending groups', async () => {
    const { workspace, iam } = await setup();
    const roles = [{ roleId: 'SOURCE_READ_ONLY', resources: [{ id: workspace.id, type: 'WORKSPACE' as const }] }];
    const first = await iam.invites.create(workspace.id, { email: 'Bo@Example.com', permissions: roles, now: new Date('2025-01-01T00:00:00Z') });
    expect(first.invite.expiresAt).toBe('2025-01-08T00:00:00.000Z');
    const group = await iam.groups.create(workspace.id, 'Analysts');
    await expect(iam.groups.create(workspace.id, 'Analysts')).rejects.toBeInstanceOf(ConflictError);
    expect(await iam.groups.addEmails(workspace.id, group.id, ['bo@example.com'])).toEqual(['bo@example.com']);
    expect(await iam.groups.invitedEmails(group.id)).toEqual(['bo@example.com']);
    await expect(iam.invites.accept(first.token, { now: new Date('2025-01-09T00:00:00Z') })).rejects.toThrow(/expired at 2025-01-08/);
    const renewed = await iam.invites.create(workspace.id, { email: 'bo@example.com', permissions: roles });
    expect((await iam.invites.list(workspace.id)).map((i) => i.email)).toEqual(['bo@example.com']);
    await expect(iam.invites.accept(first.token)).rejects.toBeInstanceOf(NotFoundError);
    const { user, workspaceId } = await iam.invites.accept(renewed.token, { name: 'Bo' });
    expect(workspaceId).toBe(workspace.id);
    expect(user).toMatchObject({ email: 'bo@example.com', name: 'Bo' });
    expect(await iam.users.isMember(workspace.id, user.id)).toBe(true);
    expect(await iam.invites.list(workspace.id)).toEqual([]);
    expect((await iam.groups.members(group.id)).map((u) => u.id)).toEqual([user.id]);
    expect(await iam.groups.invitedEmails(group.id)).toEqual([]);
    expect(await iam.userGrants(workspace.id, user.id)).toEqual([{ roleId: 'SOURCE_READ_ONLY', scope: { kind: 'workspace' } }]);
    await expect(iam.invites.accept(renewed.token)).rejects.toBeInstanceOf(NotFoundError);
    const third = await iam.invites.create(workspace.id, { email: 'cy@example.com', permissions: [] });
    expect(await iam.invites.delete(workspace.id, ['CY@example.com'])).toBe(1);
    await expect(iam.invites.accept(third.token)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps invite tokens as hashes only', async () => {
    const { store, workspace, iam } = await setup();
    const { token } = await iam.invites.create(workspace.id, { email: 'di@example.com', permissions: [] });
    const rows = await h.sql<{ token_hash: string }>(store, 'SELECT token_hash FROM invites');
    expect(rows).toEqual([{ token_hash: hashToken(token) }]);
    expect(JSON.stringify(await iam.invites.list(workspace.id))).not.toContain(token.slice(4));
  });

  it('manages groups: members, invited emails, renames, group grants inherited by members, deletion', async () => {
    const { workspace, iam, store } = await setup();
    const ada = await iam.users.ensure({ email: 'ada@example.com' });
    const bo = await iam.users.ensure({ email: 'bo@example.com' });
    await iam.users.addToWorkspace(workspace.id, ada.id);
    await iam.users.addToWorkspace(workspace.id, bo.id);
    const g = await iam.groups.create(workspace.id, 'Eng');
    expect(await iam.groups.addEmails(workspace.id, g.id, ['ADA@example.com', 'new@example.com'])).toEqual(['new@example.com']);
    expect((await iam.groups.get(workspace.id, g.id))?.memberCount).toBe(1);
    expect(await iam.groups.replaceEmails(workspace.id, g.id, ['bo@example.com'])).toEqual([]);
    expect((await iam.groups.members(g.id)).map((u) => u.email)).toEqual(['bo@example.com']);
    expect(await iam.groups.invitedEmails(g.id)).toEqual([]);
    await iam.grants.add(workspace.id, { type: 'group', id: g.id }, [{ roleId: 'SOURCE_ADMIN', resources: [{ id: workspace.id, type: 'WORKSPACE' }] }]);
    expect(await iam.userGrants(workspace.id, bo.id)).toEqual([{ roleId: 'SOURCE_ADMIN', scope: { kind: 'workspace' } }]);
    expect(await iam.userGrants(workspace.id, ada.id)).toEqual([]);
    expect((await iam.groups.groupsOfUser(workspace.id, bo.id)).map((x) => x.name)).toEqual(['Eng']);
    expect((await iam.groups.rename(workspace.id, g.id, 'Engineering')).name).toBe('Engineering');
    const other = await store.workspaces.create({ slug: 'other2', name: 'Other' });
    expect(await iam.groups.get(other.id, g.id)).toBeUndefined();
    expect(await iam.groups.removeEmails(workspace.id, g.id, ['bo@example.com'])).toBe(1);
    expect(await iam.userGrants(workspace.id, bo.id)).toEqual([]);
    expect(await iam.groups.delete(workspace.id, g.id)).toBe(true);
    expect(await iam.grants.list(workspace.id, [{ type: 'group', id: g.id }])).toEqual([]);
    expect(await iam.groups.delete(workspace.id, g.id)).toBe(false);
  });

  it('gives a token without grant rows its role on the whole workspace, and drops grants with the token', async () => {
    const { workspace, source, iam, admin } = await setup();
    const { token } = await admin.apiTokens.create({ workspaceId: workspace.id, name: 'legacy', role: 'WORKSPACE_MEMBER' });
    expect(await admin.apiTokens.grants(token)).toEqual([{ roleId: 'WORKSPACE_MEMBER', scope: { kind: 'workspace' } }]);
    await iam.grants.add(workspace.id, { type: 'token', id: token.id }, [{ roleId: 'SOURCE_ADMIN', resources: [{ id: source.id, type: 'SOURCE' }] }]);
    expect(await admin.apiTokens.grants(token)).toEqual([{ roleId: 'SOURCE_ADMIN', scope: { kind: 'sources', sourceIds: [source.id], destinationIds: [] } }]);
    expect(await admin.apiTokens.delete(token.id)).toBe(true);
    expect(await iam.grants.list(workspace.id, [{ type: 'token', id: token.id }])).toEqual([]);
  });
});
