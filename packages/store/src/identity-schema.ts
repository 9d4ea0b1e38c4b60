/**
 * Kysely table types of the console's identity (migration `0008_identity`): browser sessions,
 * password reset tokens, MFA enrolment state and workspace authentication settings. Same
 * conventions as `schema.ts`: ISO-8601 UTC text timestamps, booleans as 0/1 integers.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { IamDatabase } from './iam-schema.ts';

/** A signed-in browser session; only the SHA-256 of its id (the cookie value) is kept. */
export interface ConsoleSessionTable {
  id_hash: string;
  user_id: string;
  /** The workspace the user acts in (null until picked). */
  workspace_id: string | null;
  /** `password`, `oidc`, `saml` or `invite`. */
  method: string;
  /** 0 while a second factor is still owed. */
  mfa_verified: number;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry (idle expiry is `last_seen_at` + the host's idle timeout). */
  expires_at: string;
}

/** A password reset link: single use, expiring; only the SHA-256 of its token is kept. */
export interface PasswordResetTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Per-user MFA state besides `users.mfa_*`: a pending enrolment and the last TOTP step accepted. */
export interface UserMfaStateTable {
  user_id: string;
  /** Sealed TOTP secret being enrolled (confirmed by a first code), or null. */
  pending_secret: string | null;
  pending_at: string | null;
  /** Last accepted TOTP time step (codes of this step or older are refused: no replay). */
  last_step: number;
}

/** Authentication settings of a workspace. */
export interface WorkspaceAuthSettingsTable {
  workspace_id: string;
  /** 1: every member must use a second factor in this workspace. */
  require_mfa: number;
  updated_at: string;
}

/** The identity tables. */
export interface IdentityTables {
  console_sessions: ConsoleSessionTable;
  password_resets: PasswordResetTable;
  user_mfa_state: UserMfaStateTable;
  workspace_auth_settings: WorkspaceAuthSettingsTable;
}

/** The store's database plus the access-management and identity tables. */
export type IdentityDatabase = IamDatabase & IdentityTables;

/**
 * Views a store's Kysely instance with the identity tables typed (same connection).
 *
 * @example
 * const db = identityDb(store.db);
 * await db.selectFrom('console_sessions').selectAll().execute();
 */
export function identityDb(db: Kysely<Database>): Kysely<IdentityDatabase> {
  return db as unknown as Kysely<IdentityDatabase>;
}
