/**
 * @junction/integration-postgres-warehouse: load events into PostgreSQL in Segment's warehouse
 * schema. See ../README.md.
 */
import { defineIntegration } from '@junction/core';
import { load } from './load-action.ts';
import { postgresWarehouseSettings } from './postgres-warehouse-settings.ts';
import { checkWarehouseConnection } from './test-connection.ts';

export { closeAllPools, openPoolCount } from './pg-pool-cache.ts';
export { toWarehouseError } from './postgres-warehouse-errors.ts';
export { type PostgresWarehouseSettings, postgresWarehouseSettings } from './postgres-warehouse-settings.ts';
export { snakeCase, eventTableName } from './snake-case.ts';
export { type LoadReport, type WarehouseStatus, warehouseStatus } from './sync-status.ts';
export { checkWarehouseConnection } from './test-connection.ts';
export type { LoadResult, TypeConflict } from './warehouse-loader.ts';
export { loadIntoWarehouse } from './warehouse-load.ts';
export type { WarehousePayload } from './warehouse-rows.ts';

const HOUR = 3_600_000;

/**
 * The PostgreSQL warehouse destination.
 *
 * @example
 * import postgresWarehouse from '@junction/integration-postgres-warehouse';
 * catalog.register(postgresWarehouse);
 */
export const postgresWarehouse = defineIntegration({
  slug: 'postgres-warehouse',
  name: 'PostgreSQL (warehouse)',
  version: '0.1.0',
  description: "Load events into PostgreSQL in Segment's warehouse schema: tracks, one table per event, identifies, users, pages, screens, groups, aliases.",
  categories: ['Warehouses'],
  website: 'https://www.postgresql.org',
  settings: postgresWarehouseSettings,
  actions: { load },
  presets: [{ name: 'Load all events', actionId: 'load', trigger: 'all' }],
  delivery: {
    batch: { maxCount: 1000, maxBytes: 4_000_000, maxWaitMs: 5000 },
    concurrency: 2,
    timeoutMs: 120_000,
    retry: { maxAgeMs: 24 * HOUR, initialDelayMs: 5000, maxDelayMs: 30 * 60_000 },
  },
  async testConnection({ settings }) {
    await checkWarehouseConnection(settings);
  },
});

export default postgresWarehouse;
