import type { Kysely, Migration } from 'kysely';

const text = 'text' as const;

/**
 * Migration `0008_identity`: console sessions (SHA-256 of the session id only), password reset
 * tokens (hashed, expiring, single use), per-user MFA enrolment state (pending secret, last TOTP
 * step) and workspace authentication settings (`require_mfa`).
 *
 * @example
 * const migrations = { …, '0008_identity': identityMigration };
 */
export const identityMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const user = 'users.id';
    await db.schema
      .createTable('console_sessions')
      .addColumn('id_hash', text, (c) => c.primaryKey())
      .addColumn('user_id', text, (c) => c.notNull().references(user).onDelete('cascade'))
      .addColumn('workspace_id', text, (c) => c.references('workspaces.id').onDelete('set null'))
      .addColumn('method', text, (c) => c.notNull())
      .addColumn('mfa_verified', 'integer', (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('last_seen_at', text, (c) => c.notNull())
      .addColumn('expires_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('console_sessions_user').on('console_sessions').column('user_id').execute();
    await db.schema.createIndex('console_sessions_expires').on('console_sessions').column('expires_at').execute();
    await db.schema
      .createTable('password_resets')
      .addColumn('token_hash', text, (c) => c.primaryKey())
      .addColumn('user_id', text, (c) => c.notNull().references(user).onDelete('cascade'))
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('expires_at', text, (c) => c.notNull())
      .addColumn('used_at', text)
      .execute();
    await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
    await db.schema
      .createTable('user_mfa_state')
      .addColumn('user_id', text, (c) => c.primaryKey().references(user).onDelete('cascade'))
      .addColumn('pending_secret', text)
      .addColumn('pending_at', text)
      .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('workspace_auth_settings')
      .addColumn('workspace_id', text, (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
      .addColumn('require_mfa', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
  },
};
