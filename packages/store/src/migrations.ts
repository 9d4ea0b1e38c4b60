import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { Backend } from './backend.ts';
import { deliveryMigration } from './delivery-migration.ts';
import { adminMigration } from './admin-migration.ts';
import { iamMigration } from './iam-migration.ts';
import { catalogPolicyMigration } from './catalog-policy-migration.ts';
import { healthMigration } from './health-migration.ts';
import { warehouseMigration } from './warehouse-migration.ts';
import { identityMigration } from './identity-migration.ts';
import { ssoMigration } from './sso-migration.ts';
import { logRunsMigration } from './log-runs-migration.ts';
import { pgAppendMigration } from './pg-append-migration.ts';

/**
 * The ordered migrations, shared by both backends. Append new entries; never edit or reorder
 * existing ones (names sort lexicographically, so keep the numeric prefix).
 *
 * @example
 * Object.keys(migrations); // ['0001_config_and_log']
 */
export const migrations: Record<string, Migration> = {
  '0001_config_and_log': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('workspaces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('sources_workspace_slug', ['workspace_id', 'slug'])
        .execute();
      await db.schema
        .createTable('write_keys')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('write_keys_source').on('write_keys').column('source_id').execute();
      await db.schema
        .createTable('destinations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('plugin_version', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('destinations_source').on('destinations').column('source_id').execute();
      await db.schema.createIndex('destinations_workspace').on('destinations').column('workspace_id').execute();
      await db.schema
        .createTable('log_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
      await sql`INSERT INTO log_head (id, seq) VALUES (1, 0)`.execute(db);
      await db.schema
        .createTable('log_segments')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('min_seq', 'bigint', (c) => c.notNull())
        .addColumn('max_seq', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('dedupe')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('seen_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dedupe_seen_at').on('dedupe').column('seen_at').execute();
    },
  },
  '0002_delivery': deliveryMigration,
  '0003_admin': adminMigration,
  '0004_iam': iamMigration,
  '0005_catalog_policy': catalogPolicyMigration,
  '0006_health': healthMigration,
  '0007_warehouses': warehouseMigration,
  '0008_identity': identityMigration,
  '0009_sso': ssoMigration,
  '0010_log_runs': logRunsMigration,
  '0011_pg_append': pgAppendMigration,
};

/**
 * Brings the database to the latest migration. Safe when several hosts start at once on one
 * PostgreSQL (the whole run holds an advisory lock, plus Kysely's own migration lock) or several
 * processes open one SQLite file (the whole run is one BEGIN IMMEDIATE transaction).
 *
 * @example
 * await runMigrations(backend); // [] when already up to date
 */
export async function runMigrations(backend: Backend): Promise<string[]> {
  return backend.withExclusiveLock(async (db) => {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      migrationTableSchema: await backend.schemaName(),
      // SQLite: the lock above is already the transaction around the whole run.
      disableTransactions: backend.kind === 'sqlite',
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`store migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  });
}
