import type { Kysely } from 'kysely';
import { type SsoConnection, type SsoConnectionInput, type SsoConnectionRepo, type SsoProtocol, ssoConnectionRepo } from './sso-connections.ts';
import { type SsoIdentityRepo, type SsoPendingRequest, type SsoReplayRepo, type SsoRequestRepo, ssoIdentityRepo, ssoReplayRepo, ssoRequestRepo } from './sso-flows.ts';
import { type SsoDatabase, ssoDb } from './sso-schema.ts';
import type { Store } from './store.ts';

export type { SsoConnection, SsoConnectionInput, SsoConnectionRepo, SsoDatabase, SsoIdentityRepo, SsoPendingRequest, SsoProtocol, SsoReplayRepo, SsoRequestRepo };
export { emailDomain, SSO_PROTOCOLS } from './sso-connections.ts';

/**
 * Single sign-on repositories (tables of migration `0009_sso`).
 *
 * @example
 * const sso = openSsoStore(store);
 * const connection = await sso.connections.forEmail('ada@acme.com');
 */
export interface SsoStore {
  readonly db: Kysely<SsoDatabase>;
  readonly connections: SsoConnectionRepo;
  readonly requests: SsoRequestRepo;
  readonly replays: SsoReplayRepo;
  readonly identities: SsoIdentityRepo;
  /** True when the email's domain routes to a connection that requires SSO (password sign-in refused). */
  ssoRequiredFor(email: string): Promise<boolean>;
}

/**
 * Opens the SSO repositories of an open store (same database, same connection pool).
 *
 * @example
 * const { connections } = openSsoStore(store);
 * await connections.create(workspaceId, { name: 'Okta', protocol: 'oidc', domains: ['acme.com'], defaultRole: 'WORKSPACE_MEMBER', oidc: { issuer, clientId, clientSecretSealed } });
 */
export function openSsoStore(store: Pick<Store, 'db'>): SsoStore {
  const db = ssoDb(store.db);
  const connections = ssoConnectionRepo(db);
  return {
    db,
    connections,
    requests: ssoRequestRepo(db),
    replays: ssoReplayRepo(db),
    identities: ssoIdentityRepo(db),
    async ssoRequiredFor(email) {
      return (await connections.forEmail(email))?.requireSso === true;
    },
  };
}
