import { openIamStore } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formsCarryCsrf, pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
let bo = '';
let sourceId = '';
beforeAll(async () => {
  t = await pageTestApp();
  const iam = openIamStore(t.store);
  const user = await iam.users.ensure({ email: 'bo@example.com', name: 'Bo' });
  await iam.users.addToWorkspace(t.workspaceId, user.id);
  bo = user.id;
  sourceId = ((await t.admin<{ source: { id: string } }>('POST', '/sources', { slug: 'web', name: 'Web site', enabled: true, metadataId: 'javascript' })).data!.source.id);
  await t.admin('POST', '/labels', { label: { key: 'environment', value: 'prod' } });
});
afterAll(() => t.close());

type Perm = { roleId: string; resources: { id: string; type: string; labels?: { key: string; value: string }[] }[] };
const permsOf = async (id: string) => (await t.admin<{ user: { permissions: Perm[] } }>('GET', `/users/${id}`)).data!.user.permissions;

describe('access: members', () => {
  it('sends /access to the members list, which shows each member with their roles', async () => {
    const go = await t.get('/access');
    expect(go.status).toBe(303);
    expect(go.headers.get('location')).toBe('/access/members');
    const res = await t.get('/access/members');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Members · Acme Inc · Junction</title>');
    expect(html).toContain('<a href="/access/members" aria-current="page">Members</a>');
    expect(html).toContain(`<a href="/access/members/${bo}">Bo (bo@example.com)</a>`);
    expect(textOf(html)).toContain('No roles');
  });

  it('renders a member with a labelled role and scope form carrying _csrf', async () => {
    const html = await (await t.get(`/access/members/${bo}`)).text();
    expect(html).toMatch(/<label for="f-roleId">Role/);
    expect(html).toContain('<option value="SOURCE_ADMIN">Source Admin</option>');
    expect(html).toMatch(/<label for="f-scope-labels">Sources carrying all these labels<\/label>/);
    expect(html).toMatch(new RegExp(`<label for="f-sourceIds-${sourceId}">Web site</label>`));
    expect(html).toMatch(/<label for="f-labels-environment-prod">environment:prod<\/label>/);
    expect(formsCarryCsrf(html)).toBe(true);
  });

  it('replaces and adds permissions through the IAM routes', async () => {
    const res = await t.post(`/access/members/${bo}/permissions`, { roleId: 'SOURCE_ADMIN', scope: 'labels', labels: 'environment:prod', mode: 'replace' });
    expect(res.status).toBe(303);
    expect(await permsOf(bo)).toEqual([{ roleId: 'SOURCE_ADMIN', roleName: 'Source Admin', resources: [{ id: t.workspaceId, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'prod' }] }] }]);
    expect((await t.post(`/access/members/${bo}/permissions`, { roleId: 'SOURCE_READ_ONLY', scope: 'sources', sourceIds: sourceId, mode: 'add' })).status).toBe(303);
    expect((await permsOf(bo)).map((p) => p.roleId)).toEqual(['SOURCE_ADMIN', 'SOURCE_READ_ONLY']);
    const html = await (await t.get(`/access/members/${bo}`)).text();
    expect(html).toContain('role="status">Permissions saved.</p>');
    expect(textOf(html)).toContain('Source Admin on sources labelled environment:prod');
    expect(textOf(html)).toContain('Source Read-only on source Web site');
    expect((await t.post(`/access/members/${bo}/permissions`, { roleId: 'WORKSPACE_MEMBER', scope: 'workspace', mode: 'replace' })).status).toBe(303);
    expect(await permsOf(bo)).toEqual([expect.objectContaining({ roleId: 'WORKSPACE_MEMBER', resources: [{ id: t.workspaceId, type: 'WORKSPACE' }] })]);
  });

  it('shows bad input next to the field and changes nothing', async () => {
    const noRole = await t.post(`/access/members/${bo}/permissions`, { roleId: '', scope: 'workspace', mode: 'replace' });
    expect(noRole.status).toBe(422);
    expect(await noRole.text()).toMatch(/<p id="f-roleId-error" class="error">Role: choose a role\.<\/p>/);
    const noSource = await t.post(`/access/members/${bo}/permissions`, { roleId: 'SOURCE_ADMIN', scope: 'sources', mode: 'replace' });
    expect(await noSource.text()).toMatch(/<p id="f-scope-error" class="error">Scope: choose at least one source\.<\/p>/);
    // The admin API refuses a workspace-only role on a source: its message shows at the scope.
    const wrong = await t.post(`/access/members/${bo}/permissions`, { roleId: 'WORKSPACE_OWNER', scope: 'sources', sourceIds: sourceId, mode: 'replace' });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(html).toMatch(/<p id="f-scope-error" class="error">[^<]*Workspace Owner is granted on the whole workspace only/);
    expect(html).toMatch(/<option value="WORKSPACE_OWNER" selected="">/);
    expect(html).toMatch(new RegExp(`value="${sourceId}" checked=""`));
    expect((await permsOf(bo)).map((p) => p.roleId)).toEqual(['WORKSPACE_MEMBER']);
  });

  it('removes a member from the workspace', async () => {
    const res = await t.post(`/access/members/${bo}/remove`, {});
    expect(res.headers.get('location')).toBe('/access/members');
    expect((await t.admin<{ users: { id: string }[] }>('GET', '/users')).data!.users.map((u) => u.id)).not.toContain(bo);
    expect((await t.get(`/access/members/${bo}`)).status).toBe(404);
  });
});

