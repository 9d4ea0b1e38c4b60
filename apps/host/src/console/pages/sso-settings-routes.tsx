import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { asFieldErrors } from './access-kit.tsx';
import { redirectWithFlash } from './flash.ts';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, type PageContext, readForm, seg } from './page-kit.ts';
import { ServiceProviderInfo, type SsoConnectionView, SsoForm, type SsoFormValues, ssoFormValues } from './sso-settings-form.tsx';

function Header() {
  return (
    <p>
      <a href="/settings">Workspace settings</a> · <a href="/settings/authentication">Authentication settings</a>
    </p>
  );
}

function ConnectionList(props: { connections: SsoConnectionView[] }) {
  return (
    <>
      <Header />
      <p>Single sign-on routes people to your identity provider by the domain of their email address.</p>
      {props.connections.length === 0 ? <p>No SSO connections yet.</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Connection</th>
            <th scope="col">Protocol</th>
            <th scope="col">Domains</th>
            <th scope="col">SSO required</th>
          </tr>
        </thead>
        <tbody>
          {props.connections.map((c) => (
            <tr data-testid="sso-connection">
              <td>
                <a href={`/settings/sso/${c.id}`}>{c.name}</a>
              </td>
              <td>{c.protocol === 'oidc' ? 'OpenID Connect' : 'SAML 2.0'}</td>
              <td>{c.domains.join(', ')}</td>
              <td>{c.requireSso ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <a href="/settings/sso/new?protocol=oidc">Add an OpenID Connect connection</a>
        <a href="/settings/sso/new?protocol=saml">Add a SAML 2.0 connection</a>
      </div>
    </>
  );
}

/** The admin API body of the form (the secret only when typed; SAML fields only when given or needed). */
function bodyOf(form: { get(name: string): string; has(name: string): boolean }, creating: boolean) {
  const protocol = form.get('protocol') === 'saml' ? 'saml' : 'oidc';
  const domains = form
    .get('domains')
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);
  const base = { name: form.get('name').trim(), ...(creating ? { protocol } : {}), domains, defaultRole: form.get('defaultRole'), requireSso: form.get('requireSso') === 'true' };
  if (protocol === 'oidc') {
    const secret = form.get('oidc.clientSecret');
    return { ...base, oidc: { issuer: form.get('oidc.issuer').trim(), clientId: form.get('oidc.clientId').trim(), ...(secret !== '' ? { clientSecret: secret } : {}) } };
  }
  const metadata = form.get('saml.metadata').trim();
  const saml: Record<string, string> = metadata ? { metadata } : {};
  for (const name of ['entityId', 'ssoUrl', 'certificate'] as const) {
    const v = form.get(`saml.${name}`).trim();
    if (v !== '' || !metadata) saml[name] = v;
  }
  return { ...base, saml };
}

function valuesOf(form: { get(name: string): string }): SsoFormValues {
  return {
    name: form.get('name'),
    protocol: form.get('protocol') === 'saml' ? 'saml' : 'oidc',
    domains: form.get('domains'),
    defaultRole: form.get('defaultRole'),
    requireSso: form.get('requireSso') === 'true',
    issuer: form.get('oidc.issuer'),
    clientId: form.get('oidc.clientId'),
    metadata: form.get('saml.metadata'),
    entityId: form.get('saml.entityId'),
    ssoUrl: form.get('saml.ssoUrl'),
    certificate: form.get('saml.certificate'),
  };
}

async function formPage(c: PageContext, deps: ConsoleDeps, v: SsoFormValues, errors: FieldErrors, connection?: SsoConnectionView) {
  const title = connection ? `SSO connection ${connection.name}` : v.protocol === 'oidc' ? 'New OpenID Connect connection' : 'New SAML 2.0 connection';
  const body = (
    <>
      <Header />
      <ServiceProviderInfo baseUrl={deps.baseUrl} protocol={v.protocol} connection={connection} />
      <SsoForm csrf={c.var.csrfToken} action={connection ? `/settings/sso/${connection.id}` : '/settings/sso/new'} v={v} errors={errors} secretSet={connection?.oidc?.clientSecretSet ?? false} connectionId={connection?.id} />
    </>
  );
  return render(c, deps, { title, section: 'settings', status: errors.any ? 422 : 200 }, body);
}

/**
 * SSO connection settings through the admin API's `/sso/connections` routes: `GET /settings/sso`
 * (list), `GET|POST /settings/sso/new?protocol=oidc|saml`, `GET|POST /settings/sso/:id` (edit; the
 * client secret is write-only), `POST /settings/sso/:id/delete`; each page shows the URLs to give
 * the identity provider (from `deps.baseUrl`).
 *
 * @example
 * app.route('/', ssoSettingsRoutes(deps));
 */
export function ssoSettingsRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/settings/sso', async (c) => {
    const r = await api<{ connections: SsoConnectionView[] }>(deps, c, 'GET', '/sso/connections');
    if (!r.data) return problem(c, deps, 'settings', r);
    return render(c, deps, { title: 'Single sign-on', section: 'settings' }, <ConnectionList connections={r.data.connections} />);
  });
  app.get('/settings/sso/new', (c) => formPage(c, deps, ssoFormValues(undefined, c.req.query('protocol') === 'saml' ? 'saml' : 'oidc'), new FieldErrors()));
  app.post('/settings/sso/new', async (c) => {
    const form = await readForm(c);
    const r = await api<{ connection: SsoConnectionView }>(deps, c, 'POST', '/sso/connections', bodyOf(form, true));
    if (r.status === 422 || r.status === 409) return formPage(c, deps, valuesOf(form), new FieldErrors(asFieldErrors(r.errors, 'domains')));
    if (!r.data) return problem(c, deps, 'settings', r);
    return redirectWithFlash(c, deps, `/settings/sso/${r.data.connection.id}`, `SSO connection ${r.data.connection.name} created.`);
  });
  app.get('/settings/sso/:id', async (c) => {
    const r = await api<{ connection: SsoConnectionView }>(deps, c, 'GET', `/sso/connections/${seg(c.req.param('id'))}`);
    if (!r.data) return problem(c, deps, 'settings', r);
    return formPage(c, deps, ssoFormValues(r.data.connection, r.data.connection.protocol), new FieldErrors(), r.data.connection);
  });
  app.post('/settings/sso/:id', async (c) => {
    const id = c.req.param('id');
    const current = await api<{ connection: SsoConnectionView }>(deps, c, 'GET', `/sso/connections/${seg(id)}`);
    if (!current.data) return problem(c, deps, 'settings', current);
    const form = await readForm(c);
    const r = await api(deps, c, 'PATCH', `/sso/connections/${seg(id)}`, bodyOf(form, false));
    if (r.status === 422 || r.status === 409) return formPage(c, deps, { ...valuesOf(form), protocol: current.data.connection.protocol }, new FieldErrors(asFieldErrors(r.errors, 'domains')), current.data.connection);
    if (r.status !== 200) return problem(c, deps, 'settings', r);
    return redirectWithFlash(c, deps, `/settings/sso/${id}`, 'SSO connection saved.');
  });
  app.post('/settings/sso/:id/delete', async (c) => {
    const r = await api(deps, c, 'DELETE', `/sso/connections/${seg(c.req.param('id'))}`);
    if (r.status !== 200) return problem(c, deps, 'settings', r);
    return redirectWithFlash(c, deps, '/settings/sso', 'SSO connection deleted.');
  });
  return app;
}
