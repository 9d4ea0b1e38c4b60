import { IntegrationError, scrubSecrets } from '@junction/core';
import { getPool } from './pg-pool-cache.ts';
import { toWarehouseError } from './postgres-warehouse-errors.ts';
import { type PostgresWarehouseSettings, postgresWarehouseSettings } from './postgres-warehouse-settings.ts';
import { recordLoad } from './sync-status.ts';
import { type LoadResult, loadEvents } from './warehouse-loader.ts';
import type { WarehousePayload } from './warehouse-rows.ts';

/**
 * Loads payloads into the warehouse (one pooled connection, one transaction), records the sync
 * status, and throws an `IntegrationError` with a catalogued code when it fails.
 *
 * @example
 * const result = await loadIntoWarehouse(settings, [payload]); // result.rows: { tracks: 1, order_completed: 1 }
 */
export async function loadIntoWarehouse(settings: PostgresWarehouseSettings, payloads: WarehousePayload[], signal?: AbortSignal): Promise<LoadResult> {
  const started = Date.now();
  const at = new Date(started).toISOString();
  try {
    if (signal?.aborted) throw new IntegrationError('TIMEOUT', 'the load was cancelled before it started');
    const client = await getPool(settings).connect();
    let result: LoadResult;
    try {
      result = await loadEvents(client, settings.schema, payloads);
    } catch (err) {
      // A connection that failed mid-load may be broken: do not give it back to the pool.
      client.release(err instanceof Error ? err : true);
      throw err;
    }
    client.release();
    recordLoad(settings, { at, ok: true, durationMs: Date.now() - started, ...result });
    return result;
  } catch (err) {
    const e = toWarehouseError(err);
    const message = scrubSecrets(postgresWarehouseSettings, settings, e.message);
    recordLoad(settings, {
      at,
      ok: false,
      durationMs: Date.now() - started,
      events: payloads.length,
      rows: {},
      duplicates: 0,
      tablesCreated: [],
      columnsAdded: [],
      typeConflicts: [],
      error: { code: e.code, message },
    });
    throw e;
  }
}
