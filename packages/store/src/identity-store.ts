import type { Kysely } from 'kysely';
import { type WorkspaceAuthSettings, type WorkspaceAuthSettingsRepo, workspaceAuthSettingsRepo } from './identity-auth-settings.ts';
import { type CredentialRepo, type Credentials, credentialRepo } from './identity-credentials.ts';
import { type InviteLinkPreview, type InviteLinkRepo, inviteLinkRepo } from './identity-invite-links.ts';
import { type PasswordResetRepo, passwordResetRepo } from './identity-resets.ts';
import { type IdentityDatabase, identityDb } from './identity-schema.ts';
import { type SessionRepo, type StoredSession, sessionRepo } from './identity-sessions.ts';
import type { Store } from './store.ts';

export type { CredentialRepo, Credentials, IdentityDatabase, InviteLinkPreview, InviteLinkRepo, PasswordResetRepo, SessionRepo, StoredSession, WorkspaceAuthSettings, WorkspaceAuthSettingsRepo };
export { PASSWORD_RESET_TTL_MINUTES } from './identity-resets.ts';
export { SESSION_METHODS } from './identity-sessions.ts';

/**
 * The console's identity repositories (tables of migration `0008_identity` plus the credential
 * columns of `users`).
 *
 * @example
 * const identity = openIdentityStore(store);
 * const creds = await identity.credentials.byEmail('ada@example.com');
 */
export interface IdentityStore {
  readonly db: Kysely<IdentityDatabase>;
  readonly sessions: SessionRepo;
  readonly credentials: CredentialRepo;
  readonly passwordResets: PasswordResetRepo;
  readonly authSettings: WorkspaceAuthSettingsRepo;
  readonly inviteLinks: InviteLinkRepo;
}

/**
 * Opens the identity repositories of an open store (same database, same connection pool).
 *
 * @example
 * const { sessions } = openIdentityStore(store);
 * const s = await sessions.get(hashToken(cookieValue));
 */
export function openIdentityStore(store: Pick<Store, 'db'>): IdentityStore {
  const db = identityDb(store.db);
  return { db, sessions: sessionRepo(db), credentials: credentialRepo(db), passwordResets: passwordResetRepo(db), authSettings: workspaceAuthSettingsRepo(db), inviteLinks: inviteLinkRepo(db) };
}
