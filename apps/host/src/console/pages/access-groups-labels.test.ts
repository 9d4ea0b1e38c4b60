import { openIamStore } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formsCarryCsrf, pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
beforeAll(async () => {
  t = await pageTestApp();
  const iam = openIamStore(t.store);
  const eve = await iam.users.ensure({ email: 'eve@example.com', name: 'Eve' });
  await iam.users.addToWorkspace(t.workspaceId, eve.id);
});
afterAll(() => t.close());

type Group = { id: string; name: string; memberCount: number; permissions: { roleId: string }[] };
const groups = async () => (await t.admin<{ userGroups: Group[] }>('GET', '/groups')).data!.userGroups;
let id = '';

describe('access: user groups', () => {
  it('creates a group (empty and duplicate names are refused next to the field)', async () => {
    const page = await (await t.get('/access/groups')).text();
    expect(page).toContain('No user groups yet.');
    expect(formsCarryCsrf(page)).toBe(true);
    const empty = await t.post('/access/groups', { name: ' ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toMatch(/<p id="f-name-error" class="error">Name: enter a name for the group\.<\/p>/);
    const res = await t.post('/access/groups', { name: 'Analysts' });
    expect(res.status).toBe(303);
    id = res.headers.get('location')!.split('/').pop()!;
    expect((await groups()).map((g) => g.name)).toEqual(['Analysts']);
    const dup = await t.post('/access/groups', { name: 'Analysts' });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toMatch(/<p id="f-name-error" class="error">[^<]*Analysts/);
    expect(await groups()).toHaveLength(1);
  });

  it('renames, adds members (members join, others are invited), removes them', async () => {
    expect((await t.post(`/access/groups/${id}`, { name: 'Data team' })).status).toBe(303);
    expect((await groups())[0]!.name).toBe('Data team');
    const bad = await t.post(`/access/groups/${id}/members`, { emails: 'eve@example.com\nnope' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/<p id="f-emails-error" class="error">[^<]*emails\[1\] must be an email address/);
    expect(badHtml).toContain('eve@example.com\nnope</textarea>');
    expect((await t.post(`/access/groups/${id}/members`, { emails: 'eve@example.com\nfay@example.com' })).status).toBe(303);
    const html = await (await t.get(`/access/groups/${id}`)).text();
    expect(html).toMatch(/data-testid="group-member">Eve \(eve@example\.com\)/);
    expect(html).toMatch(/data-testid="group-invited">fay@example\.com \(invited\)/);
    expect((await t.admin<{ invites: string[] }>('GET', '/invites')).data!.invites).toContain('fay@example.com');
    expect((await t.post(`/access/groups/${id}/members/remove`, { email: 'eve@example.com' })).status).toBe(303);
    expect((await groups())[0]!.memberCount).toBe(0);
  });

  it("sets the group's roles; bad input is shown at the field", async () => {
    const bad = await t.post(`/access/groups/${id}/permissions`, { roleId: '', scope: 'workspace', mode: 'replace' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/<p id="f-roleId-error" class="error">Role: choose a role\.<\/p>/);
    expect((await t.post(`/access/groups/${id}/permissions`, { roleId: 'WORKSPACE_MEMBER', scope: 'workspace', mode: 'replace' })).status).toBe(303);
    expect((await groups())[0]!.permissions.map((p) => p.roleId)).toEqual(['WORKSPACE_MEMBER']);
    expect(textOf(await (await t.get('/access/groups')).text())).toContain('Workspace Member on the whole workspace');
  });

  it('deletes a group', async () => {
    expect((await t.post(`/access/groups/${id}/delete`, {})).headers.get('location')).toBe('/access/groups');
    expect(await groups()).toEqual([]);
    expect((await t.get(`/access/groups/${id}`)).status).toBe(404);
  });
});

describe('access: roles and labels', () => {
  it('lists the roles with what each grants', async () => {
    const html = await (await t.get('/access/roles')).text();
    const text = textOf(html);
    expect(text).toContain('Workspace Owner Full read and edit access to everything in the workspace');
    expect(text).toMatch(/Source Admin [^|]*the workspace, sources, labels/);
    expect(html.match(/data-testid="role"/g)!.length).toBeGreaterThanOrEqual(7);
  });

  const labels = async () => (await t.admin<{ labels: { key: string; value: string }[] }>('GET', '/labels')).data!.labels.map((l) => `${l.key}:${l.value}`);

  it('creates labels; a bad key or a duplicate is shown at the field', async () => {
    const page = await (await t.get('/access/labels')).text();
    expect(page).toMatch(/<label for="f-key">Key/);
    expect(formsCarryCsrf(page)).toBe(true);
    const before = await labels();
    expect((await t.post('/access/labels', { key: 'team', value: 'data', description: 'Data team' })).status).toBe(303);
    expect(await labels()).toEqual([...before, 'team:data']);
    expect(textOf(await (await t.get('/access/labels')).text())).toContain('team:data — Data team');
    const bad = await t.post('/access/labels', { key: '9bad key', value: 'x' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/<p id="f-key-error" class="error">label\.key must start with a letter/);
    const dup = await t.post('/access/labels', { key: 'team', value: 'data' });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toMatch(/<p id="f-key-error" class="error">label &quot;team:data&quot; already exists/);
    expect(await labels()).toEqual([...before, 'team:data']);
  });

  it('refuses to delete a label in use (alert), deletes it once unused', async () => {
    const src = (await t.admin<{ source: { id: string } }>('POST', '/sources', { slug: 'app', name: 'App', enabled: true, metadataId: 'javascript' })).data!.source.id;
    await t.admin('PUT', `/sources/${src}/labels`, { labels: [{ key: 'team', value: 'data' }] });
    const refused = await t.post('/access/labels/delete', { key: 'team', value: 'data' });
    expect(refused.status).toBe(303);
    expect(await (await t.get('/access/labels')).text()).toMatch(/<p class="alert" role="alert">label &quot;team:data&quot; is used by 1 resource/);
    expect(await labels()).toContain('team:data');
    await t.admin('PUT', `/sources/${src}/labels`, { labels: [] });
    expect((await t.post('/access/labels/delete', { key: 'team', value: 'data' })).status).toBe(303);
    expect(await labels()).not.toContain('team:data');
  });
});
