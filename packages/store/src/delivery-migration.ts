import type { Kysely, Migration } from 'kysely';

const text = 'text' as const;

/**
 * Migration `0002_delivery`: the delivery engine's tables (subscriptions, destination filters,
 * per-destination engine options, cursors with leases, retry queue, failed-event store, metrics).
 *
 * @example
 * const migrations = { '0001_config_and_log': first, '0002_delivery': deliveryMigration };
 */
export const deliveryMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const dest = 'destinations.id';
    await db.schema
      .createTable('subscriptions')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('destination_id', text, (c) => c.notNull().references(dest).onDelete('cascade'))
      .addColumn('action_id', text, (c) => c.notNull())
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('trigger', text, (c) => c.notNull())
      .addColumn('mapping', text, (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('subscriptions_destination').on('subscriptions').column('destination_id').execute();
    await db.schema
      .createTable('destination_filters')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('destination_id', text, (c) => c.notNull().references(dest).onDelete('cascade'))
      .addColumn('title', text, (c) => c.notNull())
      .addColumn('description', text, (c) => c.notNull())
      .addColumn('condition', text, (c) => c.notNull())
      .addColumn('actions', text, (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('destination_filters_destination').on('destination_filters').column('destination_id').execute();
    await db.schema
      .createTable('delivery_settings')
      .addColumn('destination_id', text, (c) => c.primaryKey().references(dest).onDelete('cascade'))
      .addColumn('options', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('delivery_cursors')
      .addColumn('destination_id', text, (c) => c.notNull().references(dest).onDelete('cascade'))
      .addColumn('partition', 'integer', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('rewind_to', 'bigint')
      .addColumn('lease_owner', text)
      .addColumn('lease_expires_at', text)
      .addColumn('updated_at', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_cursors_pk', ['destination_id', 'partition'])
      .execute();
    await db.schema
      .createTable('delivery_retries')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('destination_id', text, (c) => c.notNull().references(dest).onDelete('cascade'))
      .addColumn('partition', 'integer', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('user_key', text, (c) => c.notNull())
      .addColumn('subscription_id', text, (c) => c.notNull())
      .addColumn('message_id', text, (c) => c.notNull())
      .addColumn('event_type', text, (c) => c.notNull())
      .addColumn('received_at', text, (c) => c.notNull())
      .addColumn('event', text, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('first_attempt_at', text)
      .addColumn('next_attempt_at', text, (c) => c.notNull())
      .addColumn('head', 'integer', (c) => c.notNull())
      .addColumn('last_error_code', text)
      .addColumn('last_error', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('delivery_retries_due')
      .on('delivery_retries')
      .columns(['destination_id', 'partition', 'head', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('delivery_retries_user')
      .on('delivery_retries')
      .columns(['destination_id', 'partition', 'user_key', 'seq'])
      .execute();
    await db.schema
      .createTable('delivery_failures')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('workspace_id', text, (c) => c.notNull())
      .addColumn('source_id', text, (c) => c.notNull())
      .addColumn('destination_id', text, (c) => c.notNull().references(dest).onDelete('cascade'))
      .addColumn('subscription_id', text, (c) => c.notNull())
      .addColumn('partition', 'integer', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('user_key', text, (c) => c.notNull())
      .addColumn('message_id', text, (c) => c.notNull())
      .addColumn('event_type', text, (c) => c.notNull())
      .addColumn('received_at', text, (c) => c.notNull())
      .addColumn('event', text, (c) => c.notNull())
      .addColumn('reason', text, (c) => c.notNull())
      .addColumn('error_code', text, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('first_attempt_at', text, (c) => c.notNull())
      .addColumn('last_attempt_at', text, (c) => c.notNull())
      .addColumn('last_request', text)
      .addColumn('last_response', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('delivery_failures_destination')
      .on('delivery_failures')
      .columns(['destination_id', 'last_attempt_at'])
      .execute();
    await db.schema
      .createTable('delivery_metrics')
      .addColumn('destination_id', text, (c) => c.notNull().references(dest).onDelete('cascade'))
      .addColumn('minute', text, (c) => c.notNull())
      .addColumn('outcome', text, (c) => c.notNull())
      .addColumn('error_code', text, (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_metrics_pk', ['destination_id', 'minute', 'outcome', 'error_code'])
      .execute();
    await db.schema
      .createTable('delivery_latency')
      .addColumn('destination_id', text, (c) => c.notNull().references(dest).onDelete('cascade'))
      .addColumn('minute', text, (c) => c.notNull())
      .addColumn('bucket', 'bigint', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_latency_pk', ['destination_id', 'minute', 'bucket'])
      .execute();
    await db.schema
      .createTable('delivery_workers')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('expires_at', text, (c) => c.notNull())
      .execute();
  },
};
