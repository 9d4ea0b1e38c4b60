/**
 * Kysely table types of single sign-on (migration `0009_sso`). Same conventions as `schema.ts`:
 * ISO-8601 UTC text timestamps, JSON as text, booleans as 0/1 integers.
 */
import type { Kysely } from 'kysely';
import type { IamDatabase } from './iam-schema.ts';
import type { Database } from './schema.ts';

/** An SSO connection of a workspace (one IdP). */
export interface SsoConnectionTable {
  id: string;
  workspace_id: string;
  name: string;
  /** `oidc` or `saml`. */
  protocol: string;
  /** Role granted on the workspace to users provisioned just in time. */
  default_role: string;
  /** 1: users of the connection's domains cannot sign in with a password. */
  require_sso: number;
  oidc_issuer: string | null;
  oidc_client_id: string | null;
  /** Sealed by the host (never clear text). */
  oidc_client_secret: string | null;
  saml_entity_id: string | null;
  saml_sso_url: string | null;
  /** PEM or base64 DER of the IdP's signing certificate. */
  saml_certificate: string | null;
  /** The IdP metadata XML, when the connection was made from it. */
  saml_metadata: string | null;
  created_at: string;
  updated_at: string;
}

/** An email domain routed to a connection (unique across workspaces). */
export interface SsoDomainTable {
  domain: string;
  connection_id: string;
}

/** A sign-in started and not yet finished: keyed by the SHA-256 of the OIDC state or SAML request id. */
export interface SsoRequestTable {
  id_hash: string;
  connection_id: string;
  /** JSON: nonce, PKCE verifier, where to go after sign-in. */
  data: string;
  created_at: string;
  expires_at: string;
}

/** An assertion (or ID token) already used, kept until it would have expired anyway. */
export interface SsoReplayTable {
  key: string;
  expires_at: string;
}

/** The user an IdP subject signed in as. */
export interface SsoIdentityTable {
  connection_id: string;
  subject: string;
  user_id: string;
  created_at: string;
}

/** The SSO tables. */
export interface SsoTables {
  sso_connections: SsoConnectionTable;
  sso_domains: SsoDomainTable;
  sso_requests: SsoRequestTable;
  sso_replays: SsoReplayTable;
  sso_identities: SsoIdentityTable;
}

/** The store's database plus the access-management and SSO tables. */
export type SsoDatabase = IamDatabase & SsoTables;

/**
 * Views a store's Kysely instance with the SSO tables typed (same connection).
 *
 * @example
 * const db = ssoDb(store.db);
 * await db.selectFrom('sso_domains').selectAll().execute();
 */
export function ssoDb(db: Kysely<Database>): Kysely<SsoDatabase> {
  return db as unknown as Kysely<SsoDatabase>;
}
