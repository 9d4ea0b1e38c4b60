import { Hono } from 'hono';
import { isRoleId, ROLES } from '../../admin/permissions.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { AccessTabs, asFieldErrors } from './access-kit.tsx';
import { redirectWithFlash } from './flash.ts';
import { ActionButton, ErrorSummary, Input, PostForm } from './form-parts.tsx';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, type PageContext, readForm, seg } from './page-kit.ts';

interface LabelView {
  key: string;
  value: string;
  description?: string | null;
}

interface RoleView {
  id: string;
  name: string;
  description: string;
}

function RoleList(props: { roles: RoleView[] }) {
  return (
    <>
      <AccessTabs current="roles" />
      <p>Roles are granted to members, user groups and API tokens. They apply on the Business plan; on Free and Team every member is a workspace owner (tokens always keep their roles).</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Grants</th>
            <th scope="col">Can be granted on</th>
          </tr>
        </thead>
        <tbody>
          {props.roles.map((r) => (
            <tr data-testid="role">
              <th scope="row">{r.name}</th>
              <td>{r.description}</td>
              <td>{isRoleId(r.id) && (ROLES[r.id].scopes as readonly string[]).includes('SOURCE') ? 'the workspace, sources, labels' : 'the workspace'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function LabelList(props: { csrf: string; labels: LabelView[]; v: { key: string; value: string; description: string }; errors: FieldErrors }) {
  return (
    <>
      <AccessTabs current="labels" />
      <p>Labels (<code>key:value</code>, e.g. <code>environment:prod</code>) mark sources; roles can be granted on the sources carrying them.</p>
      {props.labels.length === 0 ? <p>No labels yet.</p> : null}
      <ul>
        {props.labels.map((l) => (
          <li data-testid="label">
            <code>
              {l.key}:{l.value}
            </code>
            {l.description ? ` — ${l.description}` : ''} <ActionButton action="/access/labels/delete" csrf={props.csrf} label={`Delete ${l.key}:${l.value}`} fields={{ key: l.key, value: l.value }} danger />
          </li>
        ))}
      </ul>
      <h2>Create a label</h2>
      <ErrorSummary errors={props.errors} />
      <PostForm action="/access/labels" csrf={props.csrf} label="Create a label">
        <Input name="key" label="Key" value={props.v.key} hint="Starts with a letter: letters, digits, '_', '.' or '-'." error={props.errors.for('key')} required />
        <Input name="value" label="Value" value={props.v.value} error={props.errors.for('value')} required />
        <Input name="description" label="Description" value={props.v.description} error={props.errors.for('description')} />
        <button type="submit">Create label</button>
      </PostForm>
    </>
  );
}

async function labelPage(c: PageContext, deps: ConsoleDeps, v = { key: '', value: '', description: '' }, errors = new FieldErrors()) {
  const r = await api<{ labels: LabelView[] }>(deps, c, 'GET', '/labels');
  if (!r.data) return problem(c, deps, 'access', r);
  return render(c, deps, { title: 'Labels', section: 'access', status: errors.any ? 422 : 200 }, <LabelList csrf={c.var.csrfToken} labels={r.data.labels} v={v} errors={errors} />);
}

/**
 * Roles (`GET /access/roles`, read-only) and labels (`GET /access/labels`, create, delete: a
 * label in use is refused with the admin API's message).
 *
 * @example
 * app.route('/', accessLabelRoutes(deps));
 */
export function accessLabelRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/access/roles', async (c) => {
    const r = await api<{ roles: RoleView[] }>(deps, c, 'GET', '/roles?pagination.count=200');
    if (!r.data) return problem(c, deps, 'access', r);
    return render(c, deps, { title: 'Roles', section: 'access' }, <RoleList roles={r.data.roles} />);
  });
  app.get('/access/labels', (c) => labelPage(c, deps));
  app.post('/access/labels', async (c) => {
    const form = await readForm(c);
    const v = { key: form.get('key').trim(), value: form.get('value').trim(), description: form.get('description').trim() };
    const r = await api(deps, c, 'POST', '/labels', { label: { key: v.key, value: v.value, ...(v.description ? { description: v.description } : {}) } });
    if (r.status === 422 || r.status === 409) return labelPage(c, deps, v, new FieldErrors(asFieldErrors(r.errors, 'key'), (f) => f.replace(/^label\./, '')));
    if (r.errors) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, '/access/labels', `Label ${v.key}:${v.value} created.`);
  });
  app.post('/access/labels/delete', async (c) => {
    const form = await readForm(c);
    const id = `${form.get('key')}:${form.get('value')}`;
    const r = await api(deps, c, 'DELETE', `/labels/${seg(form.get('key'))}/${seg(form.get('value'))}`);
    if (r.status === 409) return redirectWithFlash(c, deps, '/access/labels', r.errors?.[0]?.message ?? `Label ${id} is in use.`, 'alert');
    if (r.status !== 200) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, '/access/labels', `Label ${id} deleted.`);
  });
  return app;
}
