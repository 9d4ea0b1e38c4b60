import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openIamStore, openSsoStore } from '@junction/store';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, csrfOf, type SsoTestHost, startSsoTestHost } from './sso-test-host.ts';

const CLIENT_SECRET = 'oidc-client-secret-4f1c2e9a7b';
const accounts: Record<string, { email: string; email_verified: boolean; name: string }> = {
  ada: { email: 'ada@acme.test', email_verified: true, name: 'Ada Lovelace' },
  grace: { email: 'Grace@ACME.test', email_verified: true, name: 'Grace Hopper' },
  mallory: { email: 'mallory@evil.test', email_verified: true, name: 'Mallory' },
};

let host: SsoTestHost;
let issuer: string;
let closeIdp: () => Promise<void>;

beforeAll(async () => {
  host = await startSsoTestHost();
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'junction', client_secret: CLIENT_SECRET, redirect_uris: [`${host.url}/sso/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
    findAccount: (_ctx, id) => (accounts[id] ? { accountId: id, claims: () => ({ sub: `idp|${id}`, ...accounts[id] }) } : undefined),
  });
  handler = provider.callback();
  closeIdp = () => new Promise<void>((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await closeIdp?.();
  await host?.close();
});

/** Signs in at the host with SSO: the email form, the IdP's login and consent pages, the callback. */
async function signIn(browser: Browser, email: string, login: string): Promise<Response> {
  const page = await browser.fetch(`${host.url}/sso`);
  let res = await browser.fetch(`${host.url}/sso`, { form: { _csrf: csrfOf(await page.text()), email } });
  for (let hops = 0; hops < 20; hops++) {
    if (res.status >= 300 && res.status < 400) {
      const location = new URL(res.headers.get('location')!, res.url || issuer).href;
      if (location.startsWith(`${host.url}/sso/oidc/callback`)) return browser.fetch(location);
      res = await browser.fetch(location);
      continue;
    }
    const html = await res.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) throw new Error(`unexpected IdP page (${res.status}): ${html.slice(0, 300)}`);
    res = await browser.fetch(new URL(action, issuer).href, { form: prompt === 'login' ? { prompt, login, password: 'any' } : { prompt } });
  }
  throw new Error('too many redirects');
}

async function createConnection(body: Record<string, unknown> = {}) {
  const r = await host.api('POST', '/sso/connections', { name: 'Acme IdP', protocol: 'oidc', domains: ['acme.test'], defaultRole: 'SOURCE_ADMIN', requireSso: false, oidc: { issuer, clientId: 'junction', clientSecret: CLIENT_SECRET }, ...body });
  expect(r.status, r.text).toBe(201);
  return r.json.data.connection as { id: string };
}

describe('OIDC single sign-on against a real oidc-provider', () => {
  it('keeps the client secret sealed and never returns it', async () => {
    const c = await createConnection({ domains: ['sealed.test'] });
    const got = await host.api('GET', `/sso/connections/${c.id}`);
    expect(got.json.data.connection.oidc).toEqual({ issuer, clientId: 'junction', clientSecretSet: true, redirectPath: '/sso/oidc/callback' });
    expect(got.text).not.toContain(CLIENT_SECRET);
    const stored = await openSsoStore(host.store).connections.byId(c.id);
    expect(stored?.oidc?.clientSecretSealed).toMatch(/enc:v1:/);
    expect(stored?.oidc?.clientSecretSealed).not.toContain(CLIENT_SECRET);
    const audit = await host.api('GET', '/audit-events');
    expect(audit.text).toContain('SSO Connection Created');
    expect(audit.text).not.toContain(CLIENT_SECRET);
    expect((await host.api('DELETE', `/sso/connections/${c.id}`)).status).toBe(200);
  });

  it('provisions a new user just in time with the default role, then signs them in again as the same user', async () => {
    await createConnection();
    const browser = new Browser();
    const res = await signIn(browser, 'ada@acme.test', 'ada');
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const who = await (await browser.fetch(`${host.url}/whoami`)).json();
    expect(who.session).toMatchObject({ email: 'ada@acme.test', method: 'oidc', workspaceId: host.workspaceId });
    expect(who.roles).toEqual(['SOURCE_ADMIN']);
    const iam = openIamStore(host.store);
    const ada = await iam.users.getByEmail('ada@acme.test');
    expect(ada?.name).toBe('Ada Lovelace');
    expect(await iam.users.isMember(host.workspaceId, ada!.id)).toBe(true);
    const again = await signIn(new Browser(), 'ada@acme.test', 'ada');
    expect(again.status).toBe(303);
    expect((await iam.users.listMembers(host.workspaceId)).filter((u) => u.email === 'ada@acme.test')).toHaveLength(1);
  });

  it('links an existing member by email and keeps their role', async () => {
    const iam = openIamStore(host.store);
    const grace = await iam.users.create({ email: 'grace@acme.test', name: 'Grace' });
    await iam.users.addToWorkspace(host.workspaceId, grace.id);
    await iam.grants.add(host.workspaceId, { type: 'user', id: grace.id }, [{ roleId: 'WORKSPACE_OWNER', resources: [{ id: host.workspaceId, type: 'WORKSPACE' }] }]);
    const browser = new Browser();
    expect((await signIn(browser, 'grace@acme.test', 'grace')).status).toBe(303);
    const who = await (await browser.fetch(`${host.url}/whoami`)).json();
    expect(who.session.userId).toBe(grace.id);
    expect(who.roles).toEqual(['WORKSPACE_OWNER']);
  });

  it('refuses an IdP email outside the connection\'s domains, and an unknown domain at the form', async () => {
    const browser = new Browser();
    const res = await signIn(browser, 'someone@acme.test', 'mallory');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('is not one of this connection&#39;s domains');
    expect(await openIamStore(host.store).users.getByEmail('mallory@evil.test')).toBeUndefined();
    const page = await browser.fetch(`${host.url}/sso`);
    const unknown = await browser.fetch(`${host.url}/sso`, { form: { _csrf: csrfOf(await page.text()), email: 'bob@nowhere.test' } });
    expect(unknown.status).toBe(422);
    const html = await unknown.text();
    expect(html).toContain('No single sign-on is set up for nowhere.test');
    expect(html).toContain('aria-invalid="true"');
  });

  it('refuses a callback whose state is not this browser\'s', async () => {
    const browser = new Browser();
    const page = await browser.fetch(`${host.url}/sso`);
    const start = await browser.fetch(`${host.url}/sso`, { form: { _csrf: csrfOf(await page.text()), email: 'ada@acme.test' } });
    const state = new URL(start.headers.get('location')!).searchParams.get('state');
    const other = new Browser();
    const res = await other.fetch(`${host.url}/sso/oidc/callback?code=abc&state=${state}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('state mismatch');
  });
});
