import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { AccessTabs, principalOf, GrantForm, type GrantValues, grantFieldAlias, grantValues, loadScopeChoices, NO_GRANT, type PermissionView, Permissions, type ScopeChoices, toPermission } from './access-kit.tsx';
import { redirectWithFlash } from './flash.ts';
import { ActionButton, ErrorSummary } from './form-parts.tsx';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, type PageContext, readForm, seg } from './page-kit.ts';

interface UserView {
  id: string;
  name: string | null;
  email: string;
  permissions: PermissionView[];
}

const namesOf = (choices: ScopeChoices) => new Map(choices.sources.map((s) => [s.id, s.name]));

function MemberList(props: { users: UserView[]; choices: ScopeChoices }) {
  return (
    <>
      <AccessTabs current="members" />
      <p>
        <a href="/access/invites">Invite people</a>
      </p>
      <table>
        <caption class="hint">Members of this workspace and the roles granted to them (their groups' roles add to these).</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Roles</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr data-testid="member">
              <td>
                <a href={`/access/members/${u.id}`}>{u.name ? `${u.name} (${u.email})` : u.email}</a>
              </td>
              <td>
                <Permissions list={u.permissions} sources={namesOf(props.choices)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function MemberDetail(props: { csrf: string; user: UserView; groups: { id: string; name: string }[]; choices: ScopeChoices; v: GrantValues; errors: FieldErrors }) {
  const { user, csrf } = props;
  return (
    <>
      <AccessTabs current="members" />
      <h2>Current roles</h2>
      <Permissions list={user.permissions} sources={namesOf(props.choices)} />
      <p>
        Groups:{' '}
        {props.groups.length === 0
          ? 'none'
          : props.groups.map((g, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={`/access/groups/${g.id}`}>{g.name}</a>
              </>
            ))}
      </p>
      <h2>Change permissions</h2>
      <ErrorSummary errors={props.errors} />
      <GrantForm action={`/access/members/${user.id}/permissions`} label="Change permissions" csrf={csrf} choices={props.choices} v={props.v} errors={props.errors} />
      <h2>Remove from the workspace</h2>
      <p>Removes the member, their roles and group memberships in this workspace (their account stays).</p>
      <ActionButton action={`/access/members/${user.id}/remove`} csrf={csrf} label={`Remove ${user.email}`} danger />
    </>
  );
}

async function detailPage(c: PageContext, deps: ConsoleDeps, id: string, v: GrantValues = NO_GRANT, errors = new FieldErrors()) {
  const r = await api<{ user: UserView }>(deps, c, 'GET', `/users/${seg(id)}`);
  if (!r.data) return problem(c, deps, 'access', r);
  const [groups, choices] = await Promise.all([api<{ groups: { id: string; name: string }[] }>(deps, c, 'GET', `/users/${seg(id)}/groups?pagination.count=200`), loadScopeChoices(deps, c)]);
  const user = r.data.user;
  const body = <MemberDetail csrf={c.var.csrfToken} user={user} groups={groups.data?.groups ?? []} choices={choices} v={v} errors={errors} />;
  return render(c, deps, { title: `Member ${user.email}`, section: 'access', status: errors.any ? 422 : 200 }, body);
}

/**
 * Members: `GET /access/members` (with their roles), `GET /access/members/:id`, change permissions
 * (`POST …/permissions`, mode `replace` → `PUT /users/{id}/permissions`, `add` → `POST`), remove
 * (`POST …/remove` → `DELETE /users?userIds=`).
 *
 * @example
 * app.route('/', accessMemberRoutes(deps));
 */
export function accessMemberRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/access/members', async (c) => {
    const r = await api<{ users: UserView[] }>(deps, c, 'GET', '/users?pagination.count=1000');
    if (!r.data) return problem(c, deps, 'access', r);
    return render(c, deps, { title: 'Members', section: 'access' }, <MemberList users={r.data.users} choices={await loadScopeChoices(deps, c)} />);
  });
  app.get('/access/members/:id', (c) => detailPage(c, deps, c.req.param('id')));
  app.post('/access/members/:id/permissions', async (c) => {
    const id = c.req.param('id');
    const form = await readForm(c);
    const v = grantValues(form);
    const permission = toPermission(principalOf(c).workspaceId, v);
    if (Array.isArray(permission)) return detailPage(c, deps, id, v, new FieldErrors(permission));
    const r = await api(deps, c, form.get('mode') === 'add' ? 'POST' : 'PUT', `/users/${seg(id)}/permissions`, { permissions: [permission] });
    if (r.status === 422) return detailPage(c, deps, id, v, new FieldErrors(r.errors, grantFieldAlias));
    if (r.status !== 200) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, `/access/members/${id}`, 'Permissions saved.');
  });
  app.post('/access/members/:id/remove', async (c) => {
    const id = c.req.param('id');
    const r = await api(deps, c, 'DELETE', `/users?userIds=${seg(id)}`);
    if (r.status !== 200) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, '/access/members', 'Member removed from the workspace.');
  });
  return app;
}
