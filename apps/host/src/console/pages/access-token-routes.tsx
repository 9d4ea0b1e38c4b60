import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { AccessTabs, GrantFields, type GrantValues, grantFieldAlias, grantValues, loadScopeChoices, NO_GRANT, type PermissionView, Permissions, principalOf, type ScopeChoices, toPermission } from './access-kit.tsx';
import { redirectWithFlash } from './flash.ts';
import { ActionButton, ErrorSummary, Input, PostForm } from './form-parts.tsx';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, formError, type PageContext, readForm, seg } from './page-kit.ts';

interface TokenView {
  id: string;
  name: string;
  prefix: string;
  permissions: PermissionView[];
  createdAt: string;
  lastUsedAt: string | null;
}

function TokenList(props: { csrf: string; tokens: TokenView[]; choices: ScopeChoices; name: string; v: GrantValues; errors: FieldErrors }) {
  const names = new Map(props.choices.sources.map((s) => [s.id, s.name]));
  return (
    <>
      <AccessTabs current="tokens" />
      <p>API tokens authenticate scripts against the admin API (<code>Authorization: Bearer …</code>). Only their first characters are kept for display.</p>
      {props.tokens.length === 0 ? <p>No API tokens yet.</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Token</th>
            <th scope="col">Roles</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((t) => (
            <tr data-testid="token">
              <td>{t.name}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>
                <Permissions list={t.permissions} sources={names} />
              </td>
              <td>{t.createdAt}</td>
              <td>{t.lastUsedAt ?? 'never'}</td>
              <td>
                <ActionButton action={`/access/tokens/${t.id}/revoke`} csrf={props.csrf} label={`Revoke ${t.name}`} danger />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Create a token</h2>
      <ErrorSummary errors={props.errors} />
      <PostForm action="/access/tokens" csrf={props.csrf} label="Create a token">
        <Input name="name" label="Name" value={props.name} hint="What uses it, e.g. CI deploys." error={props.errors.for('name')} required />
        <GrantFields choices={props.choices} v={props.v} errors={props.errors} legend="The token acts on" />
        <button type="submit">Create token</button>
      </PostForm>
    </>
  );
}

function TokenCreated(props: { token: TokenView & { value: string } }) {
  return (
    <>
      <AccessTabs current="tokens" />
      <p class="notice" role="status">
        Token {props.token.name} created. Copy it now: it is shown only this once and cannot be shown again.
      </p>
      <p>
        <code data-testid="token-value">{props.token.value}</code>{' '}
        <button type="button" class="secondary" data-copy={props.token.value} aria-describedby="token-status" hidden>
          Copy
        </button>
      </p>
      <p class="hint" id="token-status" aria-live="polite" />
      <p>
        <a href="/access/tokens">Back to API tokens</a>
      </p>
    </>
  );
}

async function listPage(c: PageContext, deps: ConsoleDeps, name = '', v: GrantValues = NO_GRANT, errors = new FieldErrors()) {
  const r = await api<{ tokens: TokenView[] }>(deps, c, 'GET', '/tokens?pagination.count=1000');
  if (!r.data) return problem(c, deps, 'access', r);
  const body = <TokenList csrf={c.var.csrfToken} tokens={r.data.tokens} choices={await loadScopeChoices(deps, c)} name={name} v={v} errors={errors} />;
  return render(c, deps, { title: 'API tokens', section: 'access', status: errors.any ? 422 : 200 }, body);
}

/**
 * API tokens: `GET /access/tokens` (prefixes and roles), `POST /access/tokens` (the admin API's
 * `POST /tokens` with the chosen role and scope; the answer page shows the plaintext once, not
 * cached, never again), `POST /access/tokens/:id/revoke`.
 *
 * @example
 * app.route('/', accessTokenRoutes(deps));
 */
export function accessTokenRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/access/tokens', (c) => listPage(c, deps));
  app.post('/access/tokens', async (c) => {
    const form = await readForm(c);
    const name = form.get('name').trim();
    const v = grantValues(form);
    const permission = toPermission(principalOf(c).workspaceId, v);
    const problems = [...(name === '' ? [formError('name', 'Name: enter a name for the token.')] : []), ...(Array.isArray(permission) ? permission : [])];
    if (problems.length > 0 || Array.isArray(permission)) return listPage(c, deps, name, v, new FieldErrors(problems));
    const r = await api<{ token: TokenView & { value: string } }>(deps, c, 'POST', '/tokens', { name, permissions: [permission] });
    if (r.status === 422) return listPage(c, deps, name, v, new FieldErrors(r.errors, grantFieldAlias));
    if (!r.data) return problem(c, deps, 'access', r);
    c.header('cache-control', 'no-store');
    return render(c, deps, { title: 'API token created', section: 'access', status: 201, scripts: ['copy-button.js'] }, <TokenCreated token={r.data.token} />);
  });
  app.post('/access/tokens/:id/revoke', async (c) => {
    const r = await api(deps, c, 'DELETE', `/tokens/${seg(c.req.param('id'))}`);
    if (r.status !== 200) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, '/access/tokens', 'Token revoked: requests with it are refused from now on.');
  });
  return app;
}
