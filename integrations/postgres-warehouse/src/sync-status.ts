import { createHash } from 'node:crypto';
import type { ErrorCode } from '@junction/core';
import { connectionKey } from './pg-pool-cache.ts';
import type { PostgresWarehouseSettings } from './postgres-warehouse-settings.ts';
import type { LoadResult } from './warehouse-loader.ts';

/**
 * One load as the status reports it: when, how many events, rows per table, and the error if it failed.
 *
 * @example
 * const load: LoadReport = { at: '2025-01-15T10:00:01.000Z', ok: true, durationMs: 12, events: 2, rows: { tracks: 1, order_completed: 1 }, duplicates: 0, tablesCreated: [], columnsAdded: [], typeConflicts: [] };
 */
export type LoadReport = { at: string; ok: boolean; durationMs: number; error?: { code: ErrorCode; message: string } } & LoadResult;

/**
 * The sync status of one warehouse schema, as seen by this process.
 *
 * @example
 * const s: WarehouseStatus = { schema: 'web', lastLoad, lastSuccessAt: lastLoad.at, loads: 12, failedLoads: 0 };
 */
export interface WarehouseStatus {
  schema: string;
  lastLoad: LoadReport;
  lastSuccessAt?: string | undefined;
  loads: number;
  failedLoads: number;
}

const statuses = new Map<string, WarehouseStatus>();

function statusKey(settings: PostgresWarehouseSettings): string {
  return createHash('sha256').update(`${connectionKey(settings)}/${settings.schema}`).digest('hex');
}

/**
 * Records a load (successful or not) for the settings' connection and schema.
 *
 * @example
 * recordLoad(settings, { at: new Date().toISOString(), ok: true, durationMs: 8, ...result });
 */
export function recordLoad(settings: PostgresWarehouseSettings, load: LoadReport): void {
  const key = statusKey(settings);
  const prev = statuses.get(key);
  statuses.set(key, {
    schema: settings.schema,
    lastLoad: load,
    lastSuccessAt: load.ok ? load.at : prev?.lastSuccessAt,
    loads: (prev?.loads ?? 0) + 1,
    failedLoads: (prev?.failedLoads ?? 0) + (load.ok ? 0 : 1),
  });
}

/**
 * The sync status of the warehouse these settings load into: the last load (when, rows per table,
 * new tables and columns, type conflicts, error), the last success, and counts. `undefined` before
 * the first load. Kept in memory by the process that loads; error messages carry no secrets.
 *
 * @example
 * import { warehouseStatus } from '@junction/integration-postgres-warehouse';
 * warehouseStatus(settings)?.lastLoad.rows; // { tracks: 120, order_completed: 80, pages: 40 }
 */
export function warehouseStatus(settings: PostgresWarehouseSettings): WarehouseStatus | undefined {
  const status = statuses.get(statusKey(settings));
  return status && structuredClone(status);
}
