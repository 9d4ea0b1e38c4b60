import type { Kysely, Migration } from 'kysely';

const text = 'text' as const;

/**
 * Migration `0009_sso`: single sign-on connections per workspace (OIDC or SAML 2.0; the OIDC client
 * secret only as sealed text), their email domains (unique across workspaces), pending sign-in
 * requests (OIDC state/nonce/PKCE verifier, SAML request ids; short-lived, single use), assertion ids
 * seen (replay refusal) and the link of an IdP subject to a user.
 *
 * @example
 * const migrations = { …, '0009_sso': ssoMigration };
 */
export const ssoMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sso_connections')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('workspace_id', text, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('protocol', text, (c) => c.notNull())
      .addColumn('default_role', text, (c) => c.notNull())
      .addColumn('require_sso', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('oidc_issuer', text)
      .addColumn('oidc_client_id', text)
      .addColumn('oidc_client_secret', text)
      .addColumn('saml_entity_id', text)
      .addColumn('saml_sso_url', text)
      .addColumn('saml_certificate', text)
      .addColumn('saml_metadata', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sso_connections_workspace').on('sso_connections').column('workspace_id').execute();
    await db.schema
      .createTable('sso_domains')
      .addColumn('domain', text, (c) => c.primaryKey())
      .addColumn('connection_id', text, (c) => c.notNull().references('sso_connections.id').onDelete('cascade'))
      .execute();
    await db.schema.createIndex('sso_domains_connection').on('sso_domains').column('connection_id').execute();
    await db.schema
      .createTable('sso_requests')
      .addColumn('id_hash', text, (c) => c.primaryKey())
      .addColumn('connection_id', text, (c) => c.notNull().references('sso_connections.id').onDelete('cascade'))
      .addColumn('data', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('expires_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sso_requests_expires').on('sso_requests').column('expires_at').execute();
    await db.schema
      .createTable('sso_replays')
      .addColumn('key', text, (c) => c.primaryKey())
      .addColumn('expires_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sso_replays_expires').on('sso_replays').column('expires_at').execute();
    await db.schema
      .createTable('sso_identities')
      .addColumn('connection_id', text, (c) => c.notNull().references('sso_connections.id').onDelete('cascade'))
      .addColumn('subject', text, (c) => c.notNull())
      .addColumn('user_id', text, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_identities_pk', ['connection_id', 'subject'])
      .execute();
  },
};
