import type { Kysely, Migration } from 'kysely';

const text = 'text' as const;

/**
 * Migration `0004_iam`: users (email unique case-insensitively; password and MFA columns reserved
 * for the console), workspace memberships, invites, user groups with members and invited emails,
 * and grants (subject × role × resource or labels).
 *
 * @example
 * const migrations = { …, '0004_iam': iamMigration };
 */
export const iamMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const ws = 'workspaces.id';
    await db.schema
      .createTable('users')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('email', text, (c) => c.notNull())
      .addColumn('email_lower', text, (c) => c.notNull().unique())
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('password_hash', text)
      .addColumn('mfa_secret', text)
      .addColumn('mfa_recovery_codes', text)
      .addColumn('mfa_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('workspace_members')
      .addColumn('workspace_id', text, (c) => c.notNull().references(ws).onDelete('cascade'))
      .addColumn('user_id', text, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('workspace_members_pk', ['workspace_id', 'user_id'])
      .execute();
    await db.schema.createIndex('workspace_members_user').on('workspace_members').column('user_id').execute();
    await db.schema
      .createTable('invites')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('workspace_id', text, (c) => c.notNull().references(ws).onDelete('cascade'))
      .addColumn('email', text, (c) => c.notNull())
      .addColumn('email_lower', text, (c) => c.notNull())
      .addColumn('permissions', text, (c) => c.notNull())
      .addColumn('token_hash', text, (c) => c.notNull().unique())
      .addColumn('created_by', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('expires_at', text, (c) => c.notNull())
      .addUniqueConstraint('invites_workspace_email', ['workspace_id', 'email_lower'])
      .execute();
    await db.schema
      .createTable('user_groups')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('workspace_id', text, (c) => c.notNull().references(ws).onDelete('cascade'))
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .addUniqueConstraint('user_groups_workspace_name', ['workspace_id', 'name'])
      .execute();
    await db.schema
      .createTable('user_group_members')
      .addColumn('group_id', text, (c) => c.notNull().references('user_groups.id').onDelete('cascade'))
      .addColumn('user_id', text, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('user_group_members_pk', ['group_id', 'user_id'])
      .execute();
    await db.schema.createIndex('user_group_members_user').on('user_group_members').column('user_id').execute();
    await db.schema
      .createTable('user_group_invites')
      .addColumn('group_id', text, (c) => c.notNull().references('user_groups.id').onDelete('cascade'))
      .addColumn('email_lower', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('user_group_invites_pk', ['group_id', 'email_lower'])
      .execute();
    await db.schema
      .createTable('iam_grants')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('workspace_id', text, (c) => c.notNull().references(ws).onDelete('cascade'))
      .addColumn('subject_type', text, (c) => c.notNull())
      .addColumn('subject_id', text, (c) => c.notNull())
      .addColumn('role_id', text, (c) => c.notNull())
      .addColumn('resource_type', text, (c) => c.notNull())
      .addColumn('resource_id', text, (c) => c.notNull())
      .addColumn('labels', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('iam_grants_subject').on('iam_grants').columns(['workspace_id', 'subject_type', 'subject_id']).execute();
  },
};
