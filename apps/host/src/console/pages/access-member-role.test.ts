import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberPagesApp } from './__fixtures__/access-member-app.ts';
import { pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
let m: Awaited<ReturnType<typeof memberPagesApp>>;
let groupId = '';
let tokenId = '';
beforeAll(async () => {
  t = await pageTestApp();
  groupId = (await t.admin<{ userGroup: { id: string } }>('POST', '/groups', { name: 'Ops' })).data!.userGroup.id;
  tokenId = (await t.admin<{ token: { id: string } }>('POST', '/tokens', { name: 'CI', role: 'WORKSPACE_OWNER' })).data!.token.id;
  m = await memberPagesApp(t.store, t.workspaceId, 'mo@example.com', 'WORKSPACE_MEMBER');
});
afterAll(async () => {
  m.close();
  await t.close();
});

const notAllowed = async (res: Response) => {
  expect(res.status).toBe(403);
  const html = await res.text();
  expect(html).toMatch(/<h1>Not allowed<\/h1>/);
  expect(html).toContain('<p class="alert" role="alert">');
  return textOf(html);
};

describe('a Workspace Member (Business plan) on owner-only pages', () => {
  it.each(['/access/members', '/access/invites', '/access/groups', '/access/groups/GROUP', '/access/roles', '/access/tokens', '/audit', '/audit/export.csv'])('GET %s answers a 403 page', async (path) => {
    await notAllowed(await m.get(path.replace('GROUP', groupId)));
  });

  it('can read the labels and the SSO settings (workspace read) but not change them', async () => {
    expect((await m.get('/access/labels')).status).toBe(200);
    expect((await m.get('/settings/sso')).status).toBe(200);
    await notAllowed(await m.post('/access/labels', { key: 'team', value: 'x' }));
    await notAllowed(await m.post('/settings/sso/new', { protocol: 'oidc', name: 'X', domains: 'x.test', defaultRole: 'WORKSPACE_MEMBER', 'oidc.issuer': 'https://x.test', 'oidc.clientId': 'c', 'oidc.clientSecret': 's' }));
  });

  it('is refused every owner-only change, and nothing changes', async () => {
    await notAllowed(await m.post('/access/invites', { email: 'zed@example.com', scope: 'workspace' }));
    await notAllowed(await m.post('/access/invites/resend', { email: 'zed@example.com' }));
    await notAllowed(await m.post('/access/tokens', { name: 'Mine', roleId: 'WORKSPACE_OWNER', scope: 'workspace' }));
    await notAllowed(await m.post(`/access/tokens/${tokenId}/revoke`, {}));
    await notAllowed(await m.post(`/access/groups/${groupId}/delete`, {}));
    await notAllowed(await m.post(`/access/members/${m.user.id}/permissions`, { roleId: 'WORKSPACE_OWNER', scope: 'workspace', mode: 'replace' }));
    await notAllowed(await m.post(`/access/members/${m.user.id}/remove`, {}));
    expect((await t.admin<{ invites: string[] }>('GET', '/invites')).data!.invites).toEqual([]);
    expect((await t.admin<{ tokens: { id: string }[] }>('GET', '/tokens')).data!.tokens.map((x) => x.id)).toEqual([tokenId]);
    expect((await t.admin<{ userGroups: unknown[] }>('GET', '/groups')).data!.userGroups).toHaveLength(1);
    expect((await t.admin<{ user: { permissions: { roleId: string }[] } }>('GET', `/users/${m.user.id}`)).data!.user.permissions.map((p) => p.roleId)).toEqual(['WORKSPACE_MEMBER']);
  });
});
