import { openSsoStore } from '@junction/store';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { secureCookies } from '../identity/cookies.ts';
import { readForm, safeNext } from '../identity/form.ts';
import { startSession } from '../identity/session.ts';
import { finishOidc, OIDC_CALLBACK_PATH, SSO_REQUEST_TTL_MS, startOidc } from './oidc-flow.ts';
import { finishSaml, samlServiceProvider, startSaml } from './saml-flow.ts';
import { SsoErrorPage, SsoSignInPage } from './sso-pages.tsx';
import { SsoError } from './sso-error.ts';
import { provisionSsoUser, type SsoIdentity } from './sso-provision.ts';
import type { SsoConnection } from '@junction/store';

/** Paths the IdP posts to cross-site (SAML HTTP-POST binding): no console CSRF token can be there; the signed, request-bound response is the check. */
export const SSO_CROSS_SITE_POST = /^\/sso\/saml\/[^/]+\/acs$/;

const stateCookie = (deps: ConsoleDeps) => `${secureCookies(deps) ? '__Host-' : ''}junction_sso_state`;

function refuse(c: Context<ConsoleEnv>, err: unknown) {
  if (err instanceof SsoError) return c.html(SsoErrorPage({ message: err.message }), err.status);
  throw err;
}

async function signIn(c: Context<ConsoleEnv>, deps: ConsoleDeps, done: { connection: SsoConnection; who: SsoIdentity; next: string }) {
  const userId = await provisionSsoUser(deps.store, done.connection, done.who);
  const session = await startSession(c, deps, { userId, method: done.connection.protocol, workspaceId: done.connection.workspaceId });
  return c.redirect(session.mfaVerified ? safeNext(done.next) : '/mfa/challenge', 303);
}

/**
 * Single sign-on with OIDC and SAML 2.0, routed by the email's domain:
 * `GET|POST /sso` (the sign-in form), `GET /sso/oidc/callback` (the OIDC redirect URI),
 * `POST /sso/saml/:id/acs` (SAML ACS, HTTP-POST) and `GET /sso/saml/:id/metadata` (SP metadata).
 * Users are found by IdP subject or email, else provisioned just in time with the connection's
 * default role; the session is started by identity's `startSession`.
 *
 * @example
 * app.route('/', ssoRoutes(deps));
 */
export function ssoRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const sso = () => openSsoStore(deps.store);

  app.get('/sso', (c) => {
    const next = c.req.query('next');
    return c.html(SsoSignInPage({ csrf: c.var.csrfToken, ...(next ? { next: safeNext(next) } : {}), ...(c.req.query('email') ? { email: c.req.query('email') } : {}) }));
  });

  app.post('/sso', async (c) => {
    const form = await readForm(c);
    const next = safeNext(c.req.query('next'));
    const email = (form.email ?? '').trim();
    const again = (error: string) => c.html(SsoSignInPage({ csrf: c.var.csrfToken, email, next, error }), 422);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return again('Enter your work email address, such as ada@acme.com.');
    const connection = await sso().connections.forEmail(email);
    if (!connection) return again(`No single sign-on is set up for ${email.slice(email.lastIndexOf('@') + 1)}. Sign in with your password, or ask your admin.`);
    try {
      if (connection.protocol === 'saml') return c.redirect(await startSaml(deps, connection, next), 303);
      const { url, state } = await startOidc(deps, connection, next, email);
      setCookie(c, stateCookie(deps), state, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secureCookies(deps), maxAge: SSO_REQUEST_TTL_MS / 1000 });
      return c.redirect(url, 303);
    } catch (err) {
      if (err instanceof SsoError) return again(err.message);
      throw err;
    }
  });

  app.get(OIDC_CALLBACK_PATH, async (c) => {
    const browserState = getCookie(c, stateCookie(deps));
    deleteCookie(c, stateCookie(deps), { path: '/', secure: secureCookies(deps) });
    try {
      return await signIn(c, deps, await finishOidc(deps, new URL(c.req.url).search, browserState));
    } catch (err) {
      return refuse(c, err);
    }
  });

  app.post('/sso/saml/:id/acs', async (c) => {
    try {
      return await signIn(c, deps, await finishSaml(deps, c.req.param('id'), await c.req.parseBody()));
    } catch (err) {
      return refuse(c, err);
    }
  });

  app.get('/sso/saml/:id/metadata', async (c) => {
    const connection = await sso().connections.byId(c.req.param('id'));
    if (connection?.protocol !== 'saml') return c.text('SAML connection not found', 404);
    return c.body(samlServiceProvider(deps.baseUrl, connection.id).getMetadata(), 200, { 'content-type': 'application/samlmetadata+xml; charset=utf-8' });
  });

  return app;
}
