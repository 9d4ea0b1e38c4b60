import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { GroupDetail, type GroupFormValues, GroupList, type GroupView } from './access-group-pages.tsx';
import { asFieldErrors, grantFieldAlias, grantValues, loadScopeChoices, NO_GRANT, principalOf, toPermission } from './access-kit.tsx';
import { redirectWithFlash } from './flash.ts';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, formError, type PageContext, readForm, seg } from './page-kit.ts';

async function listPage(c: PageContext, deps: ConsoleDeps, name = '', errors = new FieldErrors()) {
  const r = await api<{ userGroups: GroupView[] }>(deps, c, 'GET', '/groups?pagination.count=1000');
  if (!r.data) return problem(c, deps, 'access', r);
  const body = <GroupList csrf={c.var.csrfToken} groups={r.data.userGroups} choices={await loadScopeChoices(deps, c)} name={name} errors={errors} />;
  return render(c, deps, { title: 'User groups', section: 'access', status: errors.any ? 422 : 200 }, body);
}

async function detailPage(c: PageContext, deps: ConsoleDeps, id: string, v?: Partial<GroupFormValues>, errors = new FieldErrors(), form?: 'rename' | 'members' | 'permissions') {
  const r = await api<{ userGroup: GroupView }>(deps, c, 'GET', `/groups/${seg(id)}`);
  if (!r.data) return problem(c, deps, 'access', r);
  const group = r.data.userGroup;
  const [members, invited, choices] = await Promise.all([
    api<{ users: { email: string; name: string | null }[] }>(deps, c, 'GET', `/groups/${seg(id)}/users?pagination.count=1000`),
    api<{ emails: string[] }>(deps, c, 'GET', `/groups/${seg(id)}/invites?pagination.count=1000`),
    loadScopeChoices(deps, c),
  ]);
  const values: GroupFormValues = { name: v?.name ?? group.name, emails: v?.emails ?? '', grant: v?.grant ?? NO_GRANT };
  const body = <GroupDetail csrf={c.var.csrfToken} group={group} members={members.data?.users ?? []} invited={invited.data?.emails ?? []} choices={choices} v={values} errors={errors} form={form} />;
  return render(c, deps, { title: `Group ${group.name}`, section: 'access', status: errors.any ? 422 : 200 }, body);
}

const splitEmails = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);

/**
 * User groups: list and create (`/access/groups`), one group (`/access/groups/:id`: rename, add
 * and remove members, roles, delete), each through the admin API's IAM group routes.
 *
 * @example
 * app.route('/', accessGroupRoutes(deps));
 */
export function accessGroupRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/access/groups', (c) => listPage(c, deps));
  app.post('/access/groups', async (c) => {
    const name = (await readForm(c)).get('name').trim();
    if (name === '') return listPage(c, deps, name, new FieldErrors([formError('name', 'Name: enter a name for the group.')]));
    const r = await api<{ userGroup: GroupView }>(deps, c, 'POST', '/groups', { name });
    if (r.status === 422 || r.status === 409) return listPage(c, deps, name, new FieldErrors(asFieldErrors(r.errors, 'name')));
    if (!r.data) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, `/access/groups/${r.data.userGroup.id}`, `Group ${r.data.userGroup.name} created.`);
  });
  app.get('/access/groups/:id', (c) => detailPage(c, deps, c.req.param('id')));
  app.post('/access/groups/:id', async (c) => {
    const id = c.req.param('id');
    const name = (await readForm(c)).get('name').trim();
    if (name === '') return detailPage(c, deps, id, { name }, new FieldErrors([formError('name', 'Name: enter a name for the group.')]), 'rename');
    const r = await api(deps, c, 'PATCH', `/groups/${seg(id)}`, { name });
    if (r.status === 422 || r.status === 409) return detailPage(c, deps, id, { name }, new FieldErrors(asFieldErrors(r.errors, 'name')), 'rename');
    if (r.status !== 200) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, `/access/groups/${id}`, 'Group renamed.');
  });
  app.post('/access/groups/:id/members', async (c) => {
    const id = c.req.param('id');
    const text = (await readForm(c)).get('emails');
    const emails = splitEmails(text);
    if (emails.length === 0) return detailPage(c, deps, id, { emails: text }, new FieldErrors([formError('emails', 'Emails: enter at least one email.')]), 'members');
    const r = await api(deps, c, 'POST', `/groups/${seg(id)}/users`, { emails });
    if (r.status === 422) return detailPage(c, deps, id, { emails: text }, new FieldErrors(r.errors), 'members');
    if (r.status !== 200) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, `/access/groups/${id}`, 'Members added.');
  });
  app.post('/access/groups/:id/members/remove', async (c) => {
    const id = c.req.param('id');
    const email = (await readForm(c)).get('email');
    const r = await api(deps, c, 'DELETE', `/group/${seg(id)}/users?emails=${encodeURIComponent(email)}`);
    if (r.status !== 200) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, `/access/groups/${id}`, `${email} removed from the group.`);
  });
  app.post('/access/groups/:id/permissions', async (c) => {
    const id = c.req.param('id');
    const form = await readForm(c);
    const grant = grantValues(form);
    const permission = toPermission(principalOf(c).workspaceId, grant);
    if (Array.isArray(permission)) return detailPage(c, deps, id, { grant }, new FieldErrors(permission), 'permissions');
    const r = await api(deps, c, form.get('mode') === 'add' ? 'POST' : 'PUT', `/groups/${seg(id)}/permissions`, { permissions: [permission] });
    if (r.status === 422) return detailPage(c, deps, id, { grant }, new FieldErrors(r.errors, grantFieldAlias), 'permissions');
    if (r.status !== 200) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, `/access/groups/${id}`, "The group's roles were saved.");
  });
  app.post('/access/groups/:id/delete', async (c) => {
    const r = await api(deps, c, 'DELETE', `/groups/${seg(c.req.param('id'))}`);
    if (r.status !== 200) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, '/access/groups', 'Group deleted.');
  });
  return app;
}
