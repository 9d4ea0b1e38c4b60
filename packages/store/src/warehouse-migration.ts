import type { Kysely, Migration } from 'kysely';

/**
 * Migration `0007_warehouses`: warehouses (a row of their own, settings sealed by the host like
 * destinations') and `warehouse_connections`, the join table to sources. Each connection links the
 * managed destination that delivers the source's events to the warehouse (`destination_id`);
 * deleting that destination or the source removes the connection (cascade).
 *
 * @example
 * const migrations = { …, '0007_warehouses': warehouseMigration };
 */
export const warehouseMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('warehouses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('integration', 'text', (c) => c.notNull())
      .addColumn('plugin_version', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('warehouses_workspace').on('warehouses').column('workspace_id').execute();
    await db.schema
      .createTable('warehouse_connections')
      .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id').onDelete('cascade'))
      .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
      .addColumn('destination_id', 'text', (c) => c.notNull().unique().references('destinations.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('warehouse_connections_pk', ['warehouse_id', 'source_id'])
      .execute();
    await db.schema.createIndex('warehouse_connections_source').on('warehouse_connections').column('source_id').execute();
  },
};
