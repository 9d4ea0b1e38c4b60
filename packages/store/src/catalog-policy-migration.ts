import type { Kysely, Migration } from 'kysely';

/**
 * Migration `0005_catalog_policy`: per-workspace catalog allow-lists (which catalog entries a
 * workspace's members may install). No row means everything is allowed.
 *
 * @example
 * const migrations = { …, '0005_catalog_policy': catalogPolicyMigration };
 */
export const catalogPolicyMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('catalog_policies')
      .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
      .addColumn('allow', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