describe('access: invites', () => {
  const invites = async () => (await t.admin<{ invites: string[] }>('GET', '/invites')).data!.invites;

  it('invites by email with a role and scope, lists and cancels', async () => {
    const page = await (await t.get('/access/invites')).text();
    expect(page).toMatch(/<label for="f-email">Email/);
    expect(formsCarryCsrf(page)).toBe(true);
    const res = await t.post('/access/invites', { email: 'cy@example.com', roleId: 'SOURCE_ADMIN', scope: 'sources', sourceIds: sourceId });
    expect(res.status).toBe(303);
    expect(await invites()).toEqual(['cy@example.com']);
    const audit = (await t.admin<{ events: { type: string; after: { permissions: Perm[] } }[] }>('GET', '/audit-events?type=User+Invited+to+Workspace')).data!.events;
    expect(audit[0]!.after.permissions).toEqual([expect.objectContaining({ roleId: 'SOURCE_ADMIN', resources: [{ id: sourceId, type: 'SOURCE' }] })]);
    const html = await (await t.get('/access/invites')).text();
    expect(html).toContain('role="status">Invitation sent to cy@example.com.</p>');
    expect(html).toMatch(/data-testid="invite">cy@example\.com/);
    expect((await t.post('/access/invites/resend', { email: 'cy@example.com' })).status).toBe(303);
    expect((await t.post('/access/invites/cancel', { email: 'cy@example.com' })).status).toBe(303);
    expect(await invites()).toEqual([]);
  });

  it('shows a bad or missing email next to the field', async () => {
    const bad = await t.post('/access/invites', { email: 'not-an-email', roleId: '', scope: 'workspace' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/<p id="f-email-error" class="error">[^<]*email must be an email address/);
    expect(html).toMatch(/id="f-email"[^>]*value="not-an-email"[^>]*aria-invalid="true"/);
    const empty = await t.post('/access/invites', { email: '', scope: 'workspace' });
    expect(await empty.text()).toMatch(/<p id="f-email-error" class="error">Email: enter the address to invite\.<\/p>/);
    expect(await invites()).toEqual([]);
  });

  it('refuses to invite a member (409) next to the email', async () => {
    const iam = openIamStore(t.store);
    const dee = await iam.users.ensure({ email: 'dee@example.com' });
    await iam.users.addToWorkspace(t.workspaceId, dee.id);
    const res = await t.post('/access/invites', { email: 'dee@example.com', scope: 'workspace' });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/<p id="f-email-error" class="error">[^<]*already a member/);
  });
});
