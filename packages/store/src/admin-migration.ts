import type { Kysely, Migration } from 'kysely';

const text = 'text' as const;

/**
 * Migration `0003_admin`: the admin API's tables (API tokens, audit trail, labels and their
 * attachment to resources, workspace settings, source catalog types).
 *
 * @example
 * const migrations = { …, '0003_admin': adminMigration };
 */
export const adminMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const ws = 'workspaces.id';
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('workspace_id', text, (c) => c.notNull().references(ws).onDelete('cascade'))
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('role', text, (c) => c.notNull())
      .addColumn('token_hash', text, (c) => c.notNull().unique())
      .addColumn('prefix', text, (c) => c.notNull())
      .addColumn('created_by', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('last_used_at', text)
      .execute();
    await db.schema.createIndex('api_tokens_workspace').on('api_tokens').column('workspace_id').execute();
    await db.schema
      .createTable('audit_events')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('workspace_id', text, (c) => c.notNull().references(ws).onDelete('cascade'))
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('type', text, (c) => c.notNull())
      .addColumn('actor', text, (c) => c.notNull())
      .addColumn('actor_email', text)
      .addColumn('resource_id', text, (c) => c.notNull())
      .addColumn('resource_type', text, (c) => c.notNull())
      .addColumn('resource_name', text, (c) => c.notNull())
      .addColumn('before', text)
      .addColumn('after', text)
      .execute();
    await db.schema.createIndex('audit_events_workspace_time').on('audit_events').columns(['workspace_id', 'created_at', 'id']).execute();
    await db.schema
      .createTable('labels')
      .addColumn('workspace_id', text, (c) => c.notNull().references(ws).onDelete('cascade'))
      .addColumn('key', text, (c) => c.notNull())
      .addColumn('value', text, (c) => c.notNull())
      .addColumn('description', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('labels_pk', ['workspace_id', 'key', 'value'])
      .execute();
    await db.schema
      .createTable('resource_labels')
      .addColumn('workspace_id', text, (c) => c.notNull().references(ws).onDelete('cascade'))
      .addColumn('resource_type', text, (c) => c.notNull())
      .addColumn('resource_id', text, (c) => c.notNull())
      .addColumn('key', text, (c) => c.notNull())
      .addColumn('value', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('resource_labels_pk', ['resource_type', 'resource_id', 'key'])
      .execute();
    await db.schema.createIndex('resource_labels_label').on('resource_labels').columns(['workspace_id', 'key', 'value']).execute();
    await db.schema
      .createTable('workspace_settings')
      .addColumn('workspace_id', text, (c) => c.primaryKey().references(ws).onDelete('cascade'))
      .addColumn('billing_contacts', text, (c) => c.notNull())
      .addColumn('incident_contacts', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('source_metadata')
      .addColumn('source_id', text, (c) => c.primaryKey().references('sources.id').onDelete('cascade'))
      .addColumn('metadata_id', text, (c) => c.notNull())
      .execute();
  },
};
