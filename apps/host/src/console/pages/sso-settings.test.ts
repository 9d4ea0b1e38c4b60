import { openSsoStore } from '@junction/store';
import * as samlify from 'samlify';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formsCarryCsrf, pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
beforeAll(async () => {
  t = await pageTestApp();
});
afterAll(() => t.close());

const SECRET = 'oidc-client-secret-4f9a1c';
type Conn = { id: string; name: string; domains: string[]; requireSso: boolean; oidc?: { clientSecretSet: boolean }; saml?: { entityId: string } };
const connections = async () => (await t.admin<{ connections: Conn[] }>('GET', '/sso/connections')).data!.connections;
const oidcForm = (over: Record<string, string> = {}) => ({ protocol: 'oidc', name: 'Okta', domains: 'acme.com\nacme.org', defaultRole: 'WORKSPACE_MEMBER', 'oidc.issuer': 'https://acme.okta.test', 'oidc.clientId': 'junction', 'oidc.clientSecret': SECRET, ...over });
let oidcId = '';

describe('SSO settings pages', () => {
  it('lists connections and offers both protocols; the OIDC form shows the redirect URI', async () => {
    const list = await t.get('/settings/sso');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('No SSO connections yet.');
    expect(html).toContain('<a href="/settings/authentication">Authentication settings</a>');
    expect(html).toContain('<a href="/settings/sso/new?protocol=saml">Add a SAML 2.0 connection</a>');
    const form = await (await t.get('/settings/sso/new?protocol=oidc')).text();
    expect(form).toContain('<code data-testid="sp-redirect-uri">http://localhost:8080/sso/oidc/callback</code>');
    for (const [id, label] of [['f-name', 'Name'], ['f-domains', 'Email domains'], ['f-defaultRole', 'Role of new users'], ['f-oidc-issuer', 'Issuer URL'], ['f-oidc-clientId', 'Client id'], ['f-oidc-clientSecret', 'Client secret']]) {
      expect(form).toMatch(new RegExp(`<label for="${id}">${label}`));
    }
    expect(form).toMatch(/<label for="f-requireSso">Require SSO/);
    expect(formsCarryCsrf(form)).toBe(true);
  });

  it.each([
    ['a missing client secret', { 'oidc.clientSecret': '' }, 'f-oidc-clientSecret-error', /oidc\.clientSecret is required/],
    ['a bad issuer', { 'oidc.issuer': 'not a url' }, 'f-oidc-issuer-error', /oidc\.issuer must be an absolute URL/],
    ['a bad domain', { domains: 'acme.com\nnot_a_domain' }, 'f-domains-error', /domains\[1\] must be a domain name/],
    ['no name', { name: '' }, 'f-name-error', /name/],
  ])('shows %s next to the field (422) and saves nothing', async (_what, over, errorId, message) => {
    const res = await t.post('/settings/sso/new', oidcForm(over));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`<p id="${errorId}" class="error">`));
    expect(new RegExp(`<p id="${errorId}" class="error">([^<]*)`).exec(html)![1]).toMatch(message);
    expect(html).not.toContain(SECRET);
    expect(await connections()).toEqual([]);
  });

  it('creates an OIDC connection; the secret is sealed and never rendered again', async () => {
    const res = await t.post('/settings/sso/new', oidcForm({ requireSso: 'true' }));
    expect(res.status).toBe(303);
    oidcId = res.headers.get('location')!.split('/').pop()!;
    expect(await connections()).toEqual([expect.objectContaining({ id: oidcId, name: 'Okta', domains: ['acme.com', 'acme.org'], requireSso: true, oidc: expect.objectContaining({ clientSecretSet: true }) })]);
    const html = await (await t.get(`/settings/sso/${oidcId}`)).text();
    expect(html).toContain('role="status">SSO connection Okta created.</p>');
    expect(html).toMatch(/id="f-oidc-clientSecret" name="oidc.clientSecret" type="password" value=""/);
    expect(textOf(html)).toContain('A secret is set and is never shown.');
    for (const page of [html, await (await t.get('/settings/sso')).text(), await (await t.get('/audit')).text()]) expect(page).not.toContain(SECRET);
  });

  it('edits without retyping the secret (kept), or replaces it when typed', async () => {
    const sealed = async () => (await openSsoStore(t.store).connections.get(t.workspaceId, oidcId))!.oidc!.clientSecretSealed;
    const before = await sealed();
    expect((await t.post(`/settings/sso/${oidcId}`, oidcForm({ name: 'Okta prod', 'oidc.clientSecret': '' }))).status).toBe(303);
    expect((await connections())[0]).toMatchObject({ name: 'Okta prod', requireSso: false });
    expect(await sealed()).toBe(before);
    expect((await t.post(`/settings/sso/${oidcId}`, oidcForm({ 'oidc.clientSecret': 'a-new-secret' }))).status).toBe(303);
    expect(await sealed()).not.toBe(before);
    const bad = await t.post(`/settings/sso/${oidcId}`, oidcForm({ domains: '' }));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/<p id="f-domains-error" class="error">domains must be a non-empty array/);
  });

  it('creates a SAML connection from IdP metadata and shows the SP URLs; a taken domain or bad metadata is refused at the field', async () => {
    const keys = await generate([{ name: 'commonName', value: 'idp.globex.test' }], { keySize: 1024, algorithm: 'sha256' });
    const idp = samlify.IdentityProvider({ entityID: 'https://idp.globex.test/metadata', signingCert: keys.cert, singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: 'https://idp.globex.test/sso' }] });
    const form = { protocol: 'saml', name: 'Globex', domains: 'globex.test', defaultRole: 'SOURCE_READ_ONLY', 'saml.metadata': idp.getMetadata(), 'saml.entityId': '', 'saml.ssoUrl': '', 'saml.certificate': '' };
    const taken = await t.post('/settings/sso/new', { ...form, domains: 'acme.com' });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toMatch(/<p id="f-domains-error" class="error">domains: &quot;acme\.com&quot; already routes to another SSO connection/);
    const bad = await t.post('/settings/sso/new', { ...form, 'saml.metadata': '<nope/>' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/<p id="f-saml-metadata-error" class="error">saml\.metadata /);
    const res = await t.post('/settings/sso/new', form);
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.split('/').pop()!;
    expect((await connections()).find((c) => c.id === id)?.saml?.entityId).toBe('https://idp.globex.test/metadata');
    const html = await (await t.get(`/settings/sso/${id}`)).text();
    expect(html).toContain(`<code data-testid="sp-acs-url">http://localhost:8080/sso/saml/${id}/acs</code>`);
    expect(html).toContain(`<code data-testid="sp-entity-id">http://localhost:8080/sso/saml/${id}/metadata</code>`);
    expect(html).toContain('id="f-saml-entityId" name="saml.entityId" type="text" value="https://idp.globex.test/metadata"');
    const noFields = await t.post('/settings/sso/new', { ...form, domains: 'initech.test', 'saml.metadata': '' });
    expect(await noFields.text()).toMatch(/<p id="f-saml-entityId-error" class="error">/);
  });

  it('deletes a connection', async () => {
    const res = await t.post(`/settings/sso/${oidcId}/delete`, {});
    expect(res.headers.get('location')).toBe('/settings/sso');
    expect((await connections()).map((c) => c.id)).not.toContain(oidcId);
    expect((await t.get(`/settings/sso/${oidcId}`)).status).toBe(404);
  });
});
