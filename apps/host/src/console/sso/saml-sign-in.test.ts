import { inflateRawSync } from 'node:zlib';
import { openIamStore } from '@junction/store';
import * as samlify from 'samlify';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoRequiredFor } from './sso-policy.ts';
import { Browser, csrfOf, type SsoTestHost, startSsoTestHost } from './sso-test-host.ts';

const IDP_ENTITY = 'https://idp.globex.test/metadata';
const IDP_SSO = 'https://idp.globex.test/sso';
const { binding } = samlify.Constants.namespace;

let host: SsoTestHost;
let idp: samlify.IdentityProviderInstance;
let sp: samlify.ServiceProviderInstance;
let connectionId: string;

beforeAll(async () => {
  host = await startSsoTestHost();
  const keys = await generate([{ name: 'commonName', value: 'idp.globex.test' }], { keySize: 2048, algorithm: 'sha256' });
  idp = samlify.IdentityProvider({
    entityID: IDP_ENTITY,
    privateKey: keys.private,
    signingCert: keys.cert,
    isAssertionEncrypted: false,
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    singleSignOnService: [{ Binding: binding.redirect, Location: IDP_SSO }],
  });
  const created = await host.api('POST', '/sso/connections', { name: 'Globex', protocol: 'saml', domains: ['globex.test'], defaultRole: 'WORKSPACE_MEMBER', requireSso: true, saml: { metadata: idp.getMetadata() } });
  expect(created.status, created.text).toBe(201);
  connectionId = created.json.data.connection.id;
  expect(created.json.data.connection.saml).toMatchObject({ entityId: IDP_ENTITY, ssoUrl: IDP_SSO, acsPath: `/sso/saml/${connectionId}/acs` });
  const metadata = await fetch(`${host.url}/sso/saml/${connectionId}/metadata`);
  expect(metadata.headers.get('content-type')).toContain('samlmetadata+xml');
  sp = samlify.ServiceProvider({ metadata: await metadata.text() });
});

afterAll(async () => {
  await host?.close();
});

/** Starts a sign-in at the host and returns the AuthnRequest id the IdP received (HTTP-Redirect). */
async function startAtHost(browser: Browser, email: string): Promise<string> {
  const page = await browser.fetch(`${host.url}/sso`);
  const res = await browser.fetch(`${host.url}/sso`, { form: { _csrf: csrfOf(await page.text()), email } });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get('location')!);
  expect(location.origin + location.pathname).toBe(IDP_SSO);
  const xml = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
  return /ID="([^"]+)"/.exec(xml)![1]!;
}

type Tags = Record<string, string>;

function tags(requestId: string, email: string, overrides: Tags = {}): Tags {
  const now = new Date();
  const later = new Date(now.getTime() + 5 * 60_000).toISOString();
  const acs = `${host.url}/sso/saml/${connectionId}/acs`;
  return {
    ID: `_r${crypto.randomUUID()}`,
    AssertionID: `_a${crypto.randomUUID()}`,
    Destination: acs,
    Audience: `${host.url}/sso/saml/${connectionId}/metadata`,
    SubjectRecipient: acs,
    Issuer: IDP_ENTITY,
    IssueInstant: now.toISOString(),
    StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    ConditionsNotBefore: new Date(now.getTime() - 60_000).toISOString(),
    ConditionsNotOnOrAfter: later,
    SubjectConfirmationDataNotOnOrAfter: later,
    NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    NameID: email,
    InResponseTo: requestId,
    AuthnStatement: '',
    AttributeStatement: '',
    ...overrides,
  };
}

/** The IdP's signed response (samlify signs the assertion, as the SP's metadata asks). */
async function signedResponse(values: Tags): Promise<string> {
  const r = (await idp.createLoginResponse(sp, { extract: { request: { id: values.InResponseTo ?? '' } } }, 'post', { email: values.NameID ?? '' }, (template: string) => ({
    id: values.ID!,
    context: samlify.SamlLib.replaceTagsByValue(template, values),
  }))) as { context: string };
  return r.context;
}

async function post(browser: Browser, samlResponse: string): Promise<Response> {
  return browser.fetch(`${host.url}/sso/saml/${connectionId}/acs`, { form: { SAMLResponse: samlResponse } });
}

