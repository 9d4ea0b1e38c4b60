import type { Kysely, Migration } from 'kysely';

const text = 'text' as const;

/**
 * Migration `0006_health`: ingest metrics (per source × minute counts, event volume, hashed ids
 * for MTU), per-workspace health settings, last known health states and incidents, and a row the
 * storage probe writes.
 *
 * @example
 * const migrations = { …, '0006_health': healthMigration };
 */
export const healthMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('ingest_metrics')
      .addColumn('source_id', text, (c) => c.notNull())
      .addColumn('minute', text, (c) => c.notNull())
      .addColumn('outcome', text, (c) => c.notNull())
      .addColumn('reason', text, (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('ingest_metrics_pk', ['source_id', 'minute', 'outcome', 'reason'])
      .execute();
    await db.schema.createIndex('ingest_metrics_minute').on('ingest_metrics').column('minute').execute();
    await db.schema
      .createTable('ingest_volume')
      .addColumn('source_id', text, (c) => c.notNull())
      .addColumn('minute', text, (c) => c.notNull())
      .addColumn('event_type', text, (c) => c.notNull())
      .addColumn('event_name', text, (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('ingest_volume_pk', ['source_id', 'minute', 'event_type', 'event_name'])
      .execute();
    await db.schema.createIndex('ingest_volume_minute').on('ingest_volume').column('minute').execute();
    await db.schema
      .createTable('ingest_mtu')
      .addColumn('source_id', text, (c) => c.notNull())
      .addColumn('day', text, (c) => c.notNull())
      .addColumn('id_hash', text, (c) => c.notNull())
      .addColumn('kind', text, (c) => c.notNull())
      .addColumn('linked', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('ingest_mtu_pk', ['source_id', 'day', 'kind', 'id_hash'])
      .execute();
    await db.schema.createIndex('ingest_mtu_day').on('ingest_mtu').column('day').execute();
    await db.schema
      .createTable('health_settings')
      .addColumn('workspace_id', text, (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
      .addColumn('thresholds', text, (c) => c.notNull())
      .addColumn('incident_webhook_url', text)
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('health_states')
      .addColumn('workspace_id', text, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('resource_type', text, (c) => c.notNull())
      .addColumn('resource_id', text, (c) => c.notNull())
      .addColumn('state', text, (c) => c.notNull())
      .addColumn('reasons', text, (c) => c.notNull())
      .addColumn('incident_id', text)
      .addColumn('healthy_since', text)
      .addColumn('changed_at', text, (c) => c.notNull())
      .addColumn('evaluated_at', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('health_states_pk', ['workspace_id', 'resource_type', 'resource_id'])
      .execute();
    await db.schema
      .createTable('health_incidents')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('workspace_id', text, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('resource_type', text, (c) => c.notNull())
      .addColumn('resource_id', text, (c) => c.notNull())
      .addColumn('resource_name', text, (c) => c.notNull())
      .addColumn('state', text, (c) => c.notNull())
      .addColumn('reasons', text, (c) => c.notNull())
      .addColumn('opened_at', text, (c) => c.notNull())
      .addColumn('closed_at', text)
      .addColumn('notified', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('health_incidents_workspace').on('health_incidents').columns(['workspace_id', 'opened_at']).execute();
    await db.schema
      .createTable('health_probe')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('written_at', text, (c) => c.notNull())
      .execute();
  },
};
