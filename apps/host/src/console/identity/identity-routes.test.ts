import { createHash } from 'node:crypto';
import { openAdminStore, openIamStore, openIdentityStore, openSsoStore } from '@junction/store';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userPrincipal } from '../../admin/iam-principal.ts';
import { identityRoutes } from './identity-routes.ts';
import { Browser, type IdentityTestHost, startIdentityHost } from './identity-test-host.ts';
import { inviteByMail } from './invite-routes.tsx';

let host: IdentityTestHost;
const ADA = { name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' };

beforeAll(async () => {
  host = await startIdentityHost({ plan: 'business' });
});
afterAll(async () => {
  await host?.close();
});

const lastMail = (to: string) => host.outbox.list().filter((m) => m.to === to).at(-1);
const linkIn = (text: string | undefined) => /(http:\/\/\S+)/.exec(text ?? '')?.[1] ?? '';
const pathOf = (url: string) => url.replace(host.baseUrl, '');
const codeAt = (secret: string, at: Date) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at.getTime() });

async function signIn(email: string, password: string) {
  const b = new Browser(host.baseUrl);
  const page = await b.submit('/sign-in', { email, password });
  return { b, page };
}

describe('console identity over HTTP', () => {
  let ada: Browser;

  it('first run leads to creating the owner account of the demo workspace, then to sign-in only', async () => {
    ada = new Browser(host.baseUrl);
    expect((await ada.get('/')).location).toBe('/sign-up');
    expect((await ada.get('/sign-in')).location).toBe('/sign-up');
    const bad = await ada.submit('/sign-up', { name: '', email: 'not-an-email', password: 'short' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Your name is required.');
    expect(bad.html).toContain('Email must be an email address');
    expect(bad.html).toContain('Password must be at least 10 characters.');
    expect(bad.html).toMatch(/id="f-email"[^>]*aria-invalid="true"[^>]*aria-describedby="f-email-error"/);
    const created = await ada.submit('/sign-up', ADA);
    expect([created.status, created.location]).toEqual([303, '/']);
    const cookie = created.setCookies.find((c) => c.startsWith('junction_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const stored = await openIdentityStore(host.store).db.selectFrom('console_sessions').select('id_hash').execute();
    expect(stored.map((r) => r.id_hash)).toEqual([createHash('sha256').update(ada.cookies.get('junction_session')!).digest('hex')]);
    const probe = await ada.get('/probe');
    expect(JSON.parse(probe.html)).toEqual({ email: ADA.email, workspaceId: host.workspace.id, roles: ['WORKSPACE_OWNER'] });
    const picker = await ada.get('/workspaces');
    expect(picker.status).toBe(200);
    expect(picker.html).toContain('Open Demo workspace');
    const user = await openIamStore(host.store).users.getByEmail(ADA.email);
    expect((await userPrincipal(host.store, host.workspace.id, user!.id)).roles).toEqual(['WORKSPACE_OWNER']);
    expect((await new Browser(host.baseUrl).get('/sign-up')).location).toBe('/sign-in');
  });

  it('refuses a form without a valid CSRF token (403)', async () => {
    const b = new Browser(host.baseUrl);
    await b.get('/sign-in');
    expect((await b.post('/sign-in', { email: ADA.email, password: ADA.password })).status).toBe(403);
    expect((await b.post('/sign-in', { email: ADA.email, password: ADA.password, _csrf: 'forged' })).status).toBe(403);
    expect((await ada.post('/sign-out', {})).status).toBe(403);
    expect((await ada.post('/probe', {})).status).toBe(403);
    const page = await ada.get('/workspaces');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!;
    expect((await ada.request('/probe', { method: 'POST', headers: { 'x-csrf-token': csrf } })).status).toBe(200);
    expect((await ada.request('/api/sources', { method: 'POST' })).status).toBe(401);
    expect((await ada.get('/workspaces')).status).toBe(200);
  });

  it('signs out and in, rotates the session id and says when the password is wrong', async () => {
    const before = ada.cookies.get('junction_session');
    const out = await ada.submit('/sign-out', {});
    expect([out.status, out.location]).toEqual([303, '/sign-in']);
    expect(ada.cookies.has('junction_session')).toBe(false);
    expect((await ada.get('/workspaces')).location).toBe('/sign-in?next=%2Fworkspaces');
    expect((await ada.get('/probe?x=1')).location).toBe('/sign-in?next=%2Fprobe%3Fx%3D1');
    const b = new Browser(host.baseUrl);
    b.cookies.set('junction_session', before!);
    expect((await b.get('/workspaces')).location).toMatch(/^\/sign-in/);
    const wrong = await ada.submit('/sign-in', { email: ADA.email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('Email or password is incorrect.');
    expect(wrong.html).toContain('value="ada@example.com"');
    const missing = await ada.submit('/sign-in', { email: '', password: '' });
    expect(missing.status).toBe(422);
    expect(missing.html).toContain('Email is required.');
    const ok = await ada.submit('/sign-in?next=%2Fworkspaces', { email: ADA.email, password: ADA.password }, '/sign-in?next=%2Fworkspaces');
    expect([ok.status, ok.location]).toEqual([303, '/workspaces']);
    expect(ada.cookies.get('junction_session')).not.toBe(before);
    const evil = await signIn(ADA.email, ADA.password);
    expect(evil.page.location).toBe('/');
  });

  it('refuses password sign-in and reset for a domain that requires SSO', async () => {
    await openSsoStore(host.store).connections.create(host.workspace.id, { name: 'Acme', protocol: 'oidc', domains: ['acme.test'], defaultRole: 'WORKSPACE_MEMBER', requireSso: true, oidc: { issuer: 'https://idp.acme.test', clientId: 'junction', clientSecretSealed: '{}' } });
    const b = new Browser(host.baseUrl);
    const refused = await b.submit('/sign-in', { email: 'carol@acme.test', password: 'whatever password' });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('requires single sign-on');
    expect((await b.submit('/forgot-password', { email: 'carol@acme.test' })).status).toBe(403);
  });

  it('limits sign-in attempts per email and address', async () => {
    const b = new Browser(host.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await b.submit('/sign-in', { email: 'mallory@example.com', password: `guess-${i}-xxxxxx` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await signIn(ADA.email, ADA.password)).page.status).toBe(303);
  });

  it('resets a password by mail link: single use, ends sessions, expires', async () => {
    const other = new Browser(host.baseUrl);
    const sent = await other.submit('/forgot-password', { email: 'ADA@example.com' });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('a link to choose a new password is on its way');
    expect((await other.submit('/forgot-password', { email: 'nobody@example.com' })).html).toContain('is on its way');
    expect(host.outbox.list().some((m) => m.to === 'nobody@example.com')).toBe(false);
    const outbox = await other.get('/dev/outbox');
    expect(outbox.html).toContain('Reset your Junction password');
    const link = pathOf(linkIn(lastMail(ADA.email)?.text));
    expect(link).toMatch(/^\/reset-password\?token=jcr_/);
    const token = new URL(link, host.baseUrl).searchParams.get('token')!;
    expect((await other.get(link)).status).toBe(200);
    const weak = await other.submit('/reset-password', { token, password: 'short' }, link);
    expect(weak.status).toBe(422);
    expect(weak.html).toContain('Password must be at least 10 characters.');
    const done = await other.submit('/reset-password', { token, password: 'a brand new password' }, link);
    expect([done.status, done.location]).toEqual([303, '/sign-in?reset=1']);
    expect((await ada.get('/workspaces')).location).toMatch(/^\/sign-in/);
    const again = await other.get(link);
    expect(again.status).toBe(410);
    expect(again.html).toContain('already used');
    expect((await signIn(ADA.email, ADA.password)).page.status).toBe(401);
    ADA.password = 'a brand new password';
    ada = (await signIn(ADA.email, ADA.password)).b;
    await other.submit('/forgot-password', { email: ADA.email });
    const late = pathOf(linkIn(lastMail(ADA.email)?.text));
    host.advance(61 * 60_000);
    const expired = await other.get(late);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('expired');
  });

  it('mails an invite created through the admin API; accepting creates the user, membership and grants', async () => {
    const owner = await openIamStore(host.store).users.getByEmail(ADA.email);
    const principal = await userPrincipal(host.store, host.workspace.id, owner!.id);
    const answer = await inviteByMail(host.deps, principal, [{ email: 'bo@example.com', permissions: [{ roleId: 'SOURCE_ADMIN', resources: [{ id: host.workspace.id, type: 'WORKSPACE' }] }] }]);
    expect(answer.status).toBe(201);
    const mail = lastMail('bo@example.com');
    expect(mail?.subject).toBe('You are invited to Demo workspace');
    const link = pathOf(linkIn(mail?.text));
    const bo = new Browser(host.baseUrl);
    const form = await bo.get(link);
    expect(form.status).toBe(200);
    expect(form.html).toContain('bo@example.com');
    const token = new URL(link, host.baseUrl).searchParams.get('token')!;
    const bad = await bo.submit('/invite/accept', { token, name: '', password: 'short' }, link);
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Your name is required.');
    const ok = await bo.submit('/invite/accept', { token, name: 'Bo', password: 'bo password 1234' }, link);
    expect([ok.status, ok.location]).toEqual([303, '/']);
    const iam = openIamStore(host.store);
    const user = await iam.users.getByEmail('bo@example.com');
    expect(await iam.users.isMember(host.workspace.id, user!.id)).toBe(true);
    expect((await userPrincipal(host.store, host.workspace.id, user!.id)).roles).toEqual(['SOURCE_ADMIN']);
    expect((await bo.get('/workspaces')).status).toBe(200);
    expect((await bo.get('/settings/authentication')).status).toBe(403);
    expect((await new Browser(host.baseUrl).get(link)).status).toBe(410);
    expect((await signIn('bo@example.com', 'bo password 1234')).page.location).toBe('/');
  });

  let recovery: string[] = [];
  let secret = '';

  it('enrols MFA with a TOTP code, then challenges the next sign-in (no replay) and takes each recovery code once', async () => {
    const setup = await ada.get('/mfa/setup');
    expect(setup.status).toBe(200);
    secret = (/data-testid="totp-secret">([^<]+)</.exec(setup.html)?.[1] ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await ada.submit('/mfa/setup', { code: '000000' === codeAt(secret, host.now()) ? '111111' : '000000' }, '/mfa/setup')).status).toBe(422);
    const before = ada.cookies.get('junction_session');
    const enrolled = await ada.submit('/mfa/setup', { code: codeAt(secret, host.now()) }, '/mfa/setup');
    expect(enrolled.status).toBe(200);
    recovery = [...enrolled.html.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(recovery).toHaveLength(10);
    expect(ada.cookies.get('junction_session')).not.toBe(before);
    const stored = await openIdentityStore(host.store).credentials.byEmail(ADA.email);
    expect(stored?.mfaSecret).not.toContain(secret);
    expect(stored?.recoveryCodeHashes).not.toContain(recovery[0]);

    const { b, page } = await signIn(ADA.email, ADA.password);
    expect(page.location).toBe('/mfa/challenge');
    expect((await b.get('/workspaces')).location).toBe('/mfa/challenge');
    expect((await b.get('/probe')).location).toBe('/mfa/challenge');
    const replay = await b.submit('/mfa/challenge', { code: codeAt(secret, host.now()) });
    expect(replay.status).toBe(422);
    expect(replay.html).toContain('already used');
    host.advance(30_000);
    const pending = b.cookies.get('junction_session');
    const passed = await b.submit('/mfa/challenge', { code: codeAt(secret, host.now()) });
    expect([passed.status, passed.location]).toEqual([303, '/']);
    expect(b.cookies.get('junction_session')).not.toBe(pending);
    expect((await b.get('/workspaces')).status).toBe(200);

    const r1 = (await signIn(ADA.email, ADA.password)).b;
    const used = await r1.submit('/mfa/recovery', { code: recovery[0]!.toLowerCase() });
    expect([used.status, used.location]).toEqual([303, '/']);
    const r2 = (await signIn(ADA.email, ADA.password)).b;
    const reused = await r2.submit('/mfa/recovery', { code: recovery[0]! });
    expect(reused.status).toBe(422);
    expect(reused.html).toContain('not valid or was already used');
    expect((await r2.submit('/mfa/recovery', { code: recovery[1]! })).location).toBe('/');
    ada = r2;
  });

  it('a workspace that requires MFA forces enrolment of members without it', async () => {
    const saved = await ada.submit('/settings/authentication', { requireMfa: 'on' });
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Saved.');
    const audit = await openAdminStore(host.store).auditEvents.list({ workspaceId: host.workspace.id, type: 'Workspace Authentication Settings Updated' });
    expect(audit.events[0]?.after).toEqual({ requireMfa: true });
    const bo = (await signIn('bo@example.com', 'bo password 1234')).b;
    expect((await bo.get('/workspaces')).location).toBe('/mfa/setup');
    expect((await bo.get('/probe')).location).toBe('/mfa/setup');
    const setup = await bo.get('/mfa/setup');
    expect(setup.html).toContain('This workspace requires two-factor authentication');
    const boSecret = (/data-testid="totp-secret">([^<]+)</.exec(setup.html)?.[1] ?? '').replace(/\s+/g, '');
    expect((await bo.submit('/mfa/setup', { code: codeAt(boSecret, host.now()) }, '/mfa/setup')).status).toBe(200);
    expect((await bo.get('/workspaces')).status).toBe(200);
    expect((await bo.get('/mfa/setup')).html).toContain('cannot be turned off');
    const locked = await bo.submit('/mfa/disable', { password: 'bo password 1234' }, '/workspaces');
    expect(locked.status).toBe(409);
  });

  it('switches and creates workspaces in the session', async () => {
    const created = await ada.submit('/workspaces/new', { name: 'Second', slug: 'second' }, '/workspaces');
    expect([created.status, created.location]).toEqual([303, '/']);
    const taken = await ada.submit('/workspaces/new', { name: 'Third', slug: 'second' }, '/workspaces');
    expect(taken.status).toBe(422);
    expect(taken.html).toContain('Slug &quot;second&quot; is already taken.');
    const list = await ada.get('/workspaces');
    expect(list.html).toMatch(/aria-current="true"[^>]*>Open Second/);
    const foreign = await ada.submit('/workspaces/select', { workspaceId: 'not-mine' }, '/workspaces');
    expect(foreign.status).toBe(404);
    expect((await ada.submit('/workspaces/select', { workspaceId: host.workspace.id }, '/workspaces')).location).toBe('/');
    expect((await ada.get('/workspaces')).html).toMatch(/aria-current="true"[^>]*>Open Demo workspace/);
  });
});

describe('console identity cookies and outbox', () => {
  it('uses __Host- cookies marked Secure over https, and serves no outbox when mail goes out by SMTP', async () => {
    const app = identityRoutes({ ...host.deps, baseUrl: 'https://cdp.example.com', outbox: undefined });
    const res = await app.request('https://cdp.example.com/sign-in');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-junction_csrf='));
    expect(cookie).toMatch(/Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect((await app.request('https://cdp.example.com/dev/outbox')).status).toBe(404);
  });
});
