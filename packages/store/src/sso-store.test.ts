import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { ConflictError, InvalidInputError } from './errors.ts';
import { openIamStore } from './iam-store.ts';
import { emailDomain, openSsoStore } from './sso-store.ts';

const oidc = { issuer: 'https://idp.acme.test', clientId: 'junction', clientSecretSealed: '{"clientSecret":"enc:v1:k:iv:data"}' };
const saml = { entityId: 'https://idp.globex.test/metadata', ssoUrl: 'https://idp.globex.test/sso', certificate: 'MIIBCERT' };

describe.each(BACKENDS)('SSO store on %s', (backend) => {
  const h = harness(backend);

  async function setup() {
    const store = await h.open(await h.location());
    const { workspace } = await seed(store);
    return { store, workspace, sso: openSsoStore(store) };
  }

  it('routes email domains to one connection across workspaces, case-insensitively', async () => {
    const { store, workspace, sso } = await setup();
    const other = await store.workspaces.create({ slug: `o-${workspace.slug}`, name: 'Other' });
    const c = await sso.connections.create(workspace.id, { name: 'Acme', protocol: 'oidc', domains: ['Acme.test', 'acme-corp.test'], defaultRole: 'WORKSPACE_MEMBER', requireSso: true, oidc });
    expect(c.domains).toEqual(['acme-corp.test', 'acme.test']);
    expect(c.oidc).toEqual(oidc);
    expect((await sso.connections.forEmail('Ada@ACME.test'))?.id).toBe(c.id);
    expect(await sso.connections.forEmail('ada@elsewhere.test')).toBeUndefined();
    expect(await sso.ssoRequiredFor('bob@acme-corp.test')).toBe(true);
    expect(await sso.ssoRequiredFor('bob@elsewhere.test')).toBe(false);
    await expect(sso.connections.create(other.id, { name: 'Dup', protocol: 'saml', domains: ['acme.test'], defaultRole: 'WORKSPACE_MEMBER', saml })).rejects.toBeInstanceOf(ConflictError);
    expect(await sso.connections.list(other.id)).toEqual([]);
    const g = await sso.connections.create(other.id, { name: 'Globex', protocol: 'saml', domains: ['globex.test'], defaultRole: 'WORKSPACE_MEMBER', saml });
    await expect(sso.connections.update(other.id, g.id, { domains: ['globex.test', 'acme.test'] })).rejects.toThrow(/"acme\.test" already routes/);
    expect(await sso.connections.get(other.id, c.id)).toBeUndefined();
    const updated = await sso.connections.update(workspace.id, c.id, { requireSso: false, domains: ['acme.test'] });
    expect([updated.requireSso, updated.domains, updated.oidc?.clientSecretSealed]).toEqual([false, ['acme.test'], oidc.clientSecretSealed]);
    expect(await sso.connections.forEmail('x@acme-corp.test')).toBeUndefined();
    expect(await sso.connections.delete(workspace.id, c.id)).toBe(true);
    expect(await sso.connections.forEmail('ada@acme.test')).toBeUndefined();
  });

  it('names the bad field of a connection', async () => {
    const { workspace, sso } = await setup();
    const base = { name: 'X', protocol: 'oidc' as const, domains: ['x.test'], defaultRole: 'WORKSPACE_MEMBER', oidc };
    await expect(sso.connections.create(workspace.id, { ...base, domains: ['not a domain'] })).rejects.toThrow(/domains\[0\] must be a domain name/);
    await expect(sso.connections.create(workspace.id, { ...base, oidc: { ...oidc, issuer: 'ftp://x' } })).rejects.toThrow(/oidc\.issuer must be an http\(s\) URL/);
    await expect(sso.connections.create(workspace.id, { ...base, protocol: 'saml' })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(sso.connections.create(workspace.id, { ...base, protocol: 'ldap' as never })).rejects.toThrow(/protocol must be one of oidc, saml/);
    expect(emailDomain('no-at-sign')).toBeUndefined();
  });

  it('takes a pending request once and refuses replays and expired requests', async () => {
    const { store, workspace, sso } = await setup();
    const c = await sso.connections.create(workspace.id, { name: 'Acme', protocol: 'oidc', domains: ['acme.test'], defaultRole: 'WORKSPACE_MEMBER', oidc });
    const later = new Date(Date.now() + 60_000).toISOString();
    await sso.requests.put('state-1', { connectionId: c.id, data: { nonce: 'n1' }, expiresAt: later });
    expect(await sso.requests.take('state-1')).toEqual({ connectionId: c.id, data: { nonce: 'n1' }, expiresAt: later });
    expect(await sso.requests.take('state-1')).toBeUndefined();
    await sso.requests.put('state-2', { connectionId: c.id, data: {}, expiresAt: later });
    expect(await sso.requests.take('state-2', new Date(Date.now() + 120_000))).toBeUndefined();
    const until = new Date(Date.now() + 300_000);
    expect(await sso.replays.claim(`${c.id}:a1`, until)).toBe(true);
    expect(await sso.replays.claim(`${c.id}:a1`, until)).toBe(false);
    const user = await openIamStore(store).users.ensure({ email: 'ada@acme.test' });
    await sso.identities.link(c.id, 'sub-1', user.id);
    expect(await sso.identities.userOf(c.id, 'sub-1')).toBe(user.id);
    expect(await sso.identities.userOf(c.id, 'sub-2')).toBeUndefined();
  });
});
