import { openSsoStore, type SsoConnection } from '@junction/store';
import * as oidc from 'openid-client';
import type { ConsoleDeps } from '../console-env.ts';
import { SsoError } from './sso-error.ts';
import { openClientSecret } from './sso-secret.ts';
import type { SsoIdentity } from './sso-provision.ts';

/** How long a started OIDC sign-in may take at the IdP. */
export const SSO_REQUEST_TTL_MS = 10 * 60_000;

/** The host's OIDC redirect URI (register it at the IdP). */
export const OIDC_CALLBACK_PATH = '/sso/oidc/callback';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const configs = new Map<string, { config: oidc.Configuration; at: number }>();

/**
 * The discovered OIDC configuration of a connection (cached 10 minutes per connection version).
 * Plain-http issuers are accepted on loopback addresses only (local IdPs, tests).
 *
 * @example
 * const config = await oidcConfiguration(deps, connection);
 */
export async function oidcConfiguration(deps: Pick<ConsoleDeps, 'admin'>, connection: SsoConnection): Promise<oidc.Configuration> {
  if (!connection.oidc) throw new SsoError(`SSO connection "${connection.name}" is not an OIDC connection`, 400);
  const key = `${connection.id}|${connection.updatedAt}`;
  const cached = configs.get(key);
  if (cached && Date.now() - cached.at < 10 * 60_000) return cached.config;
  const issuer = new URL(connection.oidc.issuer);
  const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(issuer, connection.oidc.clientId, undefined, oidc.ClientSecretBasic(openClientSecret(deps.admin.cipher, connection.oidc.clientSecretSealed)), insecure ? { execute: [oidc.allowInsecureRequests] } : undefined);
  } catch (err) {
    throw new SsoError(`The identity provider of "${connection.name}" could not be reached at ${issuer.origin} (OIDC discovery failed: ${err instanceof Error ? err.message : String(err)}).`, 400);
  }
  configs.set(key, { config, at: Date.now() });
  return config;
}

/**
 * Starts an OIDC sign-in (authorization code flow with state, nonce and PKCE S256): records the
 * pending request and returns the IdP's authorization URL and the state (the caller binds it to the
 * browser with a cookie).
 *
 * @example
 * const { url, state } = await startOidc(deps, connection, '/sources', 'ada@acme.com');
 */
export async function startOidc(deps: Pick<ConsoleDeps, 'admin' | 'store' | 'baseUrl'>, connection: SsoConnection, next: string, loginHint?: string): Promise<{ url: string; state: string }> {
  const config = await oidcConfiguration(deps, connection);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const challenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
  await openSsoStore(deps.store).requests.put(state, { connectionId: connection.id, data: { nonce, codeVerifier, next }, expiresAt: new Date(Date.now() + SSO_REQUEST_TTL_MS).toISOString() });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: new URL(OIDC_CALLBACK_PATH, deps.baseUrl).href,
    scope: 'openid email profile',
    response_type: 'code',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(loginHint ? { login_hint: loginHint } : {}),
  });
  return { url: url.href, state };
}

/**
 * Finishes an OIDC sign-in at the callback: the state must be the browser's (cookie) and pending,
 * then the code is exchanged with the PKCE verifier and the ID token checked (signature, issuer,
 * audience, expiry, nonce) by openid-client. Returns the connection, who signed in and where to go.
 *
 * @example
 * const done = await finishOidc(deps, new URL(c.req.url).search, readStateCookie(c));
 */
export async function finishOidc(
  deps: Pick<ConsoleDeps, 'admin' | 'store' | 'baseUrl'>,
  search: string,
  browserState: string | undefined,
): Promise<{ connection: SsoConnection; who: SsoIdentity; next: string }> {
  const params = new URLSearchParams(search);
  const state = params.get('state') ?? '';
  if (params.get('error')) throw new SsoError(`The identity provider refused the sign-in: ${params.get('error_description') ?? params.get('error')}.`, 401);
  if (!state || state !== browserState) throw new SsoError('This sign-in was not started in this browser (state mismatch). Start again from "Sign in with SSO".', 400);
  const sso = openSsoStore(deps.store);
  const pending = await sso.requests.take(state);
  if (!pending) throw new SsoError('This sign-in has expired or was already used. Start again from "Sign in with SSO".', 400);
  const connection = await sso.connections.byId(pending.connectionId);
  if (!connection?.oidc) throw new SsoError('The SSO connection of this sign-in no longer exists.', 400);
  const config = await oidcConfiguration(deps, connection);
  const current = new URL(OIDC_CALLBACK_PATH, deps.baseUrl);
  current.search = search;
  let claims: Record<string, unknown> & { sub: string };
  try {
    const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.data.codeVerifier, expectedState: state, expectedNonce: pending.data.nonce, idTokenExpected: true });
    const idToken = tokens.claims();
    if (!idToken) throw new SsoError('The identity provider returned no ID token.', 401);
    claims = idToken;
    // Many IdPs put profile claims only in the UserInfo response (the subject must match the ID token's).
    if (typeof idToken.email !== 'string') claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)), sub: idToken.sub };
  } catch (err) {
    if (err instanceof SsoError) throw err;
    throw new SsoError(`The identity provider's answer was refused: ${err instanceof Error ? err.message : String(err)}.`, 401);
  }
  const email = typeof claims.email === 'string' ? claims.email : '';
  if (!email) throw new SsoError('The identity provider did not share an email address (request the "email" scope for this client).', 401);
  if (claims.email_verified === false) throw new SsoError(`The identity provider says ${JSON.stringify(email)} is not verified.`, 401);
  const name = typeof claims.name === 'string' ? claims.name : undefined;
  return { connection, who: { subject: claims.sub, email, ...(name ? { name } : {}) }, next: pending.data.next ?? '/' };
}