// The first SAML message loads node-xmllint (libxml2 compiled to JavaScript): seconds on a busy machine.
describe('SAML 2.0 single sign-on against an IdP built with samlify', { timeout: 30_000 }, () => {
  it('provisions a user just in time with the default role and refuses the same assertion twice', async () => {
    const browser = new Browser();
    const id = await startAtHost(browser, 'linus@globex.test');
    const response = await signedResponse(tags(id, 'linus@globex.test'));
    const res = await post(browser, response);
    expect(res.status, await res.clone().text()).toBe(303);
    const who = await (await browser.fetch(`${host.url}/whoami`)).json();
    expect(who.session).toMatchObject({ email: 'linus@globex.test', method: 'saml', workspaceId: host.workspaceId });
    expect(who.roles).toEqual(['WORKSPACE_MEMBER']);
    const replay = await post(new Browser(), response);
    expect(replay.status).toBe(401);
    expect(await replay.text()).toMatch(/answers no pending sign-in|already used/);
  });

  it('links an existing user by email', async () => {
    const existing = await openIamStore(host.store).users.create({ email: 'Marie@Globex.test', name: 'Marie' });
    const browser = new Browser();
    const id = await startAtHost(browser, 'marie@globex.test');
    expect((await post(browser, await signedResponse(tags(id, 'marie@globex.test')))).status).toBe(303);
    const who = await (await browser.fetch(`${host.url}/whoami`)).json();
    expect(who.session.userId).toBe(existing.id);
  });

  const refusals: Array<[string, (id: string) => Promise<string>, RegExp]> = [
    ['a wrong audience', async (id) => signedResponse(tags(id, 'eve@globex.test', { Audience: 'https://other-sp.test/metadata' })), /issued for another service provider \(audience/],
    ['an expired assertion', async (id) => signedResponse(tags(id, 'eve@globex.test', { ConditionsNotBefore: '2020-01-01T00:00:00.000Z', ConditionsNotOnOrAfter: '2020-01-01T00:05:00.000Z', SubjectConfirmationDataNotOnOrAfter: '2020-01-01T00:05:00.000Z' })), /has expired/],
    ['an unsigned assertion', async (id) => Buffer.from(samlify.SamlLib.replaceTagsByValue(samlify.SamlLib.defaultLoginResponseTemplate.context, tags(id, 'eve@globex.test'))).toString('base64'), /not signed with the identity provider/],
    ['another recipient', async (id) => signedResponse(tags(id, 'eve@globex.test', { SubjectRecipient: 'https://evil.test/acs' })), /names another recipient/],
    ['an unknown request id', async () => signedResponse(tags('_never-sent', 'eve@globex.test')), /answers no pending sign-in/],
    ['an email outside the domains', async (id) => signedResponse(tags(id, 'eve@elsewhere.test')), /not one of this connection/],
  ];

  it.each(refusals)('refuses %s with a visible message', async (_name, make, message) => {
    const browser = new Browser();
    const id = await startAtHost(browser, 'eve@globex.test');
    const res = await post(browser, await make(id));
    expect(res.status).toBeGreaterThanOrEqual(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toMatch(message);
    expect((await (await browser.fetch(`${host.url}/whoami`)).json()).session).toBeNull();
    expect(await openIamStore(host.store).users.getByEmail('eve@globex.test')).toBeUndefined();
  });

  it('requires SSO of the connection\'s domains when requireSso is on, and not once it is off', async () => {
    expect(await ssoRequiredFor(host.store, 'anyone@GLOBEX.test')).toBe(true);
    expect(await ssoRequiredFor(host.store, 'anyone@other.test')).toBe(false);
    const browser = new Browser();
    const page = await browser.fetch(`${host.url}/sign-in`);
    const refused = await browser.fetch(`${host.url}/sign-in`, { form: { _csrf: csrfOf(await page.text()), email: 'linus@globex.test', password: 'a-long-password-1' } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('requires single sign-on');
    const off = await host.api('PATCH', `/sso/connections/${connectionId}`, { requireSso: false });
    expect(off.status, off.text).toBe(200);
    expect(await ssoRequiredFor(host.store, 'anyone@globex.test')).toBe(false);
    await host.api('PATCH', `/sso/connections/${connectionId}`, { requireSso: true });
  });
});
